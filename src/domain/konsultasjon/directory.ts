/** knowledge/directory.yaml: whom to contact for a TSB konsultasjon, per helseforetak. */
import { z } from 'zod';

export const directoryFileSchema = z
  .object({
    entries: z
      .array(
        z
          .object({
            id: z.string().regex(/^[a-z0-9-]+$/),
            /** true for shipped example entries: shown as examples, never as real contacts */
            example: z.boolean(),
            hf: z.string().min(2),
            unit: z.string().min(2),
            phone: z.string().min(2),
            hours: z.string().optional(),
            note: z.string().optional(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
export type Directory = z.infer<typeof directoryFileSchema>;
