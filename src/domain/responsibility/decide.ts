/**
 * Evaluates the decision table (knowledge/responsibility.yaml) for a set of facts: the first
 * matching rule decides the unit; matching notes add reasons and caveats. Pure: no I/O.
 */
import type { Citation } from '../knowledge/schema.js';
import type { Facts, ReasonTopic, Unit } from './facts.js';
import type { Condition, ResponsibilityTable, Rule } from './table.js';

export interface Reason {
  readonly text: string;
  readonly about: readonly ReasonTopic[];
  readonly sources: readonly Citation[];
}

export interface Decision {
  readonly ruleId: string;
  /** the notes that added reasons or caveats */
  readonly noteIds: readonly string[];
  readonly unit: Unit;
  readonly collaborate: readonly Unit[];
  readonly reasons: readonly Reason[];
  /** every caveat, the urgent ones first */
  readonly caveats: readonly string[];
  /** the caveats that call for action now (a prefix of `caveats`) */
  readonly urgentCaveats: readonly string[];
  /** what to do now (always for UAVKLART) */
  readonly nextStep?: string;
  /** ids of knowledge items worth reading */
  readonly items: readonly string[];
}

export function matches(when: Condition, f: Facts): boolean {
  const under18 = f.ageYears < 18;
  if (when.age !== undefined && (when.age === 'under18') !== under18) return false;
  if (when.mentalDisorder && !when.mentalDisorder.includes(f.mentalDisorder)) return false;
  if (when.substanceDisorder && !when.substanceDisorder.includes(f.substanceDisorder)) return false;
  if (
    when.intellectualDisability &&
    !when.intellectualDisability.includes(f.intellectualDisability)
  )
    return false;
  if (when.autism !== undefined && when.autism !== f.autism) return false;
  if (
    when.otherNeurodevelopmental !== undefined &&
    when.otherNeurodevelopmental !== f.otherNeurodevelopmental
  ) {
    return false;
  }
  if (when.neurodevelopmental !== undefined) {
    const ndd = f.autism || f.otherNeurodevelopmental || f.intellectualDisability !== 'none';
    if (when.neurodevelopmental !== ndd) return false;
  }
  if (when.dominantDisorder && !when.dominantDisorder.includes(f.dominantDisorder ?? 'unknown'))
    return false;
  if (
    when.episodesAtLeast !== undefined &&
    (f.acuteIntoxicationEpisodes ?? 0) < when.episodesAtLeast
  )
    return false;
  if (when.ageMin !== undefined && f.ageYears < when.ageMin) return false;
  if (when.ageMax !== undefined && f.ageYears > when.ageMax) return false;
  for (const key of [
    'pregnant',
    'organicOrDementia',
    'inPhbuTreatment',
    'withdrawalRisk',
  ] as const) {
    if (when[key] !== undefined && when[key] !== (f[key] ?? false)) return false;
  }
  return true;
}

export function findRule(table: ResponsibilityTable, facts: Facts): Rule {
  const rule = table.rules.find((r) => matches(r.when, facts));
  // The schema guarantees a catch-all last rule.
  if (!rule) throw new Error('responsibility table has no default rule');
  return rule;
}

/**
 * A note may repeat a rule's reason so that every fact is explained whatever rule decides: the
 * user sees it once, in its first place, about everything either copy is about.
 */
function once(reasons: readonly Reason[]): Reason[] {
  const byText = new Map<string, Reason>();
  for (const r of reasons) {
    const seen = byText.get(r.text);
    byText.set(r.text, seen ? { ...seen, about: [...new Set([...seen.about, ...r.about])] } : r);
  }
  return [...byText.values()];
}

export function decide(table: ResponsibilityTable, facts: Facts): Decision {
  const rule = findRule(table, facts);
  const notes = table.notes.filter((n) => matches(n.when, facts));
  const unique = <T>(xs: T[]): T[] => [...new Set(xs)];
  const caveats = [...rule.caveats, ...notes.flatMap((n) => n.caveats)];
  const urgent = caveats.flatMap((c) => (typeof c === 'string' ? [] : [c.text]));
  const other = caveats.flatMap((c) => (typeof c === 'string' ? [c] : []));
  return {
    ruleId: rule.id,
    noteIds: notes.map((n) => n.id),
    unit: rule.unit,
    collaborate: rule.collaborate.filter((u) => u !== rule.unit),
    reasons: once([...rule.reasons, ...notes.flatMap((n) => n.reasons)]),
    caveats: unique([...urgent, ...other]),
    urgentCaveats: unique(urgent),
    ...(rule.nextStep === undefined ? {} : { nextStep: rule.nextStep }),
    items: unique([...rule.items, ...notes.flatMap((n) => n.items)]),
  };
}
