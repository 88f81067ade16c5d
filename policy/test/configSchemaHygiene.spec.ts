/**
 * The config schemas of the IAM and log-retention rules as the engine validates them (issue 18,
 * the policy group's survivors in them): action lists of distinct strings, a whole retention of at
 * least one day. The engine validates a stack's policy config with gojsonschema against
 * `{ "type": "object", "properties": <configSchema.properties> }` (pulumi/pulumi,
 * sdk/go/common/resource/analyzer/config.go, `convertSchema`; also `pulumi policy validate-config`,
 * https://www.pulumi.com/docs/using-pulumi/crossguard/configuration/); ajv (draft-07) stands in
 * for it. The offline runner checks only each key's top-level type.
 */
import Ajv from "ajv";
import { expect } from "chai";
import { allPolicies } from "../policies";

/** The engine's errors for `config` (empty when it accepts it), as "<path> <message>". */
function engineErrors(policyName: string, config: Record<string, unknown>): string[] {
  const policy = allPolicies.find((p) => p.name === policyName);
  if (policy === undefined) {
    throw new Error(`no policy named ${policyName}`);
  }
  const validate = new Ajv({ allErrors: true }).compile({
    type: "object",
    properties: policy.configSchema?.properties ?? {},
  });
  validate(config);
  return (validate.errors ?? []).map((e) => `${e.dataPath} ${e.message ?? ""}`);
}

describe("policy config schemas of the IAM and log-retention rules", () => {
  const cases: {
    name: string;
    policy: string;
    config: Record<string, unknown>;
    errors: string[];
  }[] = [
    {
      name: "accepts distinct service wildcards",
      policy: "inspector-iam-policy-disallow-wildcard-action",
      config: { allowedWildcardActions: ["inspector2:*", "s3:*"] },
      errors: [],
    },
    {
      name: "refuses an allowed wildcard that is not a string",
      policy: "inspector-iam-policy-disallow-wildcard-action",
      config: { allowedWildcardActions: ["s3:*", 3] },
      errors: [".allowedWildcardActions[1] should be string"],
    },
    {
      name: "refuses an allowed wildcard listed twice",
      policy: "inspector-iam-policy-disallow-wildcard-action",
      config: { allowedWildcardActions: ["s3:*", "s3:*"] },
      errors: [
        ".allowedWildcardActions should NOT have duplicate items (items ## 1 and 0 are identical)",
      ],
    },
    {
      name: "accepts distinct unscopable action globs",
      policy: "inspector-iam-policy-disallow-wildcard-resource",
      config: { unscopableActions: ["ec2:Describe*", "sts:GetCallerIdentity"] },
      errors: [],
    },
    {
      name: "refuses an unscopable action that is not a string",
      policy: "inspector-iam-policy-disallow-wildcard-resource",
      config: { unscopableActions: [true] },
      errors: [".unscopableActions[0] should be string"],
    },
    {
      name: "refuses an unscopable action listed twice",
      policy: "inspector-iam-policy-disallow-wildcard-resource",
      config: { unscopableActions: ["kms:ListKeys", "kms:ListKeys"] },
      errors: [
        ".unscopableActions should NOT have duplicate items (items ## 1 and 0 are identical)",
      ],
    },
    {
      name: "accepts a minimum retention of one day",
      policy: "inspector-lambda-function-missing-log-retention",
      config: { minimumRetentionDays: 1 },
      errors: [],
    },
    {
      name: "refuses a minimum retention of zero days",
      policy: "inspector-lambda-function-missing-log-retention",
      config: { minimumRetentionDays: 0 },
      errors: [".minimumRetentionDays should be >= 1"],
    },
    {
      name: "refuses a minimum retention that is not a whole number of days",
      policy: "inspector-lambda-function-missing-log-retention",
      config: { minimumRetentionDays: 1.5 },
      errors: [".minimumRetentionDays should be integer"],
    },
  ];
  for (const c of cases) {
    it(`${c.policy}: ${c.name}`, () => {
      expect(engineErrors(c.policy, c.config)).to.deep.equal(c.errors);
    });
  }
});
