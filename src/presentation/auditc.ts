/**
 * AUDIT-C in chat (SDK-free): the three questions as option questions built from
 * knowledge/auditc.yaml, the sex question, the result card, and a copyable summary.
 */
import type { AuditcConfig } from '../domain/auditc/schema.js';
import type { Sex } from '../domain/auditc/score.js';
import type { ScreeningResult } from '../domain/knowledge/service.js';
import type { KnowledgeItem } from '../domain/knowledge/schema.js';
import { citationLines, onlyOtherModels, sourcesBlocks } from './knowledge.js';
import type { QuestionText } from './questions.js';
import type { Texts } from './texts.js';
import {
  adaptiveCard,
  fhirBlocks,
  numbered,
  showCardAction,
  showItemAction,
  smallText,
  textBlock,
  type AdaptiveCard,
} from './cards/adaptive.js';

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

/**
 * The result as a ward reads it: the score and what it means, then the next steps; the sources,
 * follow-up from other regions' models, and the FHIR resource for the record are one click away.
 */
export function auditcResultCard(
  texts: Texts,
  config: AuditcConfig,
  r: ScreeningResult,
  items: readonly KnowledgeItem[],
): AdaptiveCard {
  const other = (f: ScreeningResult['followUp'][number]): boolean => onlyOtherModels(f.sources);
  const steps = r.followUp.filter((f) => !other(f));
  const otherSteps = r.followUp.filter(other);
  return adaptiveCard(
    [
      textBlock(texts.render('auditc-score', { score: r.score, positive: r.positive }), {
        weight: 'Bolder',
        size: 'Large',
        color: r.positive ? 'Attention' : 'Good',
      }),
      textBlock(r.interpretation),
      textBlock(`**${texts.render('auditc-follow-up')}**`, { spacing: 'Medium' }),
      ...steps.map((f, i) => textBlock(numbered(i + 1, f.text), { spacing: 'Small' })),
    ],
    [
      showCardAction(texts.labels.showReasons, [
        textBlock(
          texts.render('auditc-cutoff', {
            cutoff: r.cutoff,
            sex: sexLabel[r.sex],
            lower: r.lowerCutoffUsed,
            male: config.cutoffs.male,
            female: config.cutoffs.female,
          }),
        ),
        ...(r.neverDrinks ? [textBlock(config.neverDrinks.note, { isSubtle: true })] : []),
      ]),
      showCardAction(
        texts.labels.showSources,
        // The follow-up's sources (Helse Sør-Øst's requirements) before the screening's research.
        sourcesBlocks(texts, [...r.followUp.flatMap((f) => f.sources), ...r.sources]),
      ),
      ...(otherSteps.length > 0
        ? [
            showCardAction(`${texts.labels.otherModels} (${otherSteps.length})`, [
              ...otherSteps.flatMap((f) => [
                textBlock(f.text, { spacing: 'Medium' }),
                ...citationLines(texts, f.sources).map((line) =>
                  smallText(`${texts.labels.source}: ${line}`),
                ),
              ]),
            ]),
          ]
        : []),
      showCardAction(
        texts.labels.showFhir,
        fhirBlocks(texts.render('auditc-fhir'), r.questionnaireResponse),
      ),
      ...items
        .filter((item) => !otherSteps.some((f) => f.items.includes(item.id)))
        .slice(0, otherSteps.length > 0 ? 1 : 2)
        .map((item) =>
          showItemAction(item.id, item.title, `${texts.labels.readShort}: ${item.title}`),
        ),
    ],
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
