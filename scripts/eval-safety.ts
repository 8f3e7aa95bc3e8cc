/**
 * `npm run eval:safety`: measures the acute-risk detector on the labelled corpus, the development
 * and the held-out part separately, and lists the development part's misses. The held-out part's
 * misses are listed only with --show-held-out (so that tuning never looks at them).
 * Exit code 1 when the held-out part is below the CI thresholds.
 */
import path from 'node:path';
import { loadKnowledge } from '../src/domain/knowledge/load.js';
import { createAcuteRiskDetector } from '../src/domain/safety/acuteRisk.js';
import { corpusParts, evaluate, loadCorpus, thresholds, type Figures } from './lib/safetyEval.js';

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

function report(part: string, f: Figures, listMisses: boolean): void {
  console.log(`\n== ${part}: ${f.acute} acute, ${f.nonAcute} non-acute (${f.hard} hard negatives)`);
  console.log(`  recall, acute tier            ${pct(f.recallAcute)}`);
  console.log(`  recall, acute + possible      ${pct(f.recallAny)}`);
  console.log(
    `  false alarms, acute tier      ${pct(f.falseAcute)} of non-acute, ${pct(f.hardFalseAcute)} of hard negatives`,
  );
  console.log(
    `  false alarms, any tier        ${pct(f.falseAny)} of non-acute, ${pct(f.hardFalseAny)} of hard negatives`,
  );
  if (!listMisses) {
    console.log(`  (${f.misses.length} misses not listed; --show-held-out lists them)`);
    return;
  }
  for (const m of f.misses) {
    console.log(
      `  ${m.expected === 'acute' ? 'MISS ' : 'FALSE'} [${m.got}] ${m.text}  — ${m.detail}`,
    );
  }
}

const kb = await loadKnowledge(path.resolve(import.meta.dirname, '..', 'knowledge'));
if (!kb.safety) throw new Error('knowledge/safety.yaml is missing');
const detector = createAcuteRiskDetector(kb.safety);
const showHeldOut = process.argv.includes('--show-held-out');
let ok = true;
for (const part of corpusParts) {
  const figures = evaluate(detector, loadCorpus(part));
  report(part, figures, part === 'dev' || showHeldOut);
  if (part === 'held-out') {
    ok =
      figures.recallAny >= thresholds.recallAny &&
      figures.recallAcute >= thresholds.recallAcute &&
      figures.hardFalseAcute <= thresholds.hardFalseAcute &&
      figures.falseAny <= thresholds.falseAny;
    console.log(
      `\nheld-out thresholds (any-tier recall ≥ ${pct(thresholds.recallAny)}, acute-tier recall ≥ ${pct(thresholds.recallAcute)}, acute false alarms ≤ ${pct(thresholds.hardFalseAcute)} of hard negatives, any-tier false alarms ≤ ${pct(thresholds.falseAny)}): ${ok ? 'met' : 'NOT met'}`,
    );
  }
}
process.exitCode = ok ? 0 : 1;
