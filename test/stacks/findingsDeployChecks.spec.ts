import { expect } from "chai";
import * as path from "path";
import {
  checkEventRule,
  checkEventTarget,
  checkFindingsFlow,
  checkFirehoseStream,
  checkLambdaConcurrency,
  CHECKED_TYPES,
  jqObjectKeys,
  type PlannedResource,
} from "../../lib/findingsDeployChecks";
import { checkSecurityHubOrganization } from "../../lib/securityHubDeployChecks";
import { runPlan, type PlanResult } from "../../lib/offline/plan";
import { examplePlanResult } from "../helpers/examplePlans";
import { monitor, TEST_PROJECT } from "../helpers/runtime";

const ROOT = path.resolve(__dirname, "../..");

/** A deep copy of the planned resource of this type and name, for a one-field mutation. */
function planned(result: PlanResult, type: string, name: string): PlannedResource {
  const found = result.registrations.filter((r) => r.type === type && r.name === name);
  expect(found, `${type} ${name}`).to.have.length(1);
  return JSON.parse(JSON.stringify(found[0])) as PlannedResource;
}

/** The plan with one resource replaced by a mutated copy. */
function replaced(result: PlanResult, resource: PlannedResource): PlannedResource[] {
  return result.registrations.map((r) => (r.urn === resource.urn ? resource : r));
}

const SH = {
  config: "aws:securityhub/organizationConfiguration:OrganizationConfiguration",
  association: "aws:securityhub/configurationPolicyAssociation:ConfigurationPolicyAssociation",
  policy: "aws:securityhub/configurationPolicy:ConfigurationPolicy",
};

for (const [stack, targets, counts] of [
  [
    "dev",
    ["ou-a1b2-sandbox1"],
    { rules: 4, targets: 5, streams: 1, functions: 4, mappings: 3, shub: 9 },
  ],
  ["prod", ["r-a1b2"], { rules: 8, targets: 9, streams: 1, functions: 4, mappings: 3, shub: 16 }],
] as const) {
  describe(`AWS's rules over the findings flow, stack ${stack}`, function () {
    this.timeout(60_000);
    let result: PlanResult;
    before(async () => {
      result = await examplePlanResult(stack);
    });
    after(() => monitor.install(TEST_PROJECT, "test"));

    it("finds nothing AWS would refuse or misroute", () => {
      expect(checkFindingsFlow(result.registrations, { policyTargetIds: targets })).to.deep.equal(
        [],
      );
    });

    it("had something to check: every rule, target, stream, function, SQS mapping and Security Hub resource", () => {
      const n = (type: string) => result.registrations.filter((r) => r.type === type).length;
      expect({
        rules: n(CHECKED_TYPES.rule),
        targets: n(CHECKED_TYPES.target),
        streams: n(CHECKED_TYPES.stream),
        functions: n(CHECKED_TYPES.function),
        mappings: n(CHECKED_TYPES.mapping),
        shub: result.registrations.filter((r) => r.type.startsWith("aws:securityhub/")).length,
      }).to.deep.equal(counts);
    });
  });
}

describe("each check fails on its defect (the dev plan, one field mutated)", function () {
  this.timeout(60_000);
  let result: PlanResult;
  before(async () => {
    result = await runPlan({ dir: ROOT, stack: "dev", monitor });
  });
  after(() => monitor.install(TEST_PROJECT, "test"));

  const rule = () => planned(result, CHECKED_TYPES.rule, "inspector-routing-us-east-1-operations");
  const stream = () => planned(result, CHECKED_TYPES.stream, "inspector-export");
  const s3 = (r: PlannedResource) => r.inputs.extendedS3Configuration as Record<string, unknown>;

  const ruleCases: [string, (r: PlannedResource) => void, string][] = [
    [
      "an empty list of matchers",
      (r) => (r.inputs.eventPattern = '{"source":["aws.inspector2"],"detail-type":[]}'),
      "rule inspector-routing-us-east-1-operations: EventBridge refuses the pattern: detail-type: an empty list of matchers matches nothing; remove the field or list values",
    ],
    [
      "an unknown operator inside $or",
      (r) =>
        (r.inputs.eventPattern = JSON.stringify({
          source: ["aws.inspector2"],
          $or: [{ "detail-type": ["a"] }, { detail: { reason: [{ anything_but: ["x"] }] } }],
        })),
      'rule inspector-routing-us-east-1-operations: EventBridge refuses the pattern: detail.reason: unknown pattern operator "anything_but"',
    ],
    [
      "a $or of one branch",
      (r) => (r.inputs.eventPattern = '{"$or":[{"source":["aws.inspector2"]}]}'),
      "rule inspector-routing-us-east-1-operations: EventBridge refuses the pattern: $or: needs a list of at least two sub-patterns",
    ],
    [
      "a pattern over 4,096 characters",
      (r) =>
        (r.inputs.eventPattern = JSON.stringify({
          source: Array.from({ length: 300 }, (_, i) => `aws.inspector2-${i}`),
        })),
      "rule inspector-routing-us-east-1-operations: event pattern is 6202 characters, over 4096",
    ],
    [
      "a name over 64 characters",
      (r) => (r.inputs.name = "x".repeat(65)),
      `rule inspector-routing-us-east-1-operations: name "${"x".repeat(65)}" is not 1-64 of [.-_A-Za-z0-9]`,
    ],
  ];
  for (const [label, mutate, message] of ruleCases) {
    it(`EventBridge rule: ${label}`, () => {
      const r = rule();
      mutate(r);
      expect(checkEventRule(r)).to.deep.equal([message]);
    });
  }

  it("EventBridge target: a retry policy past 185 attempts", () => {
    const t = planned(result, CHECKED_TYPES.target, "inspector-routing-us-east-1-export");
    (t.inputs.retryPolicy as Record<string, unknown>).maximumRetryAttempts = 186;
    expect(checkEventTarget(t)).to.deep.equal([
      "target inspector-routing-us-east-1-export: maximumRetryAttempts 186 is not 0-185",
    ]);
  });

  const streamCases: [string, (r: PlannedResource) => void, string[]][] = [
    [
      "the prefix partitions on a key the query does not build (the account partition with the kind query)",
      (r) =>
        (s3(r).prefix =
          "findings/account=!{partitionKeyFromQuery:account}/dt=!{timestamp:yyyy-MM-dd}/"),
      [
        `stream inspector-export: prefix uses partitionKeyFromQuery:account, which the MetadataExtraction query ("{type: (.\\"detail-type\\" | ascii_downcase | ltrimstr(\\"inspector2 \\"))}") does not build; every record would go to the error prefix`,
      ],
    ],
    [
      "a 32 MiB buffer with dynamic partitioning",
      (r) => (s3(r).bufferingSize = 32),
      [
        "stream inspector-export: bufferingSize 32 MiB is not 64-128 (the minimum with dynamic partitioning)",
      ],
    ],
    [
      "no error prefix with dynamic partitioning",
      (r) => delete s3(r).errorOutputPrefix,
      ["stream inspector-export: dynamic partitioning requires an errorOutputPrefix"],
    ],
    [
      "an error prefix that uses a partition key and lacks the error type",
      (r) => (s3(r).errorOutputPrefix = "errors/!{partitionKeyFromQuery:type}/"),
      [
        "stream inspector-export: errorOutputPrefix cannot use partition keys",
        "stream inspector-export: errorOutputPrefix has expressions but no !{firehose:error-output-type}",
      ],
    ],
    [
      "a prefix without any partition key",
      (r) => (s3(r).prefix = "findings/dt=!{timestamp:yyyy-MM-dd}/"),
      ["stream inspector-export: dynamic partitioning is on but the prefix uses no partition key"],
    ],
    [
      "the error-output-type in the data prefix",
      (r) =>
        (s3(r).prefix =
          "findings/type=!{partitionKeyFromQuery:type}/!{firehose:error-output-type}/"),
      [
        "stream inspector-export: prefix expression !{firehose:error-output-type} is not allowed there",
      ],
    ],
    [
      "a 30-second buffering interval",
      (r) => (s3(r).bufferingInterval = 30),
      ["stream inspector-export: bufferingInterval 30 is not 60-900 seconds"],
    ],
  ];
  for (const [label, mutate, messages] of streamCases) {
    it(`Firehose: ${label}`, () => {
      const r = stream();
      mutate(r);
      expect(checkFirehoseStream(r)).to.deep.equal(messages);
    });
  }

  it("jqObjectKeys reads the top-level keys of an object construction", () => {
    expect(
      [
        '{type: (."detail-type" | ascii_downcase)}',
        "{a: .x, b: {c: .y}, d: [.z, .w]}",
        ".account",
      ].map(jqObjectKeys),
    ).to.deep.equal([["type"], ["a", "b", "d"], []]);
  });

  it("Lambda: a reservation (5, as before issue 12) and an unbounded SQS mapping", () => {
    const fn = planned(result, CHECKED_TYPES.function, "inspector-triage-notify");
    fn.inputs.reservedConcurrentExecutions = 5;
    const mapping = planned(result, CHECKED_TYPES.mapping, "inspector-triage-notify-flush");
    delete mapping.inputs.scalingConfig;
    expect([...checkLambdaConcurrency(fn), ...checkLambdaConcurrency(mapping)]).to.deep.equal([
      "function inspector-triage-notify: reserves 5 concurrent executions",
      "mapping inspector-triage-notify-flush: scalingConfig.maximumConcurrency undefined is not 2-1000",
    ]);
  });

  it("Security Hub: the LOCAL, auto-enable configuration it replaced (existing accounts never covered)", () => {
    const local = result.registrations
      .filter((r) => r.type !== SH.policy && r.type !== SH.association)
      .map((r) => {
        if (r.type !== SH.config) {
          return r;
        }
        return {
          ...r,
          inputs: {
            ...r.inputs,
            autoEnable: true,
            organizationConfiguration: { configurationType: "LOCAL" },
          },
        };
      });
    expect(checkSecurityHubOrganization(local)).to.deep.equal([
      "Security Hub: no CENTRAL configuration and no members, so auto-enable reaches only accounts that join later; existing accounts never get Security Hub",
    ]);
  });

  it("Security Hub: CENTRAL with auto-enable on, outside the aggregation Region, not after the aggregator", () => {
    const config = planned(result, SH.config, "inspector-securityhub-org-us-east-1");
    config.inputs.autoEnable = true;
    config.inputs.region = "eu-west-1";
    (config as { dependencies: readonly string[] }).dependencies = [];
    expect(checkSecurityHubOrganization(replaced(result, config))).to.deep.equal([
      "organization configuration inspector-securityhub-org-us-east-1: CENTRAL needs autoEnable false and autoEnableStandards NONE, got true and NONE",
      "organization configuration inspector-securityhub-org-us-east-1: CENTRAL is set without waiting for a finding aggregator",
      "configuration policy inspector-securityhub-policy: in us-east-1, not the home Region eu-west-1",
      "association inspector-securityhub-900067570804: in us-east-1, not the home Region eu-west-1",
      "association inspector-securityhub-ou-a1b2-sandbox1: in us-east-1, not the home Region eu-west-1",
    ]);
  });

  it("Security Hub: a policy with Security Hub on but no control configuration, and a name CreateConfigurationPolicy refuses", () => {
    const policy = planned(result, SH.policy, "inspector-securityhub-policy");
    policy.inputs.name = "inspector rollout";
    delete (policy.inputs.configurationPolicy as Record<string, unknown>)
      .securityControlsConfiguration;
    expect(checkSecurityHubOrganization(replaced(result, policy))).to.deep.equal([
      'configuration policy inspector-securityhub-policy: name "inspector rollout" has characters CreateConfigurationPolicy refuses',
      "configuration policy inspector-securityhub-policy: Security Hub enabled needs enabledStandardArns and exactly one of enabledControlIdentifiers or disabledControlIdentifiers",
    ]);
  });

  it("Security Hub: dev's OU scope not associated (the policy on another OU), and a target that is no Organizations id", () => {
    const ou = planned(result, SH.association, "inspector-securityhub-ou-a1b2-sandbox1");
    ou.inputs.targetId = "Sandbox";
    expect(
      checkSecurityHubOrganization(replaced(result, ou), {
        policyTargetIds: ["ou-a1b2-sandbox1"],
      }),
    ).to.deep.equal([
      'association inspector-securityhub-ou-a1b2-sandbox1: targetId "Sandbox" is not a root, OU or account id',
      "Security Hub: scope target ou-a1b2-sandbox1 has no configuration policy association",
    ]);
  });
});
