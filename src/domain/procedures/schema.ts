/**
 * knowledge/procedures/*.yaml: a guided routine as data. One situation question; the checklist
 * is the knowledge items whose `when` includes the chosen situation (or that have no `when`), in
 * order. Every step is a knowledge item, so every step carries its sources.
 */
import { z } from 'zod';

export const procedureSchema = z
  .object({
    id: z.string().regex(/^[a-z]+$/, 'must be the menu entry id (lowercase letters)'),
    title: z.string().min(3),
    intro: z.string().min(10),
    question: z
      .object({
        prompt: z.string().min(5),
        options: z
          .array(
            z
              .object({
                value: z.string().regex(/^[a-z0-9-]+$/),
                label: z.string().min(1),
                synonyms: z.array(z.string()).default([]),
              })
              .strict(),
          )
          .min(2),
      })
      .strict(),
    steps: z
      .array(
        z
          .object({
            item: z.string().min(3),
            when: z.array(z.string()).optional(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict()
  .superRefine((p, ctx) => {
    const values = new Set(p.question.options.map((o) => o.value));
    p.steps.forEach((s, i) =>
      (s.when ?? []).forEach((w, j) => {
        if (!values.has(w)) {
          ctx.addIssue({
            code: 'custom',
            path: ['steps', i, 'when', j],
            message: `unknown situation "${w}"`,
          });
        }
      }),
    );
  });
export type Procedure = z.infer<typeof procedureSchema>;

/** The item ids of the checklist for a situation, in order. */
export function checklist(procedure: Procedure, situation: string): string[] {
  return procedure.steps
    .filter((s) => s.when === undefined || s.when.includes(situation))
    .map((s) => s.item);
}
