/**
 * zod schemas for the files in knowledge/. The loader reports any violation with the file and
 * the dot-path of the field, so a content owner can find and fix it.
 */
import { z } from 'zod';

export const authorities = [
  'regional-requirement',
  'regional-direction',
  'public-information',
  'other-region-model',
  'expert-recommendation',
  'national-guideline',
  'law',
  'research',
] as const;
export type Authority = (typeof authorities)[number];

const kebabId = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a kebab-case id (a-z, 0-9, hyphens)');

export const sourceSchema = z
  .object({
    id: kebabId,
    file: z.string().min(1).optional(),
    url: z.url().optional(),
    title: z.string().min(3),
    issuer: z.string().min(2),
    region: z.string().min(2),
    authority: z.enum(authorities),
    published: z.string().optional(),
    validUntil: z.string().optional(),
    external: z.boolean(),
  })
  .strict()
  .refine((s) => s.external || s.file !== undefined, {
    message: 'a seed source (external: false) must name its file',
    path: ['file'],
  })
  .refine((s) => !s.external || s.url !== undefined || s.title.length > 0, {
    message: 'an external source must have a title or url',
    path: ['url'],
  });
export type Source = z.infer<typeof sourceSchema>;

export const sourcesFileSchema = z
  .object({
    sources: z.array(sourceSchema).min(1),
  })
  .strict();
