/**
 * Acute-risk detection: is a message a sign of acute suicide or self-harm risk right now?
 *
 * Recall first, explainable, and all content as data (knowledge/safety.yaml):
 * 1. the message is normalised into tokens (./text.ts: folding, dialect and abbreviation table,
 *    compounds, Norwegian stems);
 * 2. concepts (phrase lists) are matched, each word on its form, its stem or a typo of either
 *    (./fuzzy.ts);
 * 3. matches that do not speak of now are removed, clause by clause: a denial close by
 *    ("benekter selvmordstanker", or an answer "spurte om selvmordstanker, hun avkrefter" for
 *    the concepts that denial names), a clause clearly about the past ("for to år siden"), a
 *    clause framed as a question about routines, statistics or courses — unless the clause also
 *    says "now" (`time-now`) — a figure of speech and, within its sentence, an everyday accident;
 * 4. rules combine the remaining concepts into a tier: `acute` (the acute routine at once) or
 *    `possible` (a safety line and "Er det akutt fare nå?"); otherwise `none`. An acute rule
 *    from a habitual clause or a laughing sentence reaches only `possible`: ask, never silence.
 * The result names what it reacted to: the rule, the concepts and the words as the user wrote them.
 * Pure: no I/O, no logging, no SDK; the caller decides what to do.
 */
import { createTypoIndex, withinDistance, type TypoIndex } from './fuzzy.js';
import {
  conceptRoles,
  type Concept,
  type ConceptRole,
  type Rule,
  type SafetyConfig,
  type Tier,
} from './schema.js';
import { createNormaliser, stemOf, type Normaliser, type Token } from './text.js';

export type RiskTier = Tier | 'none';

export interface RiskMatch {
  /** The concept id (knowledge/safety.yaml). */
  readonly concept: string;
  /** The words as the user wrote them. */
  readonly phrase: string;
}

export interface RiskAssessment {
  readonly tier: RiskTier;
  /** What the tier rests on: the matches of the rules that fired (empty for `none`). */
  readonly matched: readonly RiskMatch[];
  /** The ids of the rules that fired for the tier. */
  readonly rules: readonly string[];
  /** The shortest stretch of the message that shows why (for "Jeg reagerte på: «…»"). */
  readonly because?: string;
}

export interface AcuteRiskDetector {
  assess(text: string | undefined): RiskAssessment;
}

export class SafetyConfigError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'SafetyConfigError';
  }
}

interface WordSpec {
  readonly kind: 'word' | 'exact' | 'prefix' | 'suffix' | 'number';
  readonly norm: string;
  readonly stem: string;
  readonly min: number;
}

interface CompiledConcept {
  readonly id: string;
  readonly role: ConceptRole;
  readonly gap: number;
  readonly negatable: boolean;
  readonly benignable: boolean;
  /** A negation's reach: words after it, words before it, or the whole sentence. */
  readonly reach: { readonly ahead: number; readonly behind: number; readonly sentence: boolean };
  /** A negation limited to these concepts (undefined: every negatable one). */
  readonly denies: ReadonlySet<string> | undefined;
  readonly phrases: readonly (readonly WordSpec[])[];
}

interface Match {
  readonly concept: CompiledConcept;
  /** Token indexes, inclusive. */
  readonly first: number;
  readonly last: number;
  /** How many words of the phrase matched. */
  readonly words: number;
  /** How many other words (not fillers) stood between them: 0 for a phrase as written. */
  readonly skipped: number;
  readonly clause: number;
  readonly sentence: number;
}

interface AnalysedToken extends Token {
  readonly norms: ReadonlySet<string>;
  readonly stems: ReadonlySet<string>;
}

function compileWord(word: string, normaliser: Normaliser, field: string): WordSpec[] {
  if (word === '#num') return [{ kind: 'number', norm: '', stem: '', min: 0 }];
  const min = /^#(\d+)\+$/.exec(word);
  if (min) return [{ kind: 'number', norm: '', stem: '', min: Number(min[1]) }];
  const affix = /^\*([^*]+)$|^([^*]+)\*$/.exec(word);
  if (affix) {
    const norm = normaliser.key(affix[1] ?? affix[2] ?? '');
    if (norm.length < 3) {
      throw new SafetyConfigError(`${field}: "${word}" needs at least 3 letters`, field);
    }
    return [{ kind: affix[1] ? 'suffix' : 'prefix', norm, stem: norm, min: 0 }];
  }
  if (word.startsWith('=')) {
    const norm = normaliser.key(word.slice(1));
    if (norm === '') throw new SafetyConfigError(`${field}: "${word}" has no letters`, field);
    return [{ kind: 'exact', norm, stem: norm, min: 0 }];
  }
  return normaliser
    .tokens(word)
    .map((t) => ({ kind: 'word' as const, norm: t.norm, stem: t.stem, min: 0 }));
}

function compileConcepts(config: SafetyConfig, normaliser: Normaliser): CompiledConcept[] {
  const seen = new Set<string>();
  return config.concepts.map((c: Concept, ci) => {
    if (seen.has(c.id)) {
      throw new SafetyConfigError(
        `concepts[${ci}].id: duplicate id "${c.id}"`,
        `concepts[${ci}].id`,
      );
    }
    seen.add(c.id);
    const phrases = c.phrases.map((p, pi) => {
      const field = `concepts[${ci}].phrases[${pi}]`;
      const words = p.split(/\s+/).flatMap((w) => compileWord(w, normaliser, field));
      if (words.length === 0) {
        throw new SafetyConfigError(`${field}: "${p}" has no words left after normalising`, field);
      }
      return words;
    });
    return {
      id: c.id,
      role: c.role,
      gap: c.gap,
      negatable: c.negatable,
      benignable: c.benignable,
      reach: c.reach ?? { ahead: 5, behind: 2, sentence: false },
      denies: c.denies ? new Set(c.denies) : undefined,
      phrases,
    };
  });
}

function checkNegations(
  config: SafetyConfig,
  concepts: ReadonlyMap<string, CompiledConcept>,
): void {
  config.concepts.forEach((c, ci) => {
    if ((c.reach || c.denies) && c.role !== 'negation') {
      const field = `concepts[${ci}].${c.reach ? 'reach' : 'denies'}`;
      throw new SafetyConfigError(`${field}: only a negation concept has reach or denies`, field);
    }
    (c.denies ?? []).forEach((id, di) => {
      const field = `concepts[${ci}].denies[${di}]`;
      const denied = concepts.get(id);
      if (!denied) throw new SafetyConfigError(`${field}: unknown concept "${id}"`, field);
      if (!denied.negatable) {
        throw new SafetyConfigError(`${field}: concept "${id}" is not negatable`, field);
      }
    });
  });
}

function checkRules(rules: readonly Rule[], concepts: ReadonlyMap<string, CompiledConcept>): void {
  const ids = new Set<string>();
  rules.forEach((rule, ri) => {
    if (ids.has(rule.id)) {
      throw new SafetyConfigError(`rules[${ri}].id: duplicate id "${rule.id}"`, `rules[${ri}].id`);
    }
    ids.add(rule.id);
    rule.all.forEach((entry, ei) => {
      for (const id of Array.isArray(entry) ? entry : [entry]) {
        const concept = concepts.get(id);
        const field = `rules[${ri}].all[${ei}]`;
        if (!concept) throw new SafetyConfigError(`${field}: unknown concept "${id}"`, field);
        if (concept.role !== 'signal' && concept.role !== 'time-now' && concept.role !== 'person') {
          throw new SafetyConfigError(
            `${field}: concept "${id}" has role ${concept.role}; rules combine signal, time-now and person concepts`,
            field,
          );
        }
      }
    });
  });
}

const tierRank: Record<RiskTier, number> = { none: 0, possible: 1, acute: 2 };

/** Compiles the concepts and checks the rules: what the schema cannot check (SafetyConfigError). */
function compile(config: SafetyConfig): {
  normaliser: Normaliser;
  concepts: CompiledConcept[];
} {
  const normaliser = createNormaliser(config.normalise);
  const concepts = compileConcepts(config, normaliser);
  const byId = new Map(concepts.map((c) => [c.id, c]));
  checkNegations(config, byId);
  checkRules(config.rules, byId);
  return { normaliser, concepts };
}

/**
 * Checks a safety configuration without building a detector (no typo index): throws a
 * SafetyConfigError naming the field, as the loader reports it.
 */
export function checkSafetyConfig(config: SafetyConfig): void {
  compile(config);
}

export function createAcuteRiskDetector(config: SafetyConfig): AcuteRiskDetector {
  const { normaliser, concepts } = compile(config);
  const byRole = new Map<ConceptRole, CompiledConcept[]>(
    conceptRoles.map((r) => [r, concepts.filter((c) => c.role === r)]),
  );

  const vocabulary = new Set<string>();
  for (const c of concepts) {
    for (const p of c.phrases) {
      for (const w of p) {
        if (w.kind !== 'word') continue;
        vocabulary.add(w.norm);
        vocabulary.add(w.stem);
      }
    }
  }
  const noTypo = new Set(config.normalise.noTypo.map((w) => normaliser.key(w)));
  const typos: TypoIndex = createTypoIndex(vocabulary);

  function analyse(token: Token): AnalysedToken {
    const norms = new Set([token.norm]);
    const stems = new Set([token.stem]);
    if (!vocabulary.has(token.norm) && !vocabulary.has(token.stem) && !noTypo.has(token.norm)) {
      for (const near of typos.near(token.norm)) {
        norms.add(near);
        stems.add(stemOf(near));
      }
      // Stems are shorter and closer to each other: one typo at most.
      if (token.stem !== token.norm) {
        for (const near of typos.near(token.stem)) {
          if (withinDistance(token.stem, near, 1)) stems.add(near);
        }
      }
    }
    return { ...token, norms, stems };
  }

  function wordMatches(spec: WordSpec, token: AnalysedToken): boolean {
    switch (spec.kind) {
      case 'number':
        // `#num` is any number ("som 16-åring"); `#10+` an amount (not "kl 12", "17 år").
        return spec.min === 0
          ? /^\d+$/.test(token.norm)
          : token.value !== undefined && token.value >= spec.min;
      case 'exact':
        return token.norm === spec.norm;
      case 'prefix':
        return token.norm.startsWith(spec.norm);
      case 'suffix':
        return token.norm.endsWith(spec.norm);
      case 'word':
        return token.norms.has(spec.norm) || token.stems.has(spec.stem);
    }
  }

  /**
   * Every phrase indexed by what its first word can be: a form or stem (plain and exact words),
   * the first or last three letters (prefix and suffix words), or "a number". A token then looks
   * up only the phrases that can start at it, instead of every phrase of every concept.
   */
  interface Start {
    readonly concept: CompiledConcept;
    readonly order: number;
    readonly phrase: readonly WordSpec[];
  }
  const byHead = new Map<string, Start[]>();
  const numberStarts: Start[] = [];
  const headKey = (kind: WordSpec['kind'], key: string): string => `${kind}\u0000${key}`;
  const index = (key: string, start: Start): void => {
    const list = byHead.get(key);
    if (list) list.push(start);
    else byHead.set(key, [start]);
  };
  let order = 0;
  for (const concept of concepts) {
    for (const phrase of concept.phrases) {
      const head = phrase[0];
      if (!head) continue;
      const start = { concept, order: order++, phrase };
      switch (head.kind) {
        case 'number':
          numberStarts.push(start);
          break;
        case 'prefix':
          index(headKey('prefix', head.norm.slice(0, 3)), start);
          break;
        case 'suffix':
          index(headKey('suffix', head.norm.slice(-3)), start);
          break;
        case 'exact':
          index(headKey('word', head.norm), start);
          break;
        case 'word':
          index(headKey('word', head.norm), start);
          if (head.stem !== head.norm) index(headKey('word', head.stem), start);
      }
    }
  }

  /** The phrases that may start at this token (each once). */
  function startsAt(token: AnalysedToken): Start[] {
    const found = new Set<Start>();
    const add = (list: readonly Start[] | undefined): void => {
      for (const s of list ?? []) found.add(s);
    };
    for (const k of token.norms) add(byHead.get(headKey('word', k)));
    for (const k of token.stems) add(byHead.get(headKey('word', k)));
    add(byHead.get(headKey('prefix', token.norm.slice(0, 3))));
    add(byHead.get(headKey('suffix', token.norm.slice(-3))));
    if (/^\d+$/.test(token.norm)) add(numberStarts);
    return [...found];
  }

  /** Every concept's matches, in the order of the concept's phrases, then of the text. */
  function findMatches(tokens: readonly AnalysedToken[]): Map<CompiledConcept, Match[]> {
    const found: { start: Start; match: Match }[] = [];
    tokens.forEach((first, i) => {
      for (const start of startsAt(first)) {
        const { concept, phrase } = start;
        const head = phrase[0];
        if (!head || !wordMatches(head, first)) continue;
        let at = i;
        let ok = true;
        let skippedInAll = 0;
        for (let w = 1; w < phrase.length && ok; w++) {
          const spec = phrase[w];
          ok = false;
          // Up to `gap` other words may stand between; a filler ("å") is skipped for free.
          let skipped = 0;
          for (let j = at + 1; j < tokens.length && skipped <= concept.gap; j++) {
            const t = tokens[j];
            if (!t || !spec || t.clause !== first.clause) break;
            if (wordMatches(spec, t)) {
              at = j;
              ok = true;
              skippedInAll += skipped;
              break;
            }
            if (!t.filler) skipped++;
          }
        }
        if (ok) {
          found.push({
            start,
            match: {
              concept,
              first: i,
              last: at,
              words: phrase.length,
              skipped: skippedInAll,
              clause: first.clause,
              sentence: first.sentence,
            },
          });
        }
      }
    });
    found.sort((a, b) => a.start.order - b.start.order || a.match.first - b.match.first);
    const byConcept = new Map<CompiledConcept, Match[]>();
    for (const { match } of found) {
      const list = byConcept.get(match.concept);
      if (list) list.push(match);
      else byConcept.set(match.concept, [match]);
    }
    return byConcept;
  }

  function inClause(matches: readonly Match[], clause: number): boolean {
    return matches.some((m) => m.clause === clause);
  }

  /** Does this denial deny this (negatable) match? Close by in its clause, or as far as it reaches. */
  function denies(n: Match, m: Match): boolean {
    const { reach, denies: only } = n.concept;
    if (only && !only.has(m.concept.id)) return false;
    if (reach.sentence ? n.sentence !== m.sentence : n.clause !== m.clause) return false;
    return (
      (n.last < m.first && m.first - n.last <= reach.ahead) ||
      (n.first > m.last && n.first - m.last <= reach.behind) ||
      // A denial a gapped match stepped over: "har ikke tatt".
      (m.skipped > 0 && m.first < n.first && n.last < m.last)
    );
  }

  /** Removes signal matches that a denial, the past or a non-acute framing accounts for. */
  function keepCurrent(signals: Match[], markers: Map<ConceptRole, Match[]>): Match[] {
    const get = (role: ConceptRole): Match[] => markers.get(role) ?? [];
    const figurative = get('figurative');
    // A denial word that is itself a word of a phrase ("ikke kontaktbar", "kan ikke være
    // alene", "vet ikke hvor mange") is part of that phrase, not a denial of its neighbours.
    // A denial a gapped match stepped over ("har ikke tatt") still counts.
    const phrases = [...signals, ...[...markers.values()].flat()].filter(
      (s) => s.concept.role !== 'negation' && s.skipped === 0,
    );
    const negation = get('negation').filter(
      (n) => !phrases.some((s) => s.first <= n.first && n.last <= s.last),
    );
    const past = get('time-past');
    const person = get('person');
    const strong = get('frame-strong');
    const weak = get('frame-weak');
    const fiction = get('frame-fiction');
    const benign = get('benign');
    const now = get('time-now');
    return signals.filter((m) => {
      // A figure of speech silences the words it overlaps, unless the signal is the longer,
      // more specific phrase ("hoppe over bord" is not "hoppe over").
      const contains = (f: Match): boolean =>
        m.first <= f.first && f.last <= m.last && m.words > f.last - f.first + 1;
      if (figurative.some((f) => f.first <= m.last && m.first <= f.last && !contains(f))) {
        return false;
      }
      if (m.concept.benignable && benign.some((b) => b.sentence === m.sentence)) return false;
      if (m.concept.negatable && negation.some((n) => denies(n, m))) {
        return false;
      }
      // A made-up case is fiction even when it says "i dag" ("kasus i kurset i dag: …").
      if (fiction.some((f) => f.sentence === m.sentence)) return false;
      if (inClause(now, m.clause)) return true;
      if (inClause(past, m.clause)) return false;
      const aboutPerson = inClause(person, m.clause);
      if (inClause(strong, m.clause)) return false;
      // A framing elsewhere in the sentence ("ny studie om litium og selvmordsrisiko") counts
      // too, unless this clause is about a particular person ("… og pasienten min sa at …").
      if (!aboutPerson && strong.some((f) => f.sentence === m.sentence)) return false;
      // A routine word ("ved", "rutine") frames a clause unless the sentence names a person:
      // "pas har låst seg ute og står ved rekkverket" keeps its subject across "og".
      if (inClause(weak, m.clause) && !person.some((p) => p.sentence === m.sentence)) return false;
      return true;
    });
  }

  /** The first combination of matches (one per entry) that fits within the rule's span. */
  function fire(rule: Rule, byConcept: Map<string, Match[]>): Match[] | undefined {
    const options = rule.all.map((entry) =>
      (Array.isArray(entry) ? entry : [entry]).flatMap((id) => byConcept.get(id) ?? []),
    );
    if (options.some((o) => o.length === 0)) return undefined;
    const chosen: Match[] = [];
    const search = (k: number): boolean => {
      if (k === options.length) {
        if (rule.within === undefined) return true;
        const from = Math.min(...chosen.map((m) => m.first));
        const to = Math.max(...chosen.map((m) => m.last));
        return to - from + 1 <= rule.within;
      }
      for (const m of options[k] ?? []) {
        // Each entry needs its own words: "toget" is not both a place and a method.
        if (chosen.some((c) => c.first <= m.last && m.first <= c.last)) continue;
        chosen.push(m);
        if (search(k + 1)) return true;
        chosen.pop();
      }
      return false;
    };
    return search(0) ? [...chosen] : undefined;
  }

  function assess(text: string | undefined): RiskAssessment {
    const none: RiskAssessment = { tier: 'none', matched: [], rules: [] };
    if (!text) return none;
    const tokens = normaliser.tokens(text).map(analyse);
    if (tokens.length === 0) return none;
    const all = findMatches(tokens);
    const markers = new Map<ConceptRole, Match[]>();
    let signals: Match[] = [];
    for (const role of conceptRoles) {
      const matches = (byRole.get(role) ?? []).flatMap((c) => all.get(c) ?? []);
      if (role === 'signal') signals = matches;
      else markers.set(role, matches);
    }
    // "ikke noe aktuelt nå" is about the past: a now-marker inside a past-marker does not count,
    // neither for keeping a signal, nor for lifting the habitual cap, nor in a rule.
    const past = markers.get('time-past') ?? [];
    markers.set(
      'time-now',
      (markers.get('time-now') ?? []).filter(
        (t) => !past.some((p) => p.first <= t.last && t.first <= p.last),
      ),
    );
    const current = keepCurrent(signals, markers);
    const habitual = markers.get('habitual') ?? [];
    const joke = markers.get('joke') ?? [];
    const now = markers.get('time-now') ?? [];
    const byConcept = new Map<string, Match[]>();
    for (const m of [...current, ...now, ...(markers.get('person') ?? [])]) {
      const list = byConcept.get(m.concept.id);
      if (list) list.push(m);
      else byConcept.set(m.concept.id, [m]);
    }

    let tier: RiskTier = 'none';
    const fired: { rule: Rule; matches: Match[] }[] = [];
    for (const rule of config.rules) {
      const matches = fire(rule, byConcept);
      if (!matches) continue;
      // A pattern over time ("kutter seg jevnlig", unless the sentence says "i dag") and a joke
      // ("hopper fra brua 😂") are reasons to ask, not an acute alarm.
      const capped = matches.some(
        (m) =>
          (inClause(habitual, m.clause) && !now.some((t) => t.sentence === m.sentence)) ||
          joke.some((j) => j.sentence === m.sentence),
      );
      const ruleTier: RiskTier = rule.tier === 'acute' && capped ? 'possible' : rule.tier;
      if (tierRank[ruleTier] > tierRank[tier]) {
        tier = ruleTier;
        fired.length = 0;
      }
      if (ruleTier === tier) fired.push({ rule, matches });
    }
    if (tier === 'none') return none;

    const seen = new Set<string>();
    const matched: RiskMatch[] = [];
    for (const { matches } of fired) {
      for (const m of matches) {
        const phrase = text.slice(tokens[m.first]?.start ?? 0, tokens[m.last]?.end ?? 0);
        const key = `${m.concept.id}\u0000${phrase}`;
        if (seen.has(key) || m.concept.role !== 'signal') continue;
        seen.add(key);
        matched.push({ concept: m.concept.id, phrase });
      }
    }
    const best = fired[0]?.matches ?? [];
    const from = Math.min(...best.map((m) => tokens[m.first]?.start ?? 0));
    const to = Math.max(...best.map((m) => tokens[m.last]?.end ?? 0));
    const because = to - from <= 80 ? text.slice(from, to) : undefined;
    return {
      tier,
      matched,
      rules: fired.map((f) => f.rule.id),
      ...(because ? { because } : {}),
    };
  }

  return { assess };
}
