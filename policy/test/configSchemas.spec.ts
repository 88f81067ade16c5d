/**
 * The policies' published config schemas (issue 18, the policy group's survivors in them). The
 * schema is what `pulumi policy publish` sends: Pulumi Cloud shows each property's description in
 * the policy group's config form and validates a config against the schema (`pulumi policy
 * validate-config`, https://www.pulumi.com/docs/using-pulumi/crossguard/configuration/), as JSON
 * Schema draft-07 does here through ajv. The offline runner checks only each key's top-level type.
 */
import Ajv from "ajv";
import { expect } from "chai";
import type { Policy } from "@pulumi/policy";
import { allPolicies } from "../policies";

function policyNamed(name: string): Policy {
  const policy = allPolicies.find((p) => p.name === name);
  if (policy === undefined) {
    throw new Error(`no policy named ${name}`);
  }
  return policy;
}

/** The schema errors of `config` for the named policy, as `keyword at dataPath` lines. */
function schemaErrors(name: string, config: Record<string, unknown>): string[] {
  const ajv = new Ajv({ allErrors: true });
  const validate = ajv.compile({ type: "object", ...policyNamed(name).configSchema });
  validate(config);
  return (validate.errors ?? []).map((e) => `${e.keyword} at ${e.dataPath}`);
}

const WILDCARD_ACTION = "inspector-iam-policy-disallow-wildcard-action";
const WILDCARD_RESOURCE = "inspector-iam-policy-disallow-wildcard-resource";
const LOG_RETENTION = "inspector-lambda-function-missing-log-retention";

describe("policy config schemas as published", () => {
  it("describe every property with a sentence for the config form", () => {
    const undescribed = allPolicies.flatMap((policy) =>
      Object.entries(policy.configSchema?.properties ?? {})
        .filter(([, schema]) => {
          const description = typeof schema === "object" ? schema.description : undefined;
          return !/^[A-Z].{9,}\.$/.test(description ?? "");
        })
        .map(([key]) => `${policy.name}.${key}`),
    );
    expect(undescribed).to.deep.equal([]);
  });

  it("accept each default as a configured value", () => {
    for (const policy of allPolicies) {
      const defaults = Object.fromEntries(
        Object.entries(policy.configSchema?.properties ?? {}).map(([key, schema]) => [
          key,
          typeof schema === "object" ? schema.default : undefined,
        ]),
      );
      expect(schemaErrors(policy.name, defaults), policy.name).to.deep.equal([]);
    }
  });

  it("accept lists of distinct action strings and a retention of one day", () => {
    expect(
      schemaErrors(WILDCARD_ACTION, { allowedWildcardActions: ["inspector2:*"] }),
    ).to.deep.equal([]);
    expect(
      schemaErrors(WILDCARD_RESOURCE, {
        unscopableActions: ["ec2:Describe*", "sts:GetCallerIdentity"],
      }),
    ).to.deep.equal([]);
    expect(schemaErrors(LOG_RETENTION, { minimumRetentionDays: 1 })).to.deep.equal([]);
  });

  it("refuse an action list holding a number or the same action twice", () => {
    expect(schemaErrors(WILDCARD_ACTION, { allowedWildcardActions: ["s3:*", 3] })).to.deep.equal([
      "type at .allowedWildcardActions[1]",
    ]);
    expect(
      schemaErrors(WILDCARD_ACTION, { allowedWildcardActions: ["s3:*", "s3:*"] }),
    ).to.deep.equal(["uniqueItems at .allowedWildcardActions"]);
    expect(schemaErrors(WILDCARD_RESOURCE, { unscopableActions: [true] })).to.deep.equal([
      "type at .unscopableActions[0]",
    ]);
    expect(
      schemaErrors(WILDCARD_RESOURCE, { unscopableActions: ["kms:ListKeys", "kms:ListKeys"] }),
    ).to.deep.equal(["uniqueItems at .unscopableActions"]);
  });

  it("refuse a retention of zero days or a fraction of a day", () => {
    expect(schemaErrors(LOG_RETENTION, { minimumRetentionDays: 0 })).to.deep.equal([
      "minimum at .minimumRetentionDays",
    ]);
    expect(schemaErrors(LOG_RETENTION, { minimumRetentionDays: 1.5 })).to.deep.equal([
      "type at .minimumRetentionDays",
    ]);
  });
});
