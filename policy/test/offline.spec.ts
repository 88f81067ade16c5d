import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as aws from "@pulumi/aws";
import type {
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import { validateResourceOfType } from "@pulumi/policy";
import {
  OfflineResource,
  PolicyConfigError,
  durationSeconds,
  loadPolicyConfig,
  runPolicies,
} from "../offline";
import { allPolicies } from "../policies";
import { sqsQueueEnableEncryption } from "../policies/sqsQueue/enableEncryption";
import { ADMIN, MEMBERS, compliantRollout, mutate } from "./fixtures";
import { StackFixtureResource, urnOf } from "./helpers";

/** The fixture as the program's recorder would record it. */
function toOffline(fixture: readonly StackFixtureResource[]): OfflineResource[] {
  const urns = new Map(fixture.map((r) => [r.name, urnOf(r.cls, r.name)]));
  return fixture.map((r) => ({
    type: (r.cls as unknown as { __pulumiType: string }).__pulumiType,
    name: r.name,
    urn: urnOf(r.cls, r.name),
    inputs: r.props,
    dependencies: (r.dependsOn ?? []).map((n) => urns.get(n) as string),
    protect: r.opts?.protect ?? false,
    retainOnDelete: r.opts?.retainOnDelete ?? false,
  }));
}

const plainQueue: StackFixtureResource = { cls: aws.sqs.Queue, name: "plain", props: {} };
const QUEUE_MESSAGE =
  "SQS queue 'plain' is not encrypted at rest; set sqsManagedSseEnabled: true or kmsMasterKeyId.";

describe("runPolicies", () => {
  it("reports nothing for the compliant rollout under the default (mandatory) pack", async () => {
    expect(await runPolicies(toOffline(compliantRollout()))).to.deep.equal([]);
  });

  it("reports nothing for an empty stack: every checklist policy is not applicable", async () => {
    expect(await runPolicies([])).to.deep.equal([]);
  });

  it("reports a violation at the pack's mandatory level when no config is given", async () => {
    const violations = await runPolicies(toOffline([plainQueue]));
    expect(violations).to.deep.equal([
      {
        policyName: "inspector-sqs-queue-enable-encryption",
        enforcementLevel: "mandatory",
        resourceUrn: urnOf(aws.sqs.Queue, "plain"),
        resourceName: "plain",
        resourceType: "aws:sqs/queue:Queue",
        message: QUEUE_MESSAGE,
      },
    ]);
  });

  const levelCases: {
    name: string;
    config: Record<string, Record<string, unknown> | string>;
    level: string;
  }[] = [
    {
      name: "takes the level from the policy's config entry",
      config: { "inspector-sqs-queue-enable-encryption": { enforcementLevel: "advisory" } },
      level: "advisory",
    },
    {
      name: "accepts a bare level as the policy's config entry",
      config: { "inspector-sqs-queue-enable-encryption": "advisory" },
      level: "advisory",
    },
    {
      name: "applies the level of the 'all' entry",
      config: { all: "advisory" },
      level: "advisory",
    },
    {
      name: "prefers the policy's own entry over 'all'",
      config: {
        all: "advisory",
        "inspector-sqs-queue-enable-encryption": { enforcementLevel: "mandatory" },
      },
      level: "mandatory",
    },
    {
      name: "reports a remediate policy that still fails as mandatory, as the engine does",
      config: { "inspector-sqs-queue-enable-encryption": { enforcementLevel: "remediate" } },
      level: "mandatory",
    },
  ];
  for (const c of levelCases) {
    it(c.name, async () => {
      const violations = await runPolicies(toOffline([plainQueue]), { config: c.config });
      expect(violations.map((v) => [v.policyName, v.enforcementLevel])).to.deep.equal([
        ["inspector-sqs-queue-enable-encryption", c.level],
      ]);
    });
  }

  it("uses the policy's own level over the pack's when config sets none", async () => {
    const advisoryPolicy: ResourceValidationPolicy = {
      ...sqsQueueEnableEncryption,
      enforcementLevel: "advisory",
    };
    const violations = await runPolicies(toOffline([plainQueue]), { policies: [advisoryPolicy] });
    expect(violations.map((v) => v.enforcementLevel)).to.deep.equal(["advisory"]);
  });

  it("skips disabled policies", async () => {
    const violations = await runPolicies(toOffline([plainQueue]), {
      config: { "inspector-sqs-queue-enable-encryption": { enforcementLevel: "disabled" } },
    });
    expect(violations).to.deep.equal([]);
  });

  it("does not report a policy that calls notApplicable", async () => {
    const calls: string[] = [];
    const policy: StackValidationPolicy = {
      name: "inspector-test-missing-thing",
      description: "Test.",
      validateStack: (args) => {
        calls.push("ran");
        args.notApplicable("nothing to check");
      },
    };
    expect(await runPolicies(toOffline([plainQueue]), { policies: [policy] })).to.deep.equal([]);
    expect(calls).to.deep.equal(["ran"]);
  });

  it("passes the policy's config merged over its schema defaults", async () => {
    const resources = toOffline(
      mutate(compliantRollout(), "members-us-east-1", (props) => {
        props["accountIds"] = [...MEMBERS, "555555555555"];
      }),
    );
    const violations = await runPolicies(resources, {
      config: { "inspector-enabler-enforce-account-limit": { maxAccountIds: 2 } },
    });
    expect(violations.map((v) => v.message)).to.deep.equal([
      "Enabler 'members-us-east-1' lists 3 account ids; the Enable API accepts at most 2, so split it into Enablers of at most 2 ids (policy config maxAccountIds).",
      "Account 555555555555 is enabled by Enabler 'members-us-east-1' in us-east-1 but is not associated there; add it to the accountIds of the region's member associations (or an aws.inspector2.MemberAssociation in the same region).",
    ]);
  });

  it("gives resource policies the recorded options, retainOnDelete and protect included", async () => {
    const resources = toOffline(compliantRollout()).map((r) =>
      r.name === "admin-us-east-1" ? { ...r, retainOnDelete: false } : r,
    );
    const violations = await runPolicies(resources, {
      config: { "inspector-enablement-enforce-retain-on-delete": { requireProtect: true } },
    });
    const messages = violations.map((v) => v.message);
    expect(messages).to.include(
      "DelegatedAdminAccount 'admin-us-east-1' is not retained on delete; deleting it disables Inspector scanning across the organization, so set the resource option retainOnDelete: true.",
    );
    expect(messages).to.include(
      "OrganizationConfiguration 'org-config-eu-west-1' is not protected; set the resource option protect: true (policy config requireProtect).",
    );
    expect(messages).to.have.length(5);
  });

  it("builds 1.21 ResourceValidationArgs: options, provider, stackTags, isType, asType", async () => {
    const seen: ResourceValidationArgs[] = [];
    const policy: ResourceValidationPolicy = {
      name: "inspector-test-missing-thing",
      description: "Test.",
      validateResource: validateResourceOfType(aws.sqs.Queue, (_, args) => {
        seen.push(args);
      }),
    };
    const providerUrn = "urn:pulumi:test::inspector-rollout::pulumi:providers:aws::admin";
    const resources: OfflineResource[] = [
      {
        type: "pulumi:providers:aws",
        name: "admin",
        urn: providerUrn,
        inputs: { region: "us-east-1" },
        dependencies: [],
        protect: false,
        retainOnDelete: false,
      },
      {
        ...toOffline([plainQueue])[0],
        parent: "urn:pulumi:test::inspector-rollout::inspector:index:Findings::f",
        provider: `${providerUrn}::provider-id`,
        protect: true,
        customTimeouts: { create: "1h30m", delete: "45m" },
        aliases: ["urn:old"],
        ignoreChanges: ["tags"],
      },
    ];
    await runPolicies(resources, { policies: [policy] });
    expect(seen).to.have.length(1);
    const args = seen[0];
    expect(args.opts).to.deep.equal({
      protect: true,
      ignoreChanges: ["tags"],
      aliases: ["urn:old"],
      customTimeouts: { createSeconds: 5400, updateSeconds: 0, deleteSeconds: 2700 },
      additionalSecretOutputs: [],
      retainOnDelete: false,
      parent: "urn:pulumi:test::inspector-rollout::inspector:index:Findings::f",
    });
    expect(args.provider).to.deep.equal({
      type: "pulumi:providers:aws",
      props: { region: "us-east-1" },
      urn: providerUrn,
      name: "admin",
    });
    expect(args.stackTags.size).to.equal(0);
    expect(args.isType(aws.sqs.Queue)).to.equal(true);
    expect(args.isType(aws.sns.Topic)).to.equal(false);
    expect(args.asType(aws.sqs.Queue)).to.equal(args.props);
    expect(() => args.notApplicable("x")).to.throw("x");
  });

  it("gives stack policies resources with parents and dependencies as objects", async () => {
    let dependencyNames: string[] = [];
    const policy: StackValidationPolicy = {
      name: "inspector-test-missing-thing",
      description: "Test.",
      validateStack: (args) => {
        const target = args.resources.find((r) => r.name === "findings-target-us-east-1");
        dependencyNames = (target?.dependencies ?? []).map((d) => d.name);
      },
    };
    await runPolicies(toOffline(compliantRollout()), { policies: [policy] });
    expect(dependencyNames).to.deep.equal(["findings-us-east-1"]);
  });

  it("yields exactly the expected violations for a deliberately faulty stack", async () => {
    let faulty = compliantRollout();
    faulty = faulty.filter((r) => r.name !== "admin-eu-west-1");
    faulty = mutate(faulty, "members-us-east-1", (props) => {
      props["accountIds"] = [ADMIN, ...MEMBERS];
      props["resourceTypes"] = ["EC2", "LAMBDA", "LAMBDA_CODE"];
    });
    faulty = mutate(faulty, "findings-eu-west-1", (props) => {
      props["eventPattern"] = JSON.stringify({
        source: ["aws.inspector2"],
        detail: { severity: [{ numeric: [">=", 7] }] },
      });
    });
    faulty = mutate(faulty, "app", (props) => {
      props["imageTagMutability"] = "MUTABLE";
    });
    const violations = await runPolicies(toOffline(faulty), {
      config: { "inspector-ecr-repository-enforce-immutable-tags": "advisory" },
    });
    // Resource policies come first, in pack order, then stack policies. The numeric rule in
    // eu-west-1 no longer matches CRITICAL, but us-east-1's rule still starts the playbook.
    expect(violations).to.deep.equal([
      {
        policyName: "inspector-ecr-repository-enforce-immutable-tags",
        enforcementLevel: "advisory",
        resourceUrn: urnOf(aws.ecr.Repository, "app"),
        resourceName: "app",
        resourceType: "aws:ecr/repository:Repository",
        message:
          "ECR repository 'app' has MUTABLE image tags, so a scanned tag can be moved to another image; set imageTagMutability to \"IMMUTABLE\" (policy config allowExclusions).",
      },
      {
        policyName: "inspector-enabler-missing-resource-type",
        enforcementLevel: "mandatory",
        resourceUrn: urnOf(aws.inspector2.Enabler, "members-us-east-1"),
        resourceName: "members-us-east-1",
        resourceType: "aws:inspector2/enabler:Enabler",
        message:
          "Enabler 'members-us-east-1' omits ECR scanning in us-east-1; add \"ECR\" to resourceTypes (policy config requiredResourceTypes).",
      },
      {
        policyName: "inspector-event-rule-disallow-numeric-severity",
        enforcementLevel: "mandatory",
        resourceUrn: urnOf(aws.cloudwatch.EventRule, "findings-eu-west-1"),
        resourceName: "findings-eu-west-1",
        resourceType: "aws:cloudwatch/eventRule:EventRule",
        message:
          'EventRule \'findings-eu-west-1\' filters Inspector findings on a non-string detail.severity, which never matches because severity is a string; use "detail": {"severity": ["CRITICAL", "HIGH"]}.',
      },
      {
        policyName: "inspector-delegated-admin-missing-region",
        enforcementLevel: "mandatory",
        message:
          "Region 'eu-west-1' has no Inspector delegated administrator; add an aws.inspector2.DelegatedAdminAccount with region \"eu-west-1\" (policy config governedRegions).",
      },
      {
        policyName: "inspector-enabler-disallow-mixed-admin",
        enforcementLevel: "mandatory",
        resourceUrn: urnOf(aws.inspector2.Enabler, "members-us-east-1"),
        resourceName: "members-us-east-1",
        resourceType: "aws:inspector2/enabler:Enabler",
        message: `Enabler 'members-us-east-1' enables the delegated administrator ${ADMIN} together with 2 other account(s); put the delegated administrator in its own Enabler.`,
      },
    ]);
  });

  it("names the policy and resource when a policy throws", async () => {
    const policy: ResourceValidationPolicy = {
      name: "inspector-test-missing-thing",
      description: "Test.",
      validateResource: validateResourceOfType(aws.sqs.Queue, () => {
        throw new Error("boom");
      }),
    };
    let error: unknown;
    try {
      await runPolicies(toOffline([plainQueue]), { policies: [policy] });
    } catch (err) {
      error = err;
    }
    expect((error as Error).message).to.equal(
      `policy 'inspector-test-missing-thing' failed on ${urnOf(aws.sqs.Queue, "plain")}: boom`,
    );
  });

  const configErrors: {
    name: string;
    config: Record<string, Record<string, unknown> | string>;
    message: string;
  }[] = [
    {
      name: "an unknown policy name",
      config: { "inspector-nope": { enforcementLevel: "advisory" } },
      message:
        'policy config names "inspector-nope", which is not a policy of the pack; remove it or fix the name.',
    },
    {
      name: "an unknown setting",
      config: { "inspector-event-rule-missing-region": { requireFindingRouting: false } },
      message:
        'policy config "inspector-event-rule-missing-region".requireFindingRouting is not a setting of the policy; use one of: governedRegions, requireFindingsRouting.',
    },
    {
      name: "a setting of the wrong type",
      config: { "inspector-enabler-enforce-account-limit": { maxAccountIds: "100" } },
      message:
        'policy config "inspector-enabler-enforce-account-limit".maxAccountIds is "100"; it must be of type integer.',
    },
    {
      name: "an unknown enforcement level",
      config: { "inspector-sqs-queue-enable-encryption": { enforcementLevel: "strict" } },
      message:
        'policy config "inspector-sqs-queue-enable-encryption".enforcementLevel is "strict"; use one of advisory, mandatory, remediate, disabled.',
    },
  ];
  for (const c of configErrors) {
    it(`rejects config with ${c.name}`, async () => {
      let error: unknown;
      try {
        await runPolicies([], { config: c.config });
      } catch (err) {
        error = err;
      }
      expect(error).to.be.instanceOf(PolicyConfigError);
      expect((error as Error).message).to.equal(c.message);
    });
  }
});

describe("loadPolicyConfig", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-config-"));
  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };

  it("reads a config file", () => {
    const file = write("ok.json", '{ "all": "advisory", "inspector-x": { "a": 1 } }');
    expect(loadPolicyConfig(file)).to.deep.equal({ all: "advisory", "inspector-x": { a: 1 } });
  });

  it("rejects a file that is not JSON", () => {
    const file = write("bad.json", "{");
    expect(() => loadPolicyConfig(file)).to.throw(
      PolicyConfigError,
      `policy config ${file} is not valid JSON`,
    );
  });

  it("rejects a JSON array", () => {
    const file = write("array.json", "[]");
    expect(() => loadPolicyConfig(file)).to.throw(
      PolicyConfigError,
      `policy config ${file} must be a JSON object keyed by policy name; found an array.`,
    );
  });

  it("rejects an entry that is neither settings nor a level", () => {
    const file = write("entry.json", '{ "inspector-x": 3 }');
    expect(() => loadPolicyConfig(file)).to.throw(
      PolicyConfigError,
      `policy config ${file}: "inspector-x" must be an object of settings or an enforcement level; found 3.`,
    );
  });

  it("rejects a missing file", () => {
    expect(() => loadPolicyConfig(path.join(dir, "missing.json"))).to.throw(
      PolicyConfigError,
      "cannot be read",
    );
  });
});

describe("durationSeconds", () => {
  const cases: [string | undefined, number][] = [
    [undefined, 0],
    ["30m", 1800],
    ["1h30m", 5400],
    ["90s", 90],
    ["1h0m0s", 3600],
  ];
  for (const [input, seconds] of cases) {
    it(`reads ${String(input)} as ${seconds} s`, () => {
      expect(durationSeconds(input)).to.equal(seconds);
    });
  }
});

describe("the pack", () => {
  it("has 39 policies", () => {
    expect(allPolicies).to.have.length(39);
  });
});
