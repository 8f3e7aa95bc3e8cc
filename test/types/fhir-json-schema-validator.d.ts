/** Types for @asymmetrik/fhir-json-schema-validator (the package ships none). */
declare module '@asymmetrik/fhir-json-schema-validator' {
  export default class JSONSchemaValidator {
    constructor(schema?: object, ajvSettings?: object);
    validate(
      resource: object,
      verbose?: boolean,
    ): ({ message?: string; dataPath?: string } | string)[];
  }
}
