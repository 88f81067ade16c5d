/**
 * The notify function as deployed (dev plan): finding events from the triage queue, grouped by
 * CVE and package over the planned window, and the flush messages it schedules on the flush queue
 * delivered back to it through the flush queue's mapping.
 */
import { expect } from "chai";
import { type DeployedStack, useDeployed } from "./deployedStack";
import { findingEvent, MEMBER_ACCOUNTS } from "./findingEvents";
import type { LambdaContainer } from "./localCloud";
import { plannedFunction } from "./plannedStack";

const NOTIFY = "inspector-findings-notify";
const QUEUE = "inspector-triage-queue";
const FLUSH = "inspector-triage-flush";

/** Delivers what the function scheduled on the flush queue, as if its window had closed. */
async function flushAll(stack: DeployedStack, notify: LambdaContainer) {
  const url = plannedFunction(stack.plan, NOTIFY).environment.FLUSH_QUEUE_URL;
  const scheduled = stack.world.queues.get(url) ?? [];
  const bodies = scheduled.splice(0).map((m) => m.body);
  return stack.cloud.deliver(notify, FLUSH, bodies);
}

function publishes(stack: DeployedStack) {
  return stack.cloud.aws.callsOf("sns", "Publish").filter((c) => c.error === undefined);
}

describe("the notify function as deployed (dev plan: 5-minute groups)", function () {
  this.timeout(120_000);
  const deployed = useDeployed("dev", NOTIFY);
  let stack: DeployedStack;
  let notify: LambdaContainer;
  before(() => {
    ({ stack, container: notify } = deployed);
  });

  it("sends one message for ten instances with one CVE, after the flush", async () => {
    const events = Array.from({ length: 10 }, (_, i) =>
      findingEvent("ec2", {
        finding: `group-${i}`,
        severity: "HIGH",
        status: "ACTIVE",
        resourceId: `i-0000000000000000${i}`,
        accountId: MEMBER_ACCOUNTS[i % 3],
        vulnerabilityId: "CVE-2024-29069",
      }),
    );
    const first = await stack.cloud.deliver(
      notify,
      QUEUE,
      events.map((e) => JSON.stringify(e)),
    );
    const beforeFlush = publishes(stack).length;
    const flush = await flushAll(stack, notify);
    const sent = publishes(stack);
    expect({
      failed: [...first.invocations, ...flush.invocations].flatMap((i) => i.failed),
      beforeFlush,
      flushes: flush.invocations.map((i) => i.batch.length),
      sent: sent.map((c) => [c.input.TopicArn, (c.input.Subject as string).slice(0, 40)]),
      listed: (sent[0]?.input.Message as string).match(/i-0000000000000000\d/g)?.length,
    }).to.deep.equal({
      failed: [],
      beforeFlush: 0,
      flushes: [1],
      sent: [
        [
          "arn:aws:sns:us-east-1:222222222222:inspector-notify-findings",
          "[HIGH] CVE-2024-29069 in snapd: 10 resou",
        ],
      ],
      listed: 10,
    });
  });

  it("does not notify a late ACTIVE event of a finding already CLOSED (defect 4)", async () => {
    const closed = findingEvent("ec2", {
      finding: "defect-4",
      severity: "HIGH",
      status: "CLOSED",
      updatedAt: new Date(Date.UTC(2026, 11, 3, 9, 30)),
    });
    const lateActive = findingEvent("ec2", {
      finding: "defect-4",
      severity: "HIGH",
      status: "ACTIVE",
      updatedAt: new Date(Date.UTC(2026, 11, 3, 9, 0)),
    });
    await stack.cloud.deliver(notify, QUEUE, [JSON.stringify(closed)]);
    await stack.cloud.deliver(notify, QUEUE, [JSON.stringify(lateActive)]);
    const flush = await flushAll(stack, notify);
    expect({ flushes: flush.invocations.length, sent: publishes(stack).length }).to.deep.equal({
      flushes: 0,
      sent: 0,
    });
  });

  it("drops malformed bodies without failing the batch and notifies the valid finding beside them", async () => {
    const valid = findingEvent("lambda", { finding: "malformed-neighbour", severity: "CRITICAL" });
    const report = await stack.cloud.deliver(notify, QUEUE, [
      "not json",
      JSON.stringify({ "detail-type": "Inspector2 Coverage", source: "aws.inspector2" }),
      JSON.stringify({ ...valid, detail: { ...(valid.detail as object), findingArn: undefined } }),
      JSON.stringify(valid),
    ]);
    const flush = await flushAll(stack, notify);
    expect({
      failed: report.invocations.flatMap((i) => i.failed),
      deadLettered: report.deadLettered.length,
      flushes: flush.invocations.length,
      sent: publishes(stack).length,
      invalidLogged: notify.logs.filter((l) => l.message === "not an Inspector2 finding event")
        .length,
    }).to.deep.equal({ failed: [], deadLettered: 0, flushes: 1, sent: 1, invalidLogged: 3 });
  });
});
