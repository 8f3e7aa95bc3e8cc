/**
 * AUDIT-C in chat (SDK-free): the three questions as option questions built from
 * knowledge/auditc.yaml, the sex question, the result card, and a copyable summary.
 */
import type { AuditcConfig } from '../domain/auditc/schema.js';
import type { Sex } from '../domain/auditc/score.js';
import type { ScreeningResult } from '../domain/knowledge/service.js';
import type { KnowledgeItem } from '../domain/knowledge/schema.js';
import { citationText } from './knowledge.js';
import type { QuestionText } from './questions.js';
import type { Texts } from './texts.js';
import { adaptiveCard, textBlock, showItemAction, type AdaptiveCard } from './cards/adaptive.js';

export function auditcQuestions(config: AuditcConfig): QuestionText[] {
  return config.questions.map((q) => ({
    prompt: q.text,
    acceptsAge: false,
    options: q.answers.map((a) => ({ value: a.points, label: a.text, synonyms: [] })),
  }));
}

export function sexQuestion(texts: Texts): QuestionText {
  return {
    prompt: texts.render('auditc-sex'),
    acceptsAge: false,
    options: [
      { value: 'male' satisfies Sex, label: 'Mann', synonyms: ['m', 'gutt', 'han'] },
      { value: 'female' satisfies Sex, label: 'Kvinne', synonyms: ['k', 'jente', 'hun'] },
      {
        value: 'unknown' satisfies Sex,
        label: 'Ikke oppgitt',
        synonyms: ['ukjent', 'vet ikke', 'annet'],
      },
    ],
  };
}

const sexLabel: Record<Sex, string> = {
  male: 'mann',
  female: 'kvinne',
  unknown: 'kjønn ikke oppgitt',
};

export function auditcResultCard(
  texts: Texts,
  config: AuditcConfig,
  r: ScreeningResult,
  items: readonly KnowledgeItem[],
): AdaptiveCard {
  return adaptiveCard(
    [
      textBlock(texts.render('auditc-score', { score: r.score, positive: r.positive }), {
        weight: 'Bolder',
        size: 'Large',
        color: r.positive ? 'Attention' : 'Good',
      }),
      textBlock(
        texts.render('auditc-cutoff', {
          cutoff: r.cutoff,
          sex: sexLabel[r.sex],
          lower: r.lowerCutoffUsed,
          male: config.cutoffs.male,
          female: config.cutoffs.female,
        }),
        { isSubtle: true },
      ),
      ...(r.neverDrinks ? [textBlock(config.neverDrinks.note, { isSubtle: true })] : []),
      textBlock(r.interpretation),
      textBlock(`**${texts.render('auditc-follow-up')}**`, { spacing: 'Medium' }),
      ...r.followUp.flatMap((f) => [
        textBlock(`- ${f.text}`, { spacing: 'Small' }),
        ...f.sources.map((s) =>
          textBlock(`${texts.labels.source}: ${citationText(texts, s)}`, {
            isSubtle: true,
            size: 'Small',
            spacing: 'None',
          }),
        ),
      ]),
      textBlock(
        `${texts.labels.sources}: ${r.sources.map((s) => citationText(texts, s)).join('; ')}`,
        {
          isSubtle: true,
          size: 'Small',
          spacing: 'Medium',
        },
      ),
    ],
    items.slice(0, 3).map((item) => showItemAction(item.id, item.title, `Les: ${item.title}`)),
  );
}

/** A plain-text summary to paste into the patient record (no identity). */
export function auditcSummary(texts: Texts, config: AuditcConfig, r: ScreeningResult): string {
  return texts.render('auditc-summary', {
    score: r.score,
    positive: r.positive,
    cutoff: r.cutoff,
    sex: sexLabel[r.sex],
    answers: config.questions.map((q, i) => ({
      number: i + 1,
      question: q.text,
      answer: q.answers[r.answers[i] ?? 0]?.text ?? '',
      points: r.answers[i] ?? 0,
    })),
  });
}
