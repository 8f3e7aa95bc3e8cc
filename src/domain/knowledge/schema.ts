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
  'guideline-draft',
  'official-guidance',
  'national-advice',
  'national-guidance',
  'national-information',
  'national-public-information',
  'law',
  'research',
  'local-routine',
] as const;
export type Authority = (typeof authorities)[number];

export const kebabId = z
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

/** The closed list of areas. Every area must have at least one item (`npm run kb:check`). */
export const areas = [
  'ansvarsfordeling',
  'rop',
  'barn-og-unge',
  'habilitering',
  'alkohol-audit-c',
  'konsultasjon',
  'barn-som-parorende',
  'selvmord-selvskading',
  'tvang-hotl',
  'rettighetsvurdering',
  'pakkeforlop',
  'gravide-smabarn',
  'integrert-ettervern',
  'samhandling-team',
  'begreper',
] as const;
export type Area = (typeof areas)[number];

/** Norwegian labels shown to users. */
export const areaLabels: Record<Area, string> = {
  ansvarsfordeling: 'Ansvarsfordeling',
  rop: 'ROP – samtidig ruslidelse og psykisk lidelse',
  'barn-og-unge': 'Barn og unge under 18',
  habilitering: 'Habilitering og utviklingsforstyrrelser',
  'alkohol-audit-c': 'Alkohol og AUDIT-C',
  konsultasjon: 'Konsultasjon fra TSB til somatikken',
  'barn-som-parorende': 'Barn som pårørende',
  'selvmord-selvskading': 'Selvmord og selvskading',
  'tvang-hotl': 'Tvang og HOTL §§ 10-2/10-3',
  rettighetsvurdering: 'Rettighetsvurdering',
  pakkeforlop: 'Pakkeforløp',
  'gravide-smabarn': 'Gravide og småbarnsfamilier',
  'integrert-ettervern': 'Integrert ettervern',
  'samhandling-team': 'Samhandling og team',
  begreper: 'Begreper',
};

export const authorityLabels: Record<Authority, string> = {
  'regional-requirement': 'krav i Helse Sør-Øst',
  'regional-direction': 'retning i Helse Sør-Øst',
  'public-information': 'informasjon fra Helse Sør-Øst',
  'other-region-model': 'modell fra en annen region (ikke regel i Helse Sør-Øst)',
  'expert-recommendation': 'anbefaling fra ekspertutvalg (ikke bindende)',
  'national-guideline': 'nasjonal faglig retningslinje',
  'guideline-draft': 'høringsutkast til nasjonal retningslinje (ikke endelig tekst)',
  'official-guidance': 'Helsedirektoratets kommentar til loven (rundskriv)',
  'national-advice': 'faglige råd fra Helsedirektoratet (ikke retningslinje)',
  'national-guidance': 'nasjonal veileder eller pasientforløp fra Helsedirektoratet',
  'national-information': 'informasjonsside fra Helsedirektoratet (ikke retningslinje)',
  'national-public-information': 'offentlig informasjon (helsenorge.no), ikke faglig regel',
  law: 'lov eller forskrift',
  research: 'forskning',
  'local-routine': 'lokal rutine i helseforetaket',
};

export const audiences = [
  'alle',
  'somatikk',
  'psykisk-helsevern',
  'tsb',
  'barn-og-unge',
  'habilitering',
  'ledelse',
  'nyansatte',
] as const;

export const kinds = [
  'requirement',
  'recommendation',
  'responsibility',
  'routine',
  'time-limit',
  'law',
  'definition',
  'fact',
] as const;

export const citationSchema = z
  .object({
    /** id of a document in sources.yaml */
    source: kebabId,
    /** the document's own section number, e.g. "5.6" or "6.4.1"; a page name for unnumbered pages */
    section: z.string().trim().min(1, 'a source must name its section'),
    /** the section's heading as the document gives it */
    heading: z.string().trim().min(2),
    /** line range in the seed file, e.g. "1343-1366" (seeds only) */
    lines: z
      .string()
      .regex(/^\d+(?:-\d+)?$/, 'must be a line number or range like 1343-1366')
      .optional(),
  })
  .strict();
export type Citation = z.infer<typeof citationSchema>;

export const itemSchema = z
  .object({
    id: kebabId,
    title: z.string().trim().min(5).max(120),
    area: z.enum(areas),
    /** Further areas the item also belongs to (listing by area includes it). */
    alsoAreas: z.array(z.enum(areas)).optional(),
    summary: z.string().trim().min(20).max(400),
    body: z.string().trim().min(20).max(3000),
    audience: z.array(z.enum(audiences)).min(1),
    /** true when staff (or their HF) must follow it: law, or a binding Helse Sør-Øst requirement */
    mandatory: z.boolean(),
    kind: z.enum(kinds),
    keywords: z.array(z.string().trim().min(2)).min(2),
    sources: z.array(citationSchema).min(1),
    related: z.array(kebabId).optional(),
    /** Caveat shown with the answer (e.g. "planperioden er utløpt") */
    caveat: z.string().trim().min(10).optional(),
  })
  .strict();
export type KnowledgeItem = z.infer<typeof itemSchema>;

export const itemsFileSchema = z.object({ items: z.array(itemSchema).min(1) }).strict();

export const glossaryEntrySchema = z
  .object({
    abbr: z.string().trim().min(2).max(20),
    expansion: z.string().trim().min(3),
    /** what it is, one sentence in Norwegian (optional) */
    description: z.string().trim().min(5).optional(),
    /** other spellings users type: "BUP-en", "habu" */
    variants: z.array(z.string().trim().min(2)).optional(),
    sources: z.array(citationSchema).min(1),
  })
  .strict();
export type GlossaryEntry = z.infer<typeof glossaryEntrySchema>;

export const glossaryFileSchema = z
  .object({ entries: z.array(glossaryEntrySchema).min(1) })
  .strict();

export const lexiconFileSchema = z
  .object({
    /** groups of words that mean the same for search: any one finds the others */
    synonyms: z.array(z.array(z.string().trim().min(2)).min(2)),
    /** words too common to help search */
    stopWords: z.array(z.string().trim().min(1)),
  })
  .strict();
export type Lexicon = z.infer<typeof lexiconFileSchema>;
