/**
 * A structured request for a TSB konsultasjon (tilsyn) from a somatic ward — with nothing that
 * identifies the patient — and what it triggers: the acute routine first for suicidal thoughts or
 * self-harm, the under-18 rule, the pregnancy routine, the barn som pårørende reminder, and the
 * responsibility flow when a mental disorder is suspected too.
 */
import { z } from 'zod';

export const reasons = [
  'auditc-positive',
  'other-substances',
  'withdrawal',
  'intoxication',
  'overdose',
  'relatives-concern',
] as const;
export const urgencies = ['acute', 'today', 'planned'] as const;
export const ageBands = ['under-18', '18-64', '65+'] as const;
const yesNo = ['yes', 'no', 'unknown'] as const;

export const konsultasjonRequestSchema = z
  .object({
    reasons: z.array(z.enum(reasons)).min(1, 'reasons must name at least one reason'),
    urgency: z.enum(urgencies),
    ward: z.string().trim().min(1).max(80),
    contact: z.string().trim().min(1).max(80),
    ageBand: z.enum(ageBands),
    pregnant: z.enum([...yesNo, 'not-relevant']),
    minorChildren: z.enum(yesNo),
    suicidalOrSelfHarm: z.enum(yesNo),
    mentalDisorderSuspected: z.enum(yesNo),
    auditcScore: z.number().int().min(0).max(12).optional(),
  })
  .strict();
export type KonsultasjonRequest = z.infer<typeof konsultasjonRequestSchema>;

export interface Routing {
  /** Suicidal thoughts or self-harm: the acute routine comes before anything else. */
  readonly acuteFirst: boolean;
  readonly under18: boolean;
  readonly pregnancy: boolean;
  readonly childrenAsRelatives: boolean;
  readonly offerResponsibility: boolean;
}

export function route(
  r: Pick<
    KonsultasjonRequest,
    'suicidalOrSelfHarm' | 'ageBand' | 'pregnant' | 'minorChildren' | 'mentalDisorderSuspected'
  >,
): Routing {
  return {
    acuteFirst: r.suicidalOrSelfHarm === 'yes',
    under18: r.ageBand === 'under-18',
    pregnancy: r.pregnant === 'yes',
    childrenAsRelatives: r.minorChildren === 'yes',
    offerResponsibility: r.mentalDisorderSuspected === 'yes',
  };
}

/** Norwegian text for the answers, as a person reads them in the resource's notes. */
const answerText: Record<KonsultasjonRequest['pregnant'], string> = {
  yes: 'ja',
  no: 'nei',
  unknown: 'ukjent',
  'not-relevant': 'ikke aktuelt',
};
const ageBandText: Record<KonsultasjonRequest['ageBand'], string> = {
  'under-18': 'under 18 år',
  '18-64': '18–64 år',
  '65+': '65 år eller eldre',
};

/** FHIR R4 ServiceRequest for the konsultasjon. No patient identity: subject is a display only. */
export function konsultasjonServiceRequest(
  r: KonsultasjonRequest,
  reasonTexts: Record<(typeof reasons)[number], string>,
  authored: Date = new Date(),
): Record<string, unknown> {
  const priority = { acute: 'stat', today: 'urgent', planned: 'routine' }[r.urgency];
  return {
    resourceType: 'ServiceRequest',
    status: 'active',
    intent: 'order',
    priority,
    category: [{ text: 'Tilsyn fra tverrfaglig spesialisert rusbehandling (TSB)' }],
    code: { text: 'Konsultasjon/tilsyn fra TSB' },
    subject: { display: 'Pasient (ikke identifisert i Fagstøtte)' },
    authoredOn: authored.toISOString(),
    requester: { display: `${r.ward} – ${r.contact}` },
    performer: [{ display: 'TSB konsultasjonstjeneste' }],
    reasonCode: r.reasons.map((reason) => ({ text: reasonTexts[reason] })),
    note: [
      { text: `Aldersgruppe: ${ageBandText[r.ageBand]}` },
      ...(r.auditcScore !== undefined ? [{ text: `AUDIT-C: ${r.auditcScore} av 12` }] : []),
      {
        text: `Graviditet: ${answerText[r.pregnant]}; mindreårige barn/søsken: ${answerText[r.minorChildren]}; selvmordstanker/selvskading: ${answerText[r.suicidalOrSelfHarm]}`,
      },
    ],
  };
}
