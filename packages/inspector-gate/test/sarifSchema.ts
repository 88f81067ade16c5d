import Ajv from "ajv";
import * as fs from "fs";
import { fixtureJson } from "./fixtures";

/**
 * The OASIS SARIF 2.1.0 schema (errata01), vendored verbatim from oasis-tcs/sarif-spec
 * `Schemata/sarif-schema-2.1.0.json`. It is draft-04, so ajv 6 gets the draft-04 meta-schema.
 */
export function sarifValidator(): Ajv.ValidateFunction {
  const ajv = new Ajv({ schemaId: "auto", allErrors: true });
  ajv.addMetaSchema(
    JSON.parse(
      fs.readFileSync(require.resolve("ajv/lib/refs/json-schema-draft-04.json"), "utf8"),
    ) as object,
  );
  return ajv.compile(fixtureJson<object>("sarif-schema-2.1.0.json"));
}
