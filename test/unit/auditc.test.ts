import { expect } from 'chai';
import path from 'node:path';
import { auditcQuestionnaireResponse } from '../../src/domain/auditc/fhir.js';
import type { AuditcConfig } from '../../src/domain/auditc/schema.js';
import { cutoffFor, scoreAuditc, sexes } from '../../src/domain/auditc/score.js';
import { loadKnowledge } from '../../src/domain/knowledge/load.js';
import { fhirProblems } from '../support/fhir.js';

describe('AUDIT-C (knowledge/auditc.yaml)', function () {
  let config: AuditcConfig;

  before(async function () {
    const kb = await loadKnowledge(path.resolve(import.meta.dirname, '..', '..', 'knowledge'));
    if (!kb.auditc) throw new Error('knowledge/auditc.yaml missing');
    config = kb.auditc;
  });

  it('has the published cut-offs: 4 for men, 3 for women, and uses the lower when sex is unknown', function () {
    expect(config.cutoffs.male).to.equal(4);
    expect(config.cutoffs.female).to.equal(3);
    expect(cutoffFor(config, 'unknown')).to.equal(3);
  });

  it('scores all 125 answer combinations for every sex: total 0–12, positive at or above the cut-off', function () {
    let checked = 0;
    for (let a = 0; a <= 4; a++) {
      for (let b = 0; b <= 4; b++) {
        for (let c = 0; c <= 4; c++) {
          for (const sex of sexes) {
            const r = scoreAuditc(config, [a, b, c], sex);
            // «Aldri» on question 1: questions 2 and 3 score 0 whatever was sent.
            const total = a === 0 ? 0 : a + b + c;
            expect(r.score).to.equal(total);
            expect(r.neverDrinks).to.equal(a === 0);
            expect(r.positive).to.equal(total >= cutoffFor(config, sex));
            expect(r.lowerCutoffUsed).to.equal(sex === 'unknown');
            expect(r.followUp.length).to.be.at.least(1);
            checked++;
          }
        }
      }
    }
    expect(checked).to.equal(375);
  });

  for (const [sex, below, at] of [
    ['male', 3, 4],
    ['female', 2, 3],
    ['unknown', 2, 3],
  ] as const) {
    it(`boundary for ${sex}: ${below} is negative, ${at} is positive`, function () {
      expect(
        scoreAuditc(
          config,
          [below, 0, 0].map((x) => Math.min(4, x)),
          sex,
        ).positive,
      ).to.equal(false);
      expect(scoreAuditc(config, [Math.min(4, at), Math.max(0, at - 4), 0], sex).positive).to.equal(
        true,
      );
    });
  }

  it('rejects impossible answers', function () {
    expect(() => scoreAuditc(config, [5, 0, 0], 'male')).to.throw(RangeError);
    expect(() => scoreAuditc(config, [1, 2], 'male')).to.throw(RangeError);
  });

  it('records only question 1 and the total 0 when question 1 is «Aldri» (2 and 3 not asked)', function () {
    const r = scoreAuditc(config, [0, 4, 4], 'male');
    expect(r.score).to.equal(0);
    const qr = auditcQuestionnaireResponse(config, r, new Date('2026-11-23T10:00:00Z'));
    expect(fhirProblems(qr as unknown as Record<string, unknown>)).to.deep.equal([]);
    expect(qr.item.map((i) => i.linkId)).to.deep.equal(['/68518-0', '/75626-2']);
    expect(qr.item[1]?.answer[0]).to.deep.equal({ valueInteger: 0 });
  });

  it('builds a valid FHIR R4 QuestionnaireResponse, LOINC-coded, for every answer of every question', function () {
    for (let p = 1; p <= 4; p++) {
      const r = scoreAuditc(config, [p, p, p], 'female');
      const qr = auditcQuestionnaireResponse(config, r, new Date('2026-11-23T10:00:00Z'));
      expect(
        fhirProblems(qr as unknown as Record<string, unknown>),
        JSON.stringify(qr),
      ).to.deep.equal([]);
      expect(qr.questionnaire).to.equal('http://loinc.org/q/72109-2');
      expect(qr.item.map((i) => i.linkId)).to.deep.equal([
        '/68518-0',
        '/68519-8',
        '/68520-6',
        '/75626-2',
      ]);
      const codes = qr.item
        .slice(0, 3)
        .map((i) => (i.answer[0] as { valueCoding: { code: string } }).valueCoding.code);
      expect(codes).to.deep.equal(config.questions.map((q) => q.answers[p]?.loinc));
      expect(qr.item[3]?.answer[0]).to.deep.equal({ valueInteger: 3 * p });
      for (const key of ['subject', 'author', 'source', 'encounter', 'identifier']) {
        expect(Object.keys(qr), `no ${key}: no patient identity`).to.not.include(key);
      }
    }
  });

  it('the R4 validator rejects a wrong QuestionnaireResponse (the check is real)', function () {
    const qr = auditcQuestionnaireResponse(config, scoreAuditc(config, [1, 1, 1], 'male'));
    expect(fhirProblems({ ...qr, status: 'nope' })).to.not.deep.equal([]);
    expect(fhirProblems({ ...qr, bogus: 1 })).to.not.deep.equal([]);
  });
});
