/**
 * triageFinding's automation starts (functions/lib/triage.ts, startAutomation): the result the
 * idempotency layer stores, the audit trail and the notification, written out for each outcome
 * (started, coalesced, skipped, failed), and what the patch run is started with.
 */
import { expect } from "chai";
import {
  ListCommandInvocationsCommand,
  SSMServiceException,
  StartAutomationExecutionCommand,
} from "@aws-sdk/client-ssm";
import { parseFindingEvent } from "../../functions/lib/finding";
import { triageFinding } from "../../functions/lib/triage";
import { checkApiInput } from "../helpers/apiLimits";
import { ENFORCE_ALL } from "../helpers/remediationFakes";
import {
  ec2Event,
  FINDING,
  harness,
  INSTANCE,
  resetClients,
  ssmMock,
  startCalls,
} from "../helpers/triageHarness";

/** The decision's reason for the opted-in, fixable EC2 sample. */
const PATCH = "fix available and instance opted in (InspectorAutoPatch=true)";
/** The audit fields every entry of the EC2 sample carries. */
const BASE = {
  findingArn: FINDING,
  accountId: "123456789012",
  region: "eu-central-1",
  resourceId: INSTANCE,
  findingVersion: "Wed Sep 04 17:00:36.951 UTC 2024",
};
const DECISION = { ...BASE, kind: "decision", action: "patch", mode: "enforce", reason: PATCH };

/** The result of an enforced patch run that ended with `outcome`. */
function patchResult(outcome: string, reason: string) {
  return { action: "patch", mode: "enforce", outcome, reason };
}

/** The audit entry of an enforced patch run of the EC2 sample that ended with `outcome`. */
function patchEntry(outcome: string, reason: string) {
  return { ...BASE, kind: "action", ...patchResult(outcome, reason) };
}

describe("triageFinding: starting an automation", () => {
  beforeEach(resetClients);

  it("starts the patch run and records it: the result, the decision and the action", async () => {
    const h = harness();
    const result = await triageFinding(parseFindingEvent(ec2Event()), h.deps);
    const reason = `patch automation started: ${PATCH}`;
    expect(result).to.deep.equal({ ...patchResult("started", reason), executionId: "exec-1" });
    expect(h.audit.entries).to.deep.equal([
      DECISION,
      { ...patchEntry("started", reason), executionId: "exec-1" },
    ]);
  });

  it("coalesces a second finding on the instance within the lock window", async () => {
    const h = harness();
    await triageFinding(parseFindingEvent(ec2Event()), h.deps);
    const second = await triageFinding(
      parseFindingEvent(ec2Event({ findingArn: `${FINDING}2` })),
      h.deps,
    );
    const reason = `another finding already started a patch run on ${INSTANCE} in this lock window`;
    expect(second).to.deep.equal({
      action: "patch",
      mode: "enforce",
      outcome: "coalesced",
      reason,
    });
    expect(h.audit.entries.at(-1)).to.deep.equal({
      ...BASE,
      findingArn: `${FINDING}2`,
      kind: "action",
      action: "patch",
      mode: "enforce",
      outcome: "coalesced",
      reason,
    });
    expect(startCalls().length).to.equal(1);
  });

  it("skips when AWS-RunPatchBaseline already runs on the instance", async () => {
    ssmMock
      .on(ListCommandInvocationsCommand)
      .resolves({ CommandInvocations: [{ CommandId: "c-1" }] });
    const h = harness();
    const result = await triageFinding(parseFindingEvent(ec2Event()), h.deps);
    const reason = `AWS-RunPatchBaseline already runs on ${INSTANCE}`;
    expect(result).to.deep.equal(patchResult("skipped", reason));
    expect(h.audit.entries.at(-1)).to.deep.equal(patchEntry("skipped", reason));
  });

  it("starts the patch run when the invocation list is absent from the response (none running)", async () => {
    ssmMock.on(ListCommandInvocationsCommand).resolves({});
    const h = harness();
    const result = await triageFinding(parseFindingEvent(ec2Event()), h.deps);
    expect([result.outcome, startCalls().length]).to.deep.equal(["started", 1]);
  });

  it("installs the finding's own packages when the lookup finds no ACTIVE ones on the instance", async () => {
    const h = harness(ENFORCE_ALL, false, undefined, { activePackages: [] });
    await triageFinding(parseFindingEvent(ec2Event()), h.deps);
    expect(startCalls().map((c) => c.Parameters?.InstallPackages)).to.deep.equal([["snapd"]]);
  });

  it("tags the run with the finding ARN's last 256 characters, SSM's tag value limit", async () => {
    // 53 + 204 = 257 characters: the first one ("a" of "arn:") is cut.
    const prefix = "arn:aws:inspector2:eu-central-1:123456789012:finding/";
    const arn = `${prefix}${"0".repeat(204)}`;
    const h = harness();
    await triageFinding(parseFindingEvent(ec2Event({ findingArn: arn })), h.deps);
    const [input] = startCalls();
    expect(input.Tags).to.deep.equal([
      {
        Key: "InspectorFinding",
        Value: `rn:aws:inspector2:eu-central-1:123456789012:finding/${"0".repeat(204)}`,
      },
    ]);
    expect(checkApiInput("ssm", "StartAutomationExecution", input)).to.deep.equal([]);
  });

  it("records SSM's ValidationException as permanent: failed, lock kept, a person told", async () => {
    // AWS's front-end validation error: SSM's model declares no class for it, the SDK names it.
    const message =
      "1 validation error detected: Value at 'tags.1.member.value' failed to satisfy constraint: Member must have length less than or equal to 256";
    ssmMock.on(StartAutomationExecutionCommand).rejects(
      new SSMServiceException({
        name: "ValidationException",
        $fault: "client",
        $metadata: { httpStatusCode: 400 },
        message,
      }),
    );
    const h = harness();
    const result = await triageFinding(parseFindingEvent(ec2Event()), h.deps);
    const reason = `patch automation failed: ValidationException: ${message}`;
    expect(result).to.deep.equal(patchResult("failed", reason));
    expect(h.audit.entries.at(-1)).to.deep.equal(patchEntry("failed", reason));
    expect(h.locks.keys()).to.deep.equal([`patch#123456789012#eu-central-1#${INSTANCE}`]);
    expect(h.notifier.sent).to.deep.equal([
      {
        subject: "[HIGH] patch: CVE-2024-29069 - snapd",
        message: {
          findingArn: FINDING,
          title: "CVE-2024-29069 - snapd",
          severity: "HIGH",
          accountId: "123456789012",
          region: "eu-central-1",
          resourceType: "AWS_EC2_INSTANCE",
          resourceId: INSTANCE,
          action: "patch",
          mode: "enforce",
          reason,
          priority: "P4",
        },
        attributes: {
          messageType: "remediation",
          owner: "default",
          action: "patch",
          severity: "HIGH",
          accountId: "123456789012",
          priority: "P4",
        },
      },
    ]);
  });

  it("names a finding without a title by its ARN in the notification's subject", async () => {
    const h = harness({ ...ENFORCE_ALL, patchMode: "dry-run" });
    const event = ec2Event();
    delete event.detail.title;
    await triageFinding(parseFindingEvent(event), h.deps);
    expect(h.notifier.sent.map((n) => n.subject)).to.deep.equal([`[HIGH] patch: ${FINDING}`]);
  });
});
