/**
 * knowledge/procedures/*.yaml: a guided routine as data. A few option questions (each may be
 * asked only when earlier answers match, and may allow several answers); the checklist is the
 * knowledge items whose `when` matches the answers (or that have no `when`), grouped by section
 * in the order the sections are listed. Every step is a knowledge item, so every step carries its
 * sources. SDK-free.
 */
import { z } from 'zod';

const slug = z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lowercase letters, digits and -');

/** question id → accepted answer values; every listed question must have one of its values. */
const conditionSchema = z.record(slug, z.array(slug).min(1));
type Condition = z.infer<typeof conditionSchema>;
/** a condition, or a list of alternatives (applies when any one matches) */
const whenSchema = z.union([conditionSchema, z.array(conditionSchema).min(1)]);
type When = z.infer<typeof whenSchema>;

const optionSchema = z
  .object({
    value: slug,
    label: z.string().min(1),
    synonyms: z.array(z.string()).default([]),
  })
  .strict();

const questionSchema = z
  .object({
    id: slug,
    prompt: z.string().min(5),
    /** how the answer is labelled in the summary the user copies into documentation */
    record: z.string().min(2),
    /** several answers may be chosen (a multi-select card) */
    multi: z.boolean().default(false),
    /** the chosen label is shown in the checklist heading ("Sjekkliste: … – Utskrivning") */
    inTitle: z.boolean().default(false),
    /** ask only when earlier answers match */
    askIf: conditionSchema.optional(),
    options: z.array(optionSchema).min(2),
  })
  .strict();
export type ProcedureQuestion = z.infer<typeof questionSchema>;

export const procedureSchema = z
  .object({
    id: z.string().regex(/^[a-z]+$/, 'must be the menu entry id (lowercase letters)'),
    title: z.string().min(3),
    intro: z.string().min(10),
    questions: z.array(questionSchema).min(1),
    /** optional headings the checklist is grouped under, in this order */
    sections: z
      .array(z.object({ id: slug, title: z.string().min(3) }).strict())
      .min(1)
      .optional(),
    steps: z
      .array(
        z
          .object({
            item: z.string().min(3),
            section: slug.optional(),
            when: whenSchema.optional(),
          })
          .strict(),
      )
      .min(1),
    /**
     * Short notices shown above the checklist when the answers call for them (e.g. serious
     * concern). Each points at the knowledge item it rests on, which is also a step.
     */
    alerts: z
      .array(
        z.object({ when: whenSchema, text: z.string().min(10), item: z.string().min(3) }).strict(),
      )
      .optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const seen = new Map<string, Set<string>>();
    const checkCondition = (cond: Condition | undefined, path: (string | number)[]): void => {
      for (const [q, values] of Object.entries(cond ?? {})) {
        const known = seen.get(q);
        if (!known) {
          ctx.addIssue({
            code: 'custom',
            path: [...path, q],
            message: `unknown (or later) question "${q}"`,
          });
          continue;
        }
        values.forEach((v, j) => {
          if (!known.has(v)) {
            ctx.addIssue({
              code: 'custom',
              path: [...path, q, j],
              message: `question "${q}" has no option "${v}"`,
            });
          }
        });
      }
    };
    p.questions.forEach((q, i) => {
      if (seen.has(q.id)) {
        ctx.addIssue({ code: 'custom', path: ['questions', i, 'id'], message: 'duplicate id' });
      }
      checkCondition(q.askIf, ['questions', i, 'askIf']);
      seen.set(q.id, new Set(q.options.map((o) => o.value)));
    });
    const checkWhen = (when: When | undefined, path: (string | number)[]): void => {
      if (Array.isArray(when)) when.forEach((c, j) => checkCondition(c, [...path, j]));
      else checkCondition(when, path);
    };
    const sections = new Set(p.sections?.map((s) => s.id));
    const stepItems = new Set(p.steps.map((s) => s.item));
    p.alerts?.forEach((a, i) => {
      checkWhen(a.when, ['alerts', i, 'when']);
      if (!stepItems.has(a.item)) {
        ctx.addIssue({
          code: 'custom',
          path: ['alerts', i, 'item'],
          message: `"${a.item}" is not a step of this procedure`,
        });
      }
    });
    p.steps.forEach((s, i) => {
      checkWhen(s.when, ['steps', i, 'when']);
      if (p.sections && (s.section === undefined || !sections.has(s.section))) {
        ctx.addIssue({
          code: 'custom',
          path: ['steps', i, 'section'],
          message: `must be one of the sections: ${[...sections].join(', ')}`,
        });
      }
      if (!p.sections && s.section !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['steps', i, 'section'],
          message: 'the procedure lists no sections',
        });
      }
    });
  });
export type Procedure = z.infer<typeof procedureSchema>;

/** The answers so far: question id → chosen option values. */
export type Answers = Readonly<Record<string, readonly string[]>>;

function matches(cond: Condition | undefined, answers: Answers): boolean {
  return Object.entries(cond ?? {}).every(([q, values]) =>
    (answers[q] ?? []).some((a) => values.includes(a)),
  );
}

/** The next question to ask, or undefined when every question that applies is answered. */
export function nextQuestion(
  procedure: Procedure,
  answers: Answers,
): ProcedureQuestion | undefined {
  return procedure.questions.find((q) => answers[q.id] === undefined && matches(q.askIf, answers));
}

export interface ChecklistGroup {
  /** the section heading, or undefined for a procedure without sections */
  readonly title: string | undefined;
  readonly items: readonly string[];
}

/** The checklist for the answers: item ids, grouped by section in section order. */
function applies(when: When | undefined, answers: Answers): boolean {
  return Array.isArray(when) ? when.some((c) => matches(c, answers)) : matches(when, answers);
}

/** The notices the answers call for, in order: their text and the item each rests on. */
export function alerts(procedure: Procedure, answers: Answers): { text: string; item: string }[] {
  return (procedure.alerts ?? [])
    .filter((a) => applies(a.when, answers))
    .map(({ text, item }) => ({ text, item }));
}

export function checklist(procedure: Procedure, answers: Answers): ChecklistGroup[] {
  const chosen = procedure.steps.filter((s) => applies(s.when, answers));
  if (!procedure.sections) return [{ title: undefined, items: chosen.map((s) => s.item) }];
  return procedure.sections
    .map((sec) => ({
      title: sec.title,
      items: chosen.filter((s) => s.section === sec.id).map((s) => s.item),
    }))
    .filter((g) => g.items.length > 0);
}

/** Every answer combination the questions allow (one option per question), e.g. for tests. */
export function allAnswerPaths(procedure: Procedure): Answers[] {
  const paths: Answers[] = [];
  const walk = (answers: Answers): void => {
    const q = nextQuestion(procedure, answers);
    if (!q) {
      paths.push(answers);
      return;
    }
    for (const o of q.options) walk({ ...answers, [q.id]: [o.value] });
  };
  walk({});
  return paths;
}
