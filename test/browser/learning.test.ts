/**
 * «Opplæring» in a real browser (issue 17): Debian's Chromium, driven by playwright-core, on the
 * Web Chat page of the real server, at 1000 and 420 px. The menu → Opplæring → a module → a
 * lesson with its source → the questions → a single-choice question answered with its button →
 * a multiple-choice question answered with its check boxes → the feedback card. At every step
 * nothing is cut off, axe-core finds no serious or critical violation and no card text is low
 * on contrast; screenshots in artifacts/screenshots/learning-<step>-<width>.png. Without
 * Chromium the test is skipped locally and FAILS in CI (forbid-pending).
 */
import { expect } from 'chai';
import path from 'node:path';
import type { LearningModule, LearningQuestion } from '../../src/domain/learning/schema.js';
import { learningModule, rightLabels } from '../support/learning.js';
import {
  ARTIFACTS as artifacts,
  axeViolations,
  startBrowserRun,
  type BrowserRun,
  clickForReply,
  lowContrastCardText,
  overflowing,
  send,
} from './webchatPage.js';

/** A button or label's text as a pattern (the title may carry a number in front). */
const named = (text: string): RegExp =>
  new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');

function question(m: LearningModule, i: number): LearningQuestion {
  const q = m.questions[i];
  if (!q) throw new Error(`${m.id} has no question ${i + 1}`);
  return q;
}

describe('Opplæring in Web Chat in a real browser (issue 17)', function () {
  this.timeout(120_000);
  let run: BrowserRun;

  before(async function () {
    run = await startBrowserRun(this);
  });

  after(async function () {
    await run?.close();
  });

  for (const width of [1000, 420]) {
    it(`walks menu → module → lesson → questions → feedback at ${width} px, readable at every step`, async function () {
      const m = await learningModule(0);
      const single = question(m, 0);
      const multiple = question(m, 1);
      expect(single.kind, 'the first question of the first module').to.equal('single');
      expect(multiple.kind, 'the second question of the first module').to.equal('multiple');

      const page = await run.browser.newPage({ locale: 'nb-NO', viewport: { width, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (err) => errors.push(err.message));
      await page.goto(run.server.url);
      await page.getByText('Hei! Jeg er', { exact: false }).first().waitFor({ timeout: 20_000 });

      /** Nothing cut off, no serious axe violation, readable card text; then a screenshot. */
      const check = async (step: string): Promise<void> => {
        await page.screenshot({ path: path.join(artifacts, `learning-${step}-${width}.png`) });
        expect(await overflowing(page), `${step}: cut off horizontally`).to.deep.equal([]);
        expect(await axeViolations(page), `${step}: axe-core`).to.deep.equal([]);
        // The privacy banner's yellow is the most tinted light background text can scroll under.
        expect(
          await lowContrastCardText(page, '#fff4ce'),
          `${step}: card text contrast`,
        ).to.deep.equal([]);
      };

      // The menu, and «Opplæring» in it.
      expect(await send(page, 'meny')).to.match(/Opplæring/);
      await check('menu');

      // The module list, each module with its status.
      const modules = await clickForReply(page, /^Opplæring/);
      expect(modules).to.match(/Hvilken modul vil du ta\?/);
      expect(modules).to.include(m.title);
      expect(modules, 'no status on a module not yet taken').to.not.include('ikke tatt');
      await check('modules');

      // The first lesson, with whose rule it rests on.
      const lesson = await clickForReply(page, named(m.title));
      expect(lesson).to.match(/Leksjon 1 av \d/);
      expect(lesson).to.match(/Hvem sin regel: /);
      const whose = page.locator('.ac-textBlock', { hasText: /^Hvem sin regel: / }).last();
      expect(await whose.isVisible(), 'whose rule it is shows on the card').to.equal(true);
      // The sources are one click away.
      await page.getByRole('button', { name: 'Vis kilder' }).last().click();
      await page.waitForTimeout(200);
      await check('lesson');

      // To the questions: the first is single-choice, one button per option.
      const asked = await clickForReply(page, /Til spørsmålene/);
      expect(asked).to.match(new RegExp(`Spørsmål 1 av ${m.questions.length}`));
      expect(asked).to.include(single.prompt);
      await check('question-single');

      // Answered with its button: «Riktig.», the explanation, the source; then question 2.
      const [rightOption = ''] = rightLabels(single);
      const feedback = await clickForReply(page, named(rightOption));
      expect(feedback).to.match(/Riktig:/);
      expect(feedback).to.include(single.feedback);
      expect(feedback).to.match(/Hvem sin regel: /);
      expect(feedback).to.match(new RegExp(`Spørsmål 2 av ${m.questions.length}`));
      await check('feedback-single');

      // The multiple-choice question: tick every right option, then «Svar».
      const card = page.locator('.ac-adaptiveCard').last();
      for (const label of rightLabels(multiple)) {
        await card.getByRole('checkbox', { name: named(label) }).check();
      }
      await check('question-multiple');
      const answered = await clickForReply(page, /^Svar$/);
      expect(answered, 'the ticked answer is understood').not.to.match(/Jeg forstod ikke/i);
      expect(answered).to.match(/Riktig:/);
      expect(answered).to.include(multiple.feedback);
      expect(answered).to.match(new RegExp(`Spørsmål 3 av ${m.questions.length}`));
      await check('feedback-multiple');

      expect(errors, errors.join('\n')).to.deep.equal([]);
      // No apology, no answer asked again, no click on a card that was no longer active.
      const transcript = await page.locator('.webchat__basic-transcript__transcript').innerText();
      expect(transcript).to.not.match(/Beklager|forstod ikke|ikke lenger aktivt|ble ikke lagret/);
      await page.close();
    });
  }
});
