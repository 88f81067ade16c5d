/**
 * The triage function as deployed: the esbuild bundle in a Lambda execution environment with the
 * dev and prod plans' environment, fed SQS batches of finding events through the planned mapping,
 * against dynalite and the local endpoint.
 */
import { expect } from "chai";
import { type DeployedStack, deployStack } from "./deployedStack";
import { apiFinding, findingEvent, MEMBER_ACCOUNTS, SEVERITIES, STATUSES } from "./findingEvents";
import type { LambdaContainer } from "./localCloud";
import { plannedFunction } from "./plannedStack";

const TRIAGE = "inspector-remediation-triage";
const QUEUE = "remediation-triage";

function tableOf(stack: DeployedStack, variable: string): string {
  return plannedFunction(stack.plan, TRIAGE).environment[variable];
}

async function auditRecords(stack: DeployedStack) {
  const items = await stack.cloud.scan(tableOf(stack, "AUDIT_TABLE"));
  return items.filter((i) => i.recordKey !== "STATE");
}

describe("the triage function as deployed (dev plan: every remediation mode dry-run)", function () {
  this.timeout(120_000);
  let stack: DeployedStack;
  let triage: LambdaContainer;

  before(async () => {
    stack = await deployStack("dev");
    triage = stack.cloud.container(plannedFunction(stack.plan, TRIAGE));
    await triage.started();
  });
  after(async () => stack.cloud.stop());
  beforeEach(() => {
    stack.cloud.aws.reset();
    stack.world.reset();
  });

  it("saves the result of a finding it only notifies about: one audit decision, no retry (defect 1)", async () => {
    const event = findingEvent("lambda", { finding: "defect-1", severity: "HIGH" });
    const report = await stack.cloud.deliver(triage, QUEUE, [JSON.stringify(event)]);
    const decisions = (await auditRecords(stack)).filter((r) => r.kind === "decision");
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
});

export { apiFinding, MEMBER_ACCOUNTS, SEVERITIES, STATUSES };
