/**
 * The triage function as deployed: the esbuild bundle in a Lambda execution environment with the
 * dev and prod plans' environment, fed SQS batches of finding events through the planned mapping,
 * against dynalite and the local endpoint.
 */
import { expect } from "chai";
import { type DeployedStack, useDeployed } from "./deployedStack";
import { apiFinding, findingEvent, MEMBER_ACCOUNTS, SEVERITIES, STATUSES } from "./findingEvents";
import { type LambdaContainer, newMessage, sqsEvent } from "./localCloud";
import { type PlannedQueue, plannedFunction } from "./plannedStack";

const TRIAGE = "inspector-remediation-triage";
const QUEUE = "remediation-triage";

function tableOf(stack: DeployedStack, variable: string): string {
  return plannedFunction(stack.plan, TRIAGE).environment[variable];
}

/** The audit records (not the state items) of these events' findings. */
async function auditRecords(stack: DeployedStack, events: Record<string, unknown>[]) {
  const arns = new Set(events.map((e) => (e.detail as { findingArn: string }).findingArn));
  const items = await stack.cloud.scan(tableOf(stack, "AUDIT_TABLE"));
  return items.filter((i) => i.recordKey !== "STATE" && arns.has(String(i.findingArn)));
}

describe("the triage function as deployed (dev plan: every remediation mode dry-run)", function () {
  this.timeout(120_000);
  const deployed = useDeployed("dev", TRIAGE);
  let stack: DeployedStack;
  let triage: LambdaContainer;
  before(() => {
    ({ stack, container: triage } = deployed);
  });

  it("saves the result of a finding it only notifies about: one audit decision, no retry (defect 1)", async () => {
    const event = findingEvent("lambda", { finding: "defect-1", severity: "HIGH" });
    const report = await stack.cloud.deliver(triage, QUEUE, [JSON.stringify(event)]);
    const decisions = (await auditRecords(stack, [event])).filter((r) => r.kind === "decision");
    expect({
      invocations: report.invocations.length,
      deadLettered: report.deadLettered.length,
      decisions: decisions.map((d) => [d.action, d.findingArn]),
    }).to.deep.equal({
      invocations: 1,
      deadLettered: 0,
      decisions: [["notify", (event.detail as { findingArn: string }).findingArn]],
    });
  });

  it("triages every severity and status of every resource type without a failure: 54 events, 36 decisions, 18 closures", async () => {
    const kinds = ["ec2", "ecr", "lambda"] as const;
    const events = kinds.flatMap((kind) =>
      SEVERITIES.flatMap((severity) =>
        STATUSES.map((status) =>
          findingEvent(kind, { finding: `matrix-${kind}-${severity}-${status}`, severity, status }),
        ),
      ),
    );
    const report = await stack.cloud.deliver(
      triage,
      QUEUE,
      events.map((e) => JSON.stringify(e)),
    );
    const records = await auditRecords(stack, events);
    expect({
      invocations: report.invocations.length,
      failed: report.invocations.flatMap((i) => i.failed),
      apiErrors: stack.cloud.aws.calls.filter((c) => c.error !== undefined).length,
      decisions: records.filter((r) => r.kind === "decision").length,
      closed: records.filter((r) => r.kind === "closed").length,
    }).to.deep.equal({ invocations: 6, failed: [], apiErrors: 0, decisions: 36, closed: 18 });
  });

  it("acts once on a duplicate in one batch and on a redelivery after success", async () => {
    const finding = findingEvent("ec2", {
      finding: "duplicate",
      severity: "CRITICAL",
      status: "ACTIVE",
      tags: { InspectorAutoPatch: "true" },
      fixAvailable: "YES",
    });
    const event = JSON.stringify(finding);
    const first = await stack.cloud.deliver(triage, QUEUE, [event, event]);
    const again = await stack.cloud.deliver(triage, QUEUE, [event]);
    const records = await auditRecords(stack, [finding]);
    expect({
      failed: [...first.invocations, ...again.invocations].flatMap((i) => i.failed),
      records: records.map((r) => [r.kind, r.action, r.outcome]),
      published: stack.cloud.aws.callsOf("sns", "Publish").length,
    }).to.deep.equal({
      failed: [],
      // In key order: both records share the time, "action" sorts before "decision".
      records: [
        ["action", "patch", "dry-run"],
        ["decision", "patch", undefined],
      ],
      published: 1,
    });
  });

  it("fails malformed bodies back to the queue until the dead-letter queue, the valid finding beside them once", async () => {
    const validEvent = findingEvent("lambda", { finding: "beside-malformed" });
    const valid = JSON.stringify(validEvent);
    const report = await stack.cloud.deliver(triage, QUEUE, [
      "not json",
      JSON.stringify({ source: "aws.inspector2", "detail-type": "Inspector2 Finding", detail: {} }),
      valid,
    ]);
    const records = await auditRecords(stack, [validEvent]);
    expect({
      invocations: report.invocations.length,
      deadLettered: report.deadLettered.map((m) => m.body.slice(0, 8)),
      decisions: records.filter((r) => r.kind === "decision").length,
    }).to.deep.equal({
      invocations: 5,
      deadLettered: ["not json", '{"source'],
      decisions: 1,
    });
  });

  it("logs each invocation's request id and cold start (defect 5)", async () => {
    const fresh = stack.cloud.container(plannedFunction(stack.plan, TRIAGE));
    const queue = stack.plan.queues.find((q) => q.resourceName === QUEUE) as PlannedQueue;
    const batch = (seed: string) =>
      sqsEvent(queue, stack.plan.homeRegion, [
        newMessage(JSON.stringify(findingEvent("lambda", { finding: seed, severity: "HIGH" }))),
      ]);
    await fresh.invoke(batch("defect-5-a"), "8f1d7c1e-0000-4000-8000-00000000000a");
    await fresh.invoke(batch("defect-5-b"), "8f1d7c1e-0000-4000-8000-00000000000b");
    fresh.stop();
    expect(
      fresh.logs
        .filter((l) => l.message === "triaged")
        .map((l) => [l.function_request_id, l.cold_start, l.function_name]),
    ).to.deep.equal([
      ["8f1d7c1e-0000-4000-8000-00000000000a", true, TRIAGE],
      ["8f1d7c1e-0000-4000-8000-00000000000b", false, TRIAGE],
    ]);
  });
});

describe("the triage function as deployed (prod plan: patching enforced)", function () {
  this.timeout(180_000);
  const deployed = useDeployed("prod", TRIAGE);
  let stack: DeployedStack;
  let triage: LambdaContainer;
  before(() => {
    ({ stack, container: triage } = deployed);
  });

  it("patches an opted-in instance with 120 vulnerable packages: one automation, 50 packages listed (defect 2)", async () => {
    const account = MEMBER_ACCOUNTS[1];
    const event = findingEvent("ec2", {
      finding: "defect-2",
      severity: "HIGH",
      status: "ACTIVE",
      accountId: account,
      resourceId: "i-0fedcba9876543210",
      tags: { InspectorAutoPatch: "true" },
      packageCount: 120,
      fixAvailable: "YES",
    });
    stack.world.findings = [apiFinding(event)];
    const report = await stack.cloud.deliver(triage, QUEUE, [JSON.stringify(event)]);
    const starts = stack.cloud.aws.callsOf("ssm", "StartAutomationExecution");
    const install = (starts[0]?.input.Parameters as Record<string, string[]> | undefined)
      ?.InstallPackages;
    expect({
      deadLettered: report.deadLettered.length,
      starts: starts.map((c) => [c.accountId, c.region, c.input.DocumentName, c.error]),
      installed: install?.length,
      firstAndLast: [install?.[0], install?.[49]],
      assumed: stack.cloud.aws.callsOf("sts", "AssumeRole").map((c) => c.input.RoleArn),
    }).to.deep.equal({
      deadLettered: 0,
      starts: [[account, "us-east-1", "Inspector-PatchInstance", undefined]],
      installed: 50,
      firstAndLast: ["lib000", "lib049"],
      assumed: [`arn:aws:iam::${account}:role/inspector/inspector-remediation-execution`],
    });
  });
});
