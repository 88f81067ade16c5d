/**
 * The findings flow as deployed (dev plan): finding events routed by the planned EventBridge rules
 * to every queue they target, each queue's function fed through its mapping, and what people then
 * receive on the findings topic.
 */
import { expect } from "chai";
import { type DeployedStack, deployStack } from "./deployedStack";
import { findingEvent, MEMBER_ACCOUNTS } from "./findingEvents";
import type { DeliveryReport, LambdaContainer } from "./localCloud";
import { plannedFunction, routeEvent } from "./plannedStack";

const FUNCTIONS = ["inspector-remediation-triage", "inspector-findings-notify"];

describe("the findings flow as deployed (dev plan)", function () {
  this.timeout(120_000);
  let stack: DeployedStack;
  const containers = new Map<string, LambdaContainer>();

  before(async () => {
    stack = await deployStack("dev");
    for (const name of FUNCTIONS) {
      const container = stack.cloud.container(plannedFunction(stack.plan, name));
      containers.set(name, container);
      await container.started();
    }
  });
  after(async () => stack.cloud.stop());
  beforeEach(() => {
    stack.cloud.aws.reset();
    stack.world.reset();
  });

  /** Routes events by the planned rules and delivers each queue's share to its function. */
  async function route(events: Record<string, unknown>[]): Promise<DeliveryReport[]> {
    const byQueue = new Map<string, string[]>();
    for (const event of events) {
      for (const arn of routeEvent(stack.plan, event)) {
        byQueue.set(arn, [...(byQueue.get(arn) ?? []), JSON.stringify(event)]);
      }
    }
    const reports: DeliveryReport[] = [];
    for (const [arn, bodies] of byQueue) {
      const mapping = stack.plan.mappings.find((m) => m.queueArn === arn);
      const queue = stack.plan.queues.find((q) => q.arn === arn);
      if (mapping === undefined || queue === undefined) {
        continue;
      }
      const container = containers.get(mapping.functionName);
      if (container !== undefined) {
        reports.push(await stack.cloud.deliver(container, queue.name, bodies));
      }
    }
    const notify = containers.get("inspector-findings-notify") as LambdaContainer;
    const flushUrl = plannedFunction(stack.plan, "inspector-findings-notify").environment
      .FLUSH_QUEUE_URL;
    const flushes = (stack.world.queues.get(flushUrl) ?? []).splice(0).map((m) => m.body);
    reports.push(await stack.cloud.deliver(notify, "inspector-triage-flush", flushes));
    return reports;
  }

  it("gives people one message for ten instances with one CVE, not one per finding on top (item 3)", async () => {
    const events = Array.from({ length: 10 }, (_, i) =>
      findingEvent("ec2", {
        finding: `item-3-${i}`,
        severity: "HIGH",
        status: "ACTIVE",
        resourceId: `i-0000000000000001${i}`,
        accountId: MEMBER_ACCOUNTS[i % 3],
        vulnerabilityId: "CVE-2024-29069",
      }),
    );
    const reports = await route(events);
    const toFindings = stack.cloud.aws
      .callsOf("sns", "Publish")
      .filter(
        (c) => c.input.TopicArn === "arn:aws:sns:us-east-1:222222222222:inspector-notify-findings",
      );
    expect({
      routedTo: routeEvent(stack.plan, events[0]).length,
      failed: reports.flatMap((r) => r.invocations.flatMap((i) => i.failed)),
      messages: toFindings.map((c) => [
        c.error,
        (c.input.MessageAttributes as Record<string, { StringValue: string }>).messageType
          ?.StringValue,
      ]),
    }).to.deep.equal({ routedTo: 2, failed: [], messages: [[undefined, "finding-group"]] });
  });
});
