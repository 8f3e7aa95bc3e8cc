/**
 * A FHIR R4 QuestionnaireResponse for an AUDIT-C screening, LOINC-coded (panel 72109-2), with no
 * patient identity: no subject, no author, no encounter — only the answers, the total and the time.
 */
import type { AuditcResult } from './score.js';
import type { AuditcConfig } from './schema.js';

export interface Coding {
  readonly system: string;
  readonly code: string;
  readonly display?: string;
}

export interface QuestionnaireResponse {
  readonly resourceType: 'QuestionnaireResponse';
  readonly status: 'completed';
  readonly questionnaire: string;
  readonly authored: string;
  readonly language: string;
  readonly item: readonly {
    readonly linkId: string;
    readonly text: string;
    readonly answer: readonly (
      { readonly valueCoding: Coding } | { readonly valueInteger: number }
    )[];
  }[];
}

export const LOINC = 'http://loinc.org';

export function auditcQuestionnaireResponse(
  config: AuditcConfig,
  result: AuditcResult,
  authored: Date = new Date(),
): QuestionnaireResponse {
  return {
    resourceType: 'QuestionnaireResponse',
    status: 'completed',
    questionnaire: `${LOINC}/q/${config.panel.loinc}`,
    authored: authored.toISOString(),
    language: 'nb-NO',
    item: [
      // Questions 2 and 3 were not asked when question 1 was «Aldri»: no answer is recorded.
      ...config.questions.slice(0, result.neverDrinks ? 1 : 3).map((q, i) => {
        const a = q.answers[result.answers[i] ?? 0];
        return {
          linkId: `/${q.loinc}`,
          text: q.text,
          answer: a ? [{ valueCoding: { system: LOINC, code: a.loinc, display: a.display } }] : [],
        };
      }),
      {
        linkId: `/${config.panel.totalScoreLoinc}`,
        text: 'AUDIT-C totalskår',
        answer: [{ valueInteger: result.score }],
      },
    ],
  };
}
