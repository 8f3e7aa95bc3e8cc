/**
 * `npm run bench:safety`: time per message of the acute-risk detector over the labelled corpus
 * (both parts, several rounds; the first round is reported apart as "cold").
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadKnowledge } from '../src/domain/knowledge/load.js';
import { createAcuteRiskDetector } from '../src/domain/safety/acuteRisk.js';
import { loadCorpus } from '../scripts/lib/safetyEval.js';

const kb = await loadKnowledge(path.resolve(import.meta.dirname, '..', 'knowledge'));
if (!kb.safety) throw new Error('knowledge/safety.yaml is missing');
const detector = createAcuteRiskDetector(kb.safety);
const texts = [...loadCorpus('dev'), ...loadCorpus('held-out')].map((s) => s.text);

const round = (): number => {
  const start = performance.now();
  for (const t of texts) detector.assess(t);
  return (performance.now() - start) / texts.length;
};
const cold = round();
const rounds = Array.from({ length: 20 }, round).sort((a, b) => a - b);
const median = rounds[Math.floor(rounds.length / 2)] ?? 0;
console.log(
  `${texts.length} messages; cold ${cold.toFixed(3)} ms/message; warm median ${median.toFixed(3)} ms/message`,
);
