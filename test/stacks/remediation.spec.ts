import { expect } from "chai";
import * as aws from "@pulumi/aws";
import * as path from "path";
import { explainTriage } from "../../functions/lib/decide";
import { loadStackConfig } from "../../lib/offline/stackConfig";
import { type InspectorConfig, PROJECT, validateConfig } from "../../stacks/config";
import {
  buildRemediationMemberResources,
  buildRemediationOutputs,
  buildRemediationSettings,
  deployRemediation,
} from "../../stacks/remediation";
import { formatRemediation } from "../../lib/offline/report";
import type { StackOutputs } from "../../stacks/program";
import { loadSampleEvent } from "../helpers/remediationFakes";
import { promiseOf, resourceNamed } from "../helpers/runtime";

/** The validated configuration of one of the example stacks. */
function stackConfig(stack: string): InspectorConfig {
  const { values } = loadStackConfig(path.join(__dirname, "../.."), stack);
  const raw = Object.fromEntries(
    Object.entries(values)
      .filter(([k]) => k.startsWith(`${PROJECT}:`))
      .map(([k, v]) => [k.slice(PROJECT.length + 1), v]),
  );
  const result = validateConfig(raw);
  if (!("config" in result)) {
    throw new Error(result.problems.join("\n"));
  }
  return result.config;
}

describe("buildRemediationSettings", () => {
  const cases = [
    { stack: "dev", modes: ["dry-run", "dry-run", "dry-run"] },
    { stack: "prod", modes: ["enforce", "dry-run", "enforce"] },
  ];
  for (const c of cases) {
    it(`gives the ${c.stack} stack patching/containment/block-image modes ${c.modes.join("/")}`, () => {
      const s = buildRemediationSettings(stackConfig(c.stack));
      expect([s.patchMode, s.containmentMode, s.blockImageMode, s.autoContain]).to.deep.equal([
        ...c.modes,
        false,
      ]);
    });
  }

  it("is what explain-event decides with: the prod stack would patch an opted-in instance", () => {
    const event = loadSampleEvent("finding-ec2-package-vulnerability.json");
    (event.detail.resources as Record<string, unknown>[])[0].tags = { InspectorAutoPatch: "true" };
    Object.assign(event.detail, { status: "ACTIVE", severity: "HIGH" });
    expect(explainTriage(event, buildRemediationSettings(stackConfig("prod")))).to.deep.equal({
      action: "patch",
      reason: "fix available and instance opted in (InspectorAutoPatch=true)",
    });
  });
});

describe("buildRemediationOutputs", () => {
  it("gives prod's modes and the fixed names the runbooks and the image gate use", () => {
    const outputs = buildRemediationOutputs(stackConfig("prod"));
    expect(outputs).to.deep.equal({
      patchMode: "enforce",
      containmentMode: "dry-run",
      blockImageMode: "enforce",
      auditTable: "inspector-remediation-audit",
      blockedDigestTableArn:
        "arn:aws:dynamodb:us-east-1:222222222222:table/inspector-blocked-digests",
      triageFunction: "inspector-remediation-triage",
      automationRoleArn:
        "arn:aws:iam::222222222222:role/inspector/inspector-remediation-automation",
    });
    expect(formatRemediation({ remediation: outputs } as StackOutputs)).to.deep.equal([
      "Remediation: patch enforce, containment dry-run, block image enforce",
      "  audit table inspector-remediation-audit; blocked digests arn:aws:dynamodb:us-east-1:222222222222:table/inspector-blocked-digests",
    ]);
  });

  it("is absent when every mode is off, and the summary says so", () => {
    const cfg = {
      ...stackConfig("prod"),
      remediationPatchMode: "off",
      remediationContainmentMode: "off",
      remediationBlockImageMode: "off",
    } as InspectorConfig;
    expect(buildRemediationOutputs(cfg)).to.equal(undefined);
    expect(formatRemediation({ remediation: undefined } as StackOutputs)).to.deep.equal([
      "Remediation: off",
    ]);
  });
});

describe("deployRemediation", () => {
  it("deploys the Remediation component in the home Region through the given provider", async () => {
    const cfg = stackConfig("dev");
    const provider = new aws.Provider("da", { region: "us-east-1" });
    const remediation = deployRemediation(cfg, provider, { organizationId: "o-abc123" });
    await promiseOf(remediation.triageQueueArn);
    const queue = resourceNamed("aws:sqs/queue:Queue", "remediation-triage");
    expect([queue.inputs.region, queue.provider?.split("::")[3]]).to.deep.equal([
      "us-east-1",
      "da",
    ]);
  });
});

describe("buildRemediationMemberResources", () => {
  it("trusts the configured delegated administrator and tags with the stack tags", () => {
    const fragment = buildRemediationMemberResources(stackConfig("prod"));
    const role = fragment.InspectorRemediationExecutionRole.Properties;
    expect([
      (role.AssumeRolePolicyDocument as { Statement: { Principal: unknown }[] }).Statement[0]
        .Principal,
      role.Tags,
    ]).to.deep.equal([
      { AWS: "arn:aws:iam::222222222222:role/inspector/inspector-remediation-automation" },
      [
        { Key: "Environment", Value: "prod" },
        { Key: "ManagedBy", Value: "inspector-rollout" },
        { Key: "Owner", Value: "platform-team" },
        { Key: "CostCenter", Value: "security" },
      ],
    ]);
  });
});
