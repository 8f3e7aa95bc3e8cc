/**
 * The acute-risk detector measured on the labelled corpus (test/fixtures/safety/). The held-out
 * part is never tuned on; see the README for the figures and what the thresholds are.
 */
import { expect } from 'chai';
import path from 'node:path';
import { loadKnowledge } from '../../src/domain/knowledge/load.js';
import {
  createAcuteRiskDetector,
  type AcuteRiskDetector,
} from '../../src/domain/safety/acuteRisk.js';
import { fold } from '../../src/domain/knowledge/normalize.js';
import {
  evaluate,
  loadCorpus,
  thresholds,
  type LabelledSentence,
} from '../../scripts/lib/safetyEval.js';

/**
 * CI holds the held-out part to issue 10's thresholds (scripts/lib/safetyEval.ts): acute+possible
 * recall ≥ 98 %, acute-tier recall ≥ 90 %, acute false alarms ≤ 5 % of hard negatives, any-tier
 * false alarms ≤ 15 % of all non-acute sentences. See the README for the figures.
 */
const heldOutFloor = thresholds;

describe('Acute-risk corpus', function () {
  let detector: AcuteRiskDetector;
  let dev: LabelledSentence[];
  let heldOut: LabelledSentence[];

  before(async function () {
    const kb = await loadKnowledge(path.resolve(import.meta.dirname, '..', '..', 'knowledge'));
    if (!kb.safety) throw new Error('knowledge/safety.yaml missing');
    detector = createAcuteRiskDetector(kb.safety);
    dev = loadCorpus('dev');
    heldOut = loadCorpus('held-out');
  });

  it('has at least 400 sentences, about half acute, a third of the rest hard negatives', function () {
    const all = [...dev, ...heldOut];
    expect(all.length).to.be.at.least(400);
    const acute = all.filter((s) => s.label === 'acute').length;
    expect(acute / all.length).to.be.within(0.4, 0.6);
    const none = all.filter((s) => s.label === 'none');
    expect(none.filter((s) => s.kind === 'hard').length / none.length).to.be.at.least(1 / 3);
  });

  it('keeps the held-out part apart: no sentence in both parts', function () {
    const devTexts = new Set(dev.map((s) => fold(s.text)));
    const shared = heldOut.filter((s) => devTexts.has(fold(s.text))).map((s) => s.text);
    expect(shared).to.deep.equal([]);
  });

  it("held-out: meets issue 10's thresholds", function () {
    const f = evaluate(detector, heldOut);
    expect(f.recallAny, 'recall, acute + possible').to.be.at.least(heldOutFloor.recallAny);
    expect(f.recallAcute, 'recall, acute tier').to.be.at.least(heldOutFloor.recallAcute);
    expect(f.hardFalseAcute, 'acute false alarms on hard negatives').to.be.at.most(
      heldOutFloor.hardFalseAcute,
    );
    expect(f.falseAny, 'any-tier false alarms').to.be.at.most(heldOutFloor.falseAny);
  });

  it('development part: recall ≥ 95 % (acute tier) and acute false alarms ≤ 3 % of hard negatives', function () {
    const f = evaluate(detector, dev);
    expect(f.recallAcute).to.be.at.least(0.95);
    expect(f.hardFalseAcute).to.be.at.most(0.03);
  });
});
