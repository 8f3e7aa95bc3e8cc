import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadKnowledge } from '../../src/domain/knowledge/load.js';
import {
  createAcuteRiskDetector,
  type AcuteRiskDetector,
} from '../../src/domain/safety/acuteRisk.js';

const set = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '..', 'fixtures', 'acute-risk.json'), 'utf8'),
) as { trigger: string[]; quiet: string[] };

describe('Acute-risk detection (knowledge/safety.yaml)', function () {
  let detector: AcuteRiskDetector;

  before(async function () {
    const kb = await loadKnowledge(path.resolve(import.meta.dirname, '..', '..', 'knowledge'));
    if (!kb.safety) throw new Error('knowledge/safety.yaml missing');
    detector = createAcuteRiskDetector(kb.safety);
  });

  for (const sentence of set.trigger) {
    it(`triggers on "${sentence}"`, function () {
      expect(detector.detect(sentence).acute).to.equal(true);
    });
  }
  for (const sentence of set.quiet) {
    it(`stays quiet on "${sentence}"`, function () {
      expect(
        detector.detect(sentence),
        JSON.stringify(detector.detect(sentence).matched),
      ).to.deep.include({ acute: false });
    });
  }
});
