/**
 * "Be om tilsyn fra TSB" in chat (SDK-free): the questions (texts/nb/konsultasjon.yaml), the
 * summary card, a copyable request text, and the contact directory with example entries marked.
 */
import { z } from 'zod';
import type { Directory } from '../domain/konsultasjon/directory.js';
import {
  reasons,
  urgencies,
  type KonsultasjonRequest,
  type Routing,
} from '../domain/konsultasjon/request.js';
import type { KnowledgeItem } from '../domain/knowledge/schema.js';
import { questionSchema } from './questions.js';
import type { Texts } from './texts.js';
import { loadYamlTexts } from './yamlTexts.js';
import {
  adaptiveCard,
  fhirBlocks,
  showCardAction,
  showItemAction,
  submitData,
  textBlock,
  type AdaptiveCard,
} from './cards/adaptive.js';

const fileSchema = z
  .object({
    start: questionSchema,
    afterAuditc: questionSchema,
    reason: questionSchema,
    urgency: questionSchema,
    ageBand: questionSchema,
    pregnant: questionSchema,
    minorChildren: questionSchema,
    suicidalOrSelfHarm: questionSchema,
    mentalDisorderSuspected: questionSchema,
    ward: z.string().min(5),
    send: z.string().min(2),
    contact: z.string().min(5),
    reasonTexts: z
      .object(
        Object.fromEntries(reasons.map((r) => [r, z.string()])) as Record<
          (typeof reasons)[number],
          z.ZodString
        >,
      )
      .strict(),
    urgencyTexts: z
      .object(
        Object.fromEntries(urgencies.map((u) => [u, z.string()])) as Record<
          (typeof urgencies)[number],
          z.ZodString
        >,
      )
      .strict(),
  })
  .strict();
export type KonsultasjonTexts = z.infer<typeof fileSchema>;

export function loadKonsultasjonTexts(): KonsultasjonTexts {
  return loadYamlTexts('konsultasjon', fileSchema).file;
}

export function requestText(texts: Texts, kt: KonsultasjonTexts, r: KonsultasjonRequest): string {
  return texts.render('konsultasjon-summary', {
    reasons: r.reasons.map((x) => kt.reasonTexts[x]).join(', '),
    urgency: kt.urgencyTexts[r.urgency],
    ward: r.ward,
    contact: r.contact,
    ageBand: kt.ageBand.options.find((o) => o.value === r.ageBand)?.label ?? r.ageBand,
    pregnant: kt.pregnant.options.find((o) => o.value === r.pregnant)?.label ?? r.pregnant,
    minorChildren:
      kt.minorChildren.options.find((o) => o.value === r.minorChildren)?.label ?? r.minorChildren,
    suicidal:
      kt.suicidalOrSelfHarm.options.find((o) => o.value === r.suicidalOrSelfHarm)?.label ??
      r.suicidalOrSelfHarm,
    mental:
      kt.mentalDisorderSuspected.options.find((o) => o.value === r.mentalDisorderSuspected)
        ?.label ?? r.mentalDisorderSuspected,
    hasAuditc: r.auditcScore !== undefined,
    auditc: r.auditcScore,
  });
}

/** One line per unit: «- EKSEMPEL – HF, unit: phone (hours)». */
export function directoryLines(directory: Directory | undefined): string[] {
  if (!directory) return [];
  return directory.units.map(
    (u) =>
      `- ${directory.example ? '**EKSEMPEL** – ' : ''}${directory.hf}, ${u.name}: ${u.phone}${u.hours ? ` (${u.hours})` : ''}`,
  );
}

export function konsultasjonCard(
  texts: Texts,
  routing: Routing,
  directory: Directory | undefined,
  items: readonly KnowledgeItem[],
  responsibilityTitle: string,
  fhir: unknown,
): AdaptiveCard {
  const reminders = [
    routing.under18 && texts.render('konsultasjon-under18'),
    routing.pregnancy && texts.render('konsultasjon-pregnant'),
    routing.childrenAsRelatives && texts.render('konsultasjon-children'),
    routing.offerResponsibility && texts.render('konsultasjon-mental'),
  ].filter((x): x is string => typeof x === 'string');
  // Helse Midt-Norge's model: what it promises, and for under 18 whom it contacts first.
  const otherModels = [
    texts.render('konsultasjon-promise'),
    ...(routing.under18 ? [texts.render('konsultasjon-hmn-under18')] : []),
  ];
  return adaptiveCard(
    [
      textBlock(texts.render('konsultasjon-title'), { weight: 'Bolder', size: 'Medium' }),
      textBlock(texts.render('konsultasjon-next')),
      textBlock(`**${texts.render('konsultasjon-contact')}**`, { spacing: 'Medium' }),
      ...directoryLines(directory).map((line) => textBlock(line, { spacing: 'Small' })),
      ...reminders.map((r) => textBlock(`⚠️ ${r}`, { color: 'Warning', spacing: 'Medium' })),
    ],
    [
      ...(routing.offerResponsibility
        ? [
            {
              type: 'Action.Submit',
              title: responsibilityTitle,
              data: submitData(responsibilityTitle),
            },
          ]
        : []),
      showCardAction(
        `${texts.labels.otherModels} (${otherModels.length})`,
        otherModels.map((text) => textBlock(text)),
      ),
      showCardAction(texts.labels.showFhir, fhirBlocks(texts.render('konsultasjon-fhir'), fhir)),
      ...items
        .slice(0, routing.offerResponsibility ? 1 : 2)
        .map((item) =>
          showItemAction(item.id, item.title, `${texts.labels.readShort}: ${item.title}`),
        ),
    ],
  );
}
