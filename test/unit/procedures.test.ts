import { expect } from 'chai';
import path from 'node:path';
import { KnowledgeError, loadKnowledge } from '../../src/domain/knowledge/load.js';
import {
  alerts,
  allAnswerPaths,
  checklist,
  nextQuestion,
  procedureSchema,
} from '../../src/domain/procedures/schema.js';

const base = {
  id: 'barn',
  title: 'Barn som pårørende',
  intro: 'Svar på noen spørsmål.',
  questions: [
    {
      id: 'barn',
      prompt: 'Har pasienten barn?',
      record: 'Barn',
      options: [
        { value: 'ja', label: 'Ja' },
        { value: 'nei', label: 'Nei' },
      ],
    },
    {
      id: 'alder',
      prompt: 'Hvor gamle er barna?',
      record: 'Alder',
      multi: true,
      askIf: { barn: ['ja'] },
      options: [
        { value: 'sma', label: '0–5 år' },
        { value: 'store', label: '6–17 år' },
      ],
    },
  ],
  sections: [
    { id: 'a', title: 'Kartlegging' },
    { id: 'b', title: 'Tiltak' },
  ],
  steps: [
    { item: 'tiltak-store', section: 'b', when: { alder: ['store'] } },
    { item: 'kartlegg', section: 'a' },
    { item: 'tiltak', section: 'b', when: { barn: ['ja'] } },
  ],
};

describe('Guided routine logic (procedures)', function () {
  const p = procedureSchema.parse(base);

  it('asks a follow-up question only when its condition holds', function () {
    expect(nextQuestion(p, {})?.id).to.equal('barn');
    expect(nextQuestion(p, { barn: ['ja'] })?.id).to.equal('alder');
    expect(nextQuestion(p, { barn: ['nei'] })).to.equal(undefined);
  });

  it('groups the checklist by section in section order, with steps whose conditions hold', function () {
    expect(checklist(p, { barn: ['nei'] })).to.deep.equal([
      { title: 'Kartlegging', items: ['kartlegg'] },
    ]);
    expect(checklist(p, { barn: ['ja'], alder: ['sma', 'store'] })).to.deep.equal([
      { title: 'Kartlegging', items: ['kartlegg'] },
      { title: 'Tiltak', items: ['tiltak-store', 'tiltak'] },
    ]);
  });

  it('applies a step with alternative conditions when any one of them matches', function () {
    const alt = procedureSchema.parse({
      ...base,
      steps: [{ item: 'xyz', section: 'a', when: [{ barn: ['nei'] }, { alder: ['sma'] }] }],
    });
    expect(checklist(alt, { barn: ['nei'] })[0]?.items).to.deep.equal(['xyz']);
    expect(checklist(alt, { barn: ['ja'], alder: ['sma'] })[0]?.items).to.deep.equal(['xyz']);
    expect(checklist(alt, { barn: ['ja'], alder: ['store'] })).to.deep.equal([]);
  });

  it('shows a notice only when the answers call for it', function () {
    const withAlert = procedureSchema.parse({
      ...base,
      alerts: [{ when: { alder: ['sma'] }, text: 'Små barn: se tiltak.', item: 'tiltak' }],
    });
    expect(alerts(withAlert, { barn: ['ja'], alder: ['sma'] })).to.deep.equal([
      { text: 'Små barn: se tiltak.', item: 'tiltak' },
    ]);
    expect(alerts(withAlert, { barn: ['nei'] })).to.deep.equal([]);
  });

  it('walks every path through the questions', function () {
    expect(allAnswerPaths(p)).to.deep.equal([
      { barn: ['ja'], alder: ['sma'] },
      { barn: ['ja'], alder: ['store'] },
      { barn: ['nei'] },
    ]);
  });

  const bad: [string, (x: typeof base) => unknown, RegExp][] = [
    [
      'a condition on an unknown answer',
      (x) => ({ ...x, steps: [{ item: 'k', section: 'a', when: { barn: ['kanskje'] } }] }),
      /steps\.0\.when\.barn\.0: question "barn" has no option "kanskje"/,
    ],
    [
      'a condition on a later question',
      (x) => ({
        ...x,
        questions: [{ ...x.questions[0], askIf: { alder: ['sma'] } }, x.questions[1]],
      }),
      /questions\.0\.askIf\.alder: unknown \(or later\) question "alder"/,
    ],
    [
      'a step without a section when the procedure has sections',
      (x) => ({ ...x, steps: [{ item: 'k' }] }),
      /steps\.0\.section: must be one of the sections: a, b/,
    ],
    [
      'a notice that rests on an item the procedure does not show',
      (x) => ({
        ...x,
        alerts: [{ when: { barn: ['ja'] }, text: 'Se opp for dette.', item: 'annet' }],
      }),
      /alerts\.0\.item: "annet" is not a step of this procedure/,
    ],
  ];
  for (const [name, change, message] of bad) {
    it(`rejects ${name}, naming the field`, function () {
      const r = procedureSchema.safeParse(change(base));
      expect(r.success).to.equal(false);
      const issues = r.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n');
      expect(issues).to.match(message);
    });
  }

  it('stops start-up on a wrong procedure file, naming file and field', async function () {
    const dir = path.resolve(import.meta.dirname, '..', 'support', 'fixtures', 'kb-procedure-bad');
    try {
      await loadKnowledge(dir);
      expect.fail('expected a KnowledgeError');
    } catch (err) {
      expect(err).to.be.instanceOf(KnowledgeError);
      expect((err as Error).message).to.match(
        /kb-procedure-bad\/procedures\/barn\.yaml: invalid content:\n\s+steps\[0\]\.when\.barn\[0\]: question "barn" has no option "kanskje"/,
      );
    }
  });
});
