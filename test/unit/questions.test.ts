/**
 * Typed answers to option questions (src/presentation/questions.ts), as staff type them: the
 * label, a synonym, a number, an age in a sentence, an option named inside a longer phrase —
 * and never a denied option ("ikke alvorlig" is not "alvorlig").
 */
import { expect } from 'chai';
import { recognizeAnswer, type QuestionText } from '../../src/presentation/questions.js';
import { loadResponsibilityTexts } from '../../src/presentation/responsibility.js';

describe('Typed answers to option questions', function () {
  const q = loadResponsibilityTexts().questions;
  const value = (question: QuestionText, text: string): unknown => {
    const r = recognizeAnswer(question, text);
    return 'value' in r ? r.value : 'NOT UNDERSTOOD';
  };

  it('reads ages: "17", "17 år", "han er 17 år gammel", "16-åring", and the age-group labels', function () {
    expect(value(q.ageYears, '17')).to.equal(17);
    expect(value(q.ageYears, '17 år')).to.equal(17);
    expect(value(q.ageYears, 'han er 17 år gammel')).to.equal(17);
    expect(value(q.ageYears, 'en 16-åring')).to.equal(16);
    expect(value(q.ageYears, 'Under 18 år')).to.equal(17);
    expect(value(q.ageYears, '18 år eller eldre')).to.equal(18);
    expect(value(q.ageYears, '130 år')).to.equal('NOT UNDERSTOOD');
  });

  it('reads a severity inside a phrase: "moderat depresjon", "alvorlig psykose", "lett angst"', function () {
    expect(value(q.mentalDisorder, 'moderat depresjon')).to.equal('moderate');
    expect(value(q.mentalDisorder, 'alvorlig psykose')).to.equal('severe');
    expect(value(q.mentalDisorder, 'lett angst')).to.equal('mild');
    expect(value(q.substanceDisorder, 'moderat alkoholproblem')).to.equal('moderate');
    expect(value(q.intellectualDisability, 'moderat psykisk utviklingshemming')).to.equal(
      'moderate',
    );
  });

  it('does not read a denied severity, and refuses a phrase naming two options', function () {
    expect(value(q.mentalDisorder, 'ikke alvorlig')).to.equal('NOT UNDERSTOOD');
    expect(value(q.mentalDisorder, 'lett eller moderat')).to.equal('NOT UNDERSTOOD');
  });

  it('answers a yes/no question from a sentence: "ja, hun er gravid", "nei, hun er ikke gravid"', function () {
    expect(value(q.pregnant, 'ja, hun er gravid')).to.equal(true);
    expect(value(q.pregnant, 'nei, hun er ikke gravid')).to.equal(false);
    expect(value(q.withdrawalRisk, 'vet ikke')).to.equal(null);
  });
});
