/**
 * The policies' published config schemas, as the Pulumi engine and Pulumi Cloud use them: the
 * engine validates a stack's policy config with gojsonschema against
 * `{ "type": "object", "properties": <configSchema.properties> }` (pulumi/pulumi,
 * sdk/go/common/resource/analyzer/config.go, `convertSchema`; also what
 * `pulumi policy validate-config` runs), and Pulumi Cloud's policy-group form shows each
 * property's description (https://www.pulumi.com/docs/using-pulumi/crossguard/configuration/).
 * ajv (draft-07, as gojsonschema reads these schemas) stands in for the engine here.
 */
import Ajv from "ajv";
import { expect } from "chai";
import * as path from "path";
import type { Policy } from "@pulumi/policy";
import { allPolicies } from "../policies";
import { loadPolicyConfig } from "../offline";
import { schemaDefaults } from "../lib/config";

/** The engine's validator for one policy's config (convertSchema's wrapping). */
function engineValidator(policy: Policy): Ajv.ValidateFunction {
  return new Ajv({ allErrors: true }).compile({
    type: "object",
    properties: policy.configSchema?.properties ?? {},
  });
}

function policyNamed(name: string): Policy {
  const policy = allPolicies.find((p) => p.name === name);
  if (policy === undefined) {
    throw new Error(`no policy named ${name}`);
  }
  return policy;
}

/** The engine's errors for `config` (empty when it accepts it), as "<path> <message>". */
function engineErrors(policyName: string, config: Record<string, unknown>): string[] {
  const validate = engineValidator(policyNamed(policyName));
  validate(config);
  return (validate.errors ?? []).map((e) => `${e.dataPath} ${e.message ?? ""}`);
}

describe("policy config schemas", () => {
  for (const policy of allPolicies) {
    const properties = Object.entries(policy.configSchema?.properties ?? {});
    if (properties.length === 0) {
      continue;
    }
    describe(policy.name, () => {
      it("describes every setting in a sentence (Pulumi Cloud shows it beside the field)", () => {
        for (const [key, schema] of properties) {
          expect((schema as { description?: unknown }).description, key).to.match(
            /^[A-Z][^\n]{10,}\.$/,
          );
        }
      });

      it("accepts its own defaults", () => {
        expect(engineErrors(policy.name, schemaDefaults(policy.configSchema))).to.deep.equal([]);
      });
    });
  }

  for (const stack of ["dev", "prod"]) {
    it(`config/${stack}.json passes the engine's validation of every policy`, () => {
      const config = loadPolicyConfig(path.join(__dirname, "..", "config", `${stack}.json`));
      for (const policy of allPolicies) {
        const entry = config[policy.name];
        // The engine takes enforcementLevel out before validating the rest (extractEnforcementLevel).
        const settings: Record<string, unknown> = typeof entry === "object" ? { ...entry } : {};
        delete settings["enforcementLevel"];
        expect(engineErrors(policy.name, settings), policy.name).to.deep.equal([]);
      }
    });
  }

  const cases: {
    name: string;
    policy: string;
    config: Record<string, unknown>;
    errors: string[];
  }[] = [
    {
      name: "accepts 12-digit required account ids",
      policy: "inspector-enabler-missing-account",
      config: { requiredAccountIds: ["333333333333", "444444444444"] },
      errors: [],
    },
    {
      name: "refuses a required account id that is not 12 digits",
      policy: "inspector-enabler-missing-account",
      config: { requiredAccountIds: ["33333333333"] },
      errors: ['.requiredAccountIds[0] should match pattern "^\\d{12}$"'],
    },
    {
      name: "refuses a required account id that is not a string",
      policy: "inspector-enabler-missing-account",
      config: { requiredAccountIds: [333333333333] },
      errors: [".requiredAccountIds[0] should be string"],
    },
    {
      name: "refuses a required account id listed twice",
      policy: "inspector-enabler-missing-account",
      config: { requiredAccountIds: ["333333333333", "333333333333"] },
      errors: [
        ".requiredAccountIds should NOT have duplicate items (items ## 1 and 0 are identical)",
      ],
    },
    {
      name: "refuses allowExclusions that is not a boolean",
      policy: "inspector-ecr-repository-enforce-immutable-tags",
      config: { allowExclusions: "yes" },
      errors: [".allowExclusions should be boolean"],
    },
    {
      name: "refuses maxAccountIds above the Enable API's 100",
      policy: "inspector-enabler-enforce-account-limit",
      config: { maxAccountIds: 101 },
      errors: [".maxAccountIds should be <= 100"],
    },
    {
      name: "refuses a governed region that is not a Region code",
      policy: "inspector-delegated-admin-missing-region",
      config: { governedRegions: ["us-east"] },
      errors: ['.governedRegions[0] should match pattern "^[a-z]{2}(-[a-z]+)+-\\d$"'],
    },
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
