/**
 * Detects messages that signal acute suicide risk, from the trigger patterns in
 * knowledge/safety.yaml (matched on the folded text, so case, æøå and punctuation do not matter).
 * Pure: the caller decides what to do (the bot gives the acute routine first, in any dialog).
 */
import { z } from 'zod';
import { fold } from '../knowledge/normalize.js';

const pattern = z.string().refine(
  (p) => {
    try {
      new RegExp(p);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be a valid regular expression' },
);

export const safetyFileSchema = z
  .object({
    triggers: z
      .array(
        z
          .object({
            id: z.string().regex(/^ACUTE-[A-Z0-9-]+$/, 'must look like ACUTE-INTENT'),
            description: z.string().min(5),
            pattern,
          })
          .strict(),
      )
      .min(1),
    routine: z.object({ items: z.array(z.string()).default([]) }).strict(),
  })
  .strict();
export type SafetyConfig = z.infer<typeof safetyFileSchema>;

export interface AcuteRiskDetector {
  detect(text: string | undefined): {
    readonly acute: boolean;
    readonly matched: readonly string[];
  };
}

export function createAcuteRiskDetector(config: SafetyConfig): AcuteRiskDetector {
  const compiled = config.triggers.map((t) => ({ id: t.id, re: new RegExp(t.pattern, 'u') }));
  return {
    detect(text) {
      if (!text) return { acute: false, matched: [] };
      const folded = fold(text);
      const matched = compiled.filter((t) => t.re.test(folded)).map((t) => t.id);
      return { acute: matched.length > 0, matched };
    },
  };
}
