/**
 * «Opplæring» in chat (SDK-free): texts (texts/nb/learning.yaml), the lesson card with its
 * sources, a module question as an option question, the feedback card with the explanation and
 * the sources, and the result and completion cards.
 */
import { z } from 'zod';
import { loadYamlTexts, type YamlTexts } from './yamlTexts.js';
import type { ResolvedCitation } from '../domain/knowledge/citations.js';
import type { LearningQuestion, Lesson } from '../domain/learning/schema.js';
import type { SittingResult } from '../domain/learning/progress.js';
import {
  adaptiveCard,
  showCardAction,
  smallText,
  textBlock,
  valueAction,
  type AdaptiveCard,
} from './cards/adaptive.js';
import { sourcesBlocks, whoseRuleBlock } from './knowledge.js';
import type { QuestionText } from './questions.js';
import type { Texts } from './texts.js';

const fileSchema = z
  .object({
    intro: z.string(),
    chooseModule: z.string(),
    reviewOption: z.string(),
    moduleOption: z.string(),
    status: z
      .object({ passed: z.string(), started: z.string(), failed: z.string(), new: z.string() })
      .strict(),
    resumed: z.string(),
    lessonHeading: z.string(),
    nextLesson: z.string(),
    toQuestions: z.string(),
    lessonsAgain: z.string(),
    lessonQuestion: z.string(),
    questionHeading: z.string(),
    againHeading: z.string(),
    reviewHeading: z.string(),
    right: z.string(),
    wrong: z.string(),
    submitAnswer: z.string(),
    quoted: z.string(),
    and: z.string(),
    kbVersion: z.string(),
    partial: z.string(),
    retryMany: z.string(),
    nudgesOnlyTeams: z.string(),
    notShared: z.string(),
    resultPassed: z.string(),
    resultFailed: z.string(),
    completionTitle: z.string(),
    facts: z
      .object({ module: z.string(), date: z.string(), score: z.string(), kb: z.string() })
      .strict(),
    notCertificate: z.string(),
    reviewsScheduled: z.string(),
    reviewDone: z.string(),
    noModules: z.string(),
    reviewsNudged: z.string(),
    shareOffer: z.string(),
    reviewNoneDue: z.string(),
    nudge: z.string(),
    offer: z.string(),
    startReview: z.string(),
    nudgesOffAction: z.string(),
    nudgesOff: z.string(),
    nudgesOn: z.string(),
    nudgesNotSent: z.string(),
    shared: z.string(),
    unshared: z.string(),
    shareNeedsName: z.string(),
    commands: z
      .object({
        review: z.array(z.string().min(1)).min(1),
        nudgesOff: z.array(z.string().min(1)).min(1),
        nudgesOn: z.array(z.string().min(1)).min(1),
        share: z.array(z.string().min(1)).min(1),
        unshare: z.array(z.string().min(1)).min(1),
      })
      .strict(),
  })
  .strict();
type LearningFile = z.infer<typeof fileSchema>;

export type LearningTexts = YamlTexts<LearningFile>;

export function loadLearningTexts(): LearningTexts {
  return loadYamlTexts('learning', fileSchema);
}

/** «30.11.2026», Norwegian time. */
export function norwegianDate(iso: string): string {
  return new Intl.DateTimeFormat('nb-NO', {
    timeZone: 'Europe/Oslo',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(new Date(iso));
}

/**
 * Whose rule it is on the card (issuer and authority, each once), the full sources one click away
 * («Vis kilder»), as on a knowledge item: a lesson resting on eight law sections stays short.
 */
function sources(texts: Texts, list: readonly ResolvedCitation[]) {
  return list.length === 0
    ? { blocks: [], actions: [] }
    : {
        blocks: [whoseRuleBlock(texts, list)],
        actions: [showCardAction(texts.labels.showSources, sourcesBlocks(texts, list))],
      };
}

/** A lesson: heading, its lines, and whose rule each statement rests on. */
export function lessonCard(
  texts: Texts,
  t: LearningTexts,
  lesson: Lesson,
  n: number,
  total: number,
  citations: readonly ResolvedCitation[],
): AdaptiveCard {
  const cited = sources(texts, citations);
  return adaptiveCard(
    [
      textBlock(t.render(t.file.lessonHeading, { n, total, title: lesson.title }), {
        weight: 'Bolder',
      }),
      textBlock(lesson.text),
      ...cited.blocks,
    ],
    cited.actions,
  );
}

/**
 * The order the options are shown in: a fixed shuffle per question (seeded by its id), so the
 * right answer is not always where the author wrote it, and the same on every asking.
 */
export function displayOrder(q: LearningQuestion): number[] {
  const order = q.options.map((_, i) => i);
  let seed = [...q.id].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
  for (let i = order.length - 1; i > 0; i--) {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    const j = seed % (i + 1);
    [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
  }
  return order;
}

/** A module question as an option question (values are the option indexes, shown shuffled). */
export function questionPrompt(q: LearningQuestion, heading: string): QuestionText {
  // A multiple-choice card labels its check boxes «Velg ett eller flere svar» itself.
  const prompt = [heading, q.case, q.prompt].filter((x) => x).join('\n\n');
  return {
    prompt,
    acceptsAge: false,
    options: displayOrder(q).map((i) => ({
      value: i,
      label: q.options[i]?.text ?? '',
      synonyms: [],
    })),
  };
}

/** Whether the chosen option indexes are exactly the correct ones. */
export function isRight(q: LearningQuestion, chosen: readonly number[]): boolean {
  const correct = q.options.flatMap((o, i) => (o.correct ? [i] : []));
  return correct.length === chosen.length && correct.every((i) => chosen.includes(i));
}

/** «A», «B» og «C», each without a full stop of its own (the sentence has one). */
function quotedList(t: LearningTexts, options: readonly { text: string }[]): string {
  const quoted = options.map((o) =>
    t.render(t.file.quoted, { text: o.text.replace(/[.\s]+$/u, '') }),
  );
  const last = quoted.pop();
  return quoted.length > 0 ? `${quoted.join(', ')} ${t.file.and} ${last}` : (last ?? '');
}

/** Right or wrong, why, and the sources. */
export function feedbackCard(
  texts: Texts,
  t: LearningTexts,
  q: LearningQuestion,
  chosen: readonly number[],
  citations: readonly ResolvedCitation[],
): AdaptiveCard {
  const right = isRight(q, chosen);
  const answer = quotedList(
    t,
    q.options.filter((o) => o.correct),
  );
  // What the user chose, said back: a clicked button leaves no bubble in the chat.
  const picked = chosen.flatMap((i) => (q.options[i] ? [q.options[i]] : []));
  const said = quotedList(t, picked);
  // Some of the right ones and nothing wrong: say which were missing.
  const missing = q.options.filter((o) => o.correct && !picked.includes(o));
  const partial =
    !right && picked.length > 0 && picked.every((o) => o.correct) && missing.length > 0;
  const cited = sources(texts, citations);
  return adaptiveCard(
    [
      textBlock(
        t.render(right ? t.file.right : partial ? t.file.partial : t.file.wrong, {
          answer,
          chosen: said || '–',
          missing: quotedList(t, missing),
        }),
        {
          color: right ? 'Good' : 'Attention',
        },
      ),
      textBlock(q.feedback),
      ...cited.blocks,
    ],
    cited.actions,
  );
}

/** The result of a sitting and, when passed, the completion record. */
export function resultCard(
  t: LearningTexts,
  moduleTitle: string,
  r: SittingResult,
  completedAt: string,
  kbVersion: string,
): AdaptiveCard {
  const percent = Math.round(r.score * 100);
  const line = t.render(r.passed ? t.file.resultPassed : t.file.resultFailed, {
    right: r.right,
    total: r.total,
    percent,
  });
  if (!r.passed) return adaptiveCard([textBlock(line)]);
  return adaptiveCard([
    textBlock(t.render(t.file.completionTitle, { module: moduleTitle }), {
      weight: 'Bolder',
      size: 'Medium',
    }),
    textBlock(line),
    {
      type: 'FactSet',
      facts: [
        { title: t.file.facts.module, value: moduleTitle },
        { title: t.file.facts.date, value: norwegianDate(completedAt) },
        { title: t.file.facts.score, value: `${r.right} av ${r.total} (${percent} %)` },
        { title: t.file.facts.kb, value: t.render(t.file.kbVersion, { version: kbVersion }) },
      ],
    },
    smallText(t.file.notCertificate, { spacing: 'Medium' }),
  ]);
}

/** What the learner can ask for anywhere: by a card button, or by typing one of the commands. */
export const learningCommands = ['review', 'nudgesOff', 'nudgesOn', 'share', 'unshare'] as const;
export type LearningCommand = (typeof learningCommands)[number];

/** A card button's value (validated: it comes back from the client). */
export const learningActionSchema = z.object({ learning: z.enum(learningCommands) });

/**
 * «2 repetisjonsspørsmål venter»: the daily nudge in Teams (with a button to turn it off) and the
 * offer when the user comes back (Web Chat).
 */
export function reviewCard(t: LearningTexts, count: number, nudge: boolean): AdaptiveCard {
  return adaptiveCard(
    [textBlock(t.render(nudge ? t.file.nudge : t.file.offer, { count }))],
    [
      valueAction({ learning: 'review' }, t.file.startReview),
      ...(nudge ? [valueAction({ learning: 'nudgesOff' }, t.file.nudgesOffAction)] : []),
    ],
  );
}
