/**
 * What the SQS triage handler (functions/lib/sqsTriage.ts) writes to CloudWatch Logs, record by
 * record as Powertools prints them (operators search these messages and fields), and the
 * idempotency record it keys on a finding version.
 */
import { expect } from "chai";
import { StartAutomationExecutionCommand, ThrottlingException } from "@aws-sdk/client-ssm";
import { RecordingLogger } from "../helpers/recordingLogger";
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

/** The records without what changes from run to run (the time, the process's cold start). */
function stableRecords(logger: RecordingLogger): Record<string, unknown>[] {
  return logger.records.map((r) => {
    const { timestamp, cold_start, ...rest } = r;
    expect([typeof timestamp, typeof cold_start]).to.deep.equal(["string", "boolean"]);
    return rest;
  });
}

/** The keys Powertools puts on every record of the invocation (service, CONTEXT's function). */
const INVOCATION = {
  service: "inspector-remediation-triage",
  function_name: "inspector-remediation-triage",
  sampling_rate: 0,
};

describe("triage over SQS: the log records", () => {
  beforeEach(resetClients);

  it("logs a triaged record with its finding and account, then a malformed one without them", async () => {
    const logger = new RecordingLogger();
    const h = harness(ENFORCE_ALL, false, undefined, { logger });
    const failures = await h.run([ec2Event(), "{not json"]);
    expect(failures).to.deep.equal(["m-1"]);
    expect(stableRecords(logger)).to.deep.equal([
      {
        level: "INFO",
        message: "triaged",
        ...INVOCATION,
        findingArn: FINDING,
        accountId: "123456789012",
        action: "patch",
        mode: "enforce",
        outcome: "started",
        reason:
          "patch automation started: fix available and instance opted in (InspectorAutoPatch=true)",
        executionId: "exec-1",
      },
      {
        level: "ERROR",
        message: "malformed finding event",
        ...INVOCATION,
        messageId: "m-1",
        problems: ["body is not JSON"],
      },
    ]);
  });

  it("logs a retried failure with the error, its cause, the finding and the account", async () => {
    ssmMock.on(StartAutomationExecutionCommand).rejects(
      new ThrottlingException({
        message: "Rate exceeded",
        Message: "Rate exceeded",
        $metadata: {},
      }),
    );
    const logger = new RecordingLogger();
    const h = harness(ENFORCE_ALL, false, undefined, { logger });
    const failures = await h.run([ec2Event()]);
    expect(failures).to.deep.equal(["m-0"]);
    expect(stableRecords(logger)).to.deep.equal([
      {
        level: "ERROR",
        message: "triage failed; the record is retried",
        ...INVOCATION,
        findingArn: FINDING,
        accountId: "123456789012",
        error: {
          name: "RetryableRemediationError",
          message: `patch on ${INSTANCE} not started; retried`,
          cause: { name: "ThrottlingException", message: "Rate exceeded" },
        },
      },
    ]);
  });
});

describe("triage over SQS: the idempotency record of a finding version", () => {
  beforeEach(resetClients);

  it("keeps a version for 5 days (432,000 s), longer than the triage queue keeps a message (345,600 s)", async () => {
    const h = harness();
    // Powertools stores the current time in seconds, rounded, plus the window.
    const before = Math.round(Date.now() / 1000);
    await h.run([ec2Event()]);
    const after = Math.round(Date.now() / 1000);
    const [id] = h.idempotency.keys();
    const expiration = Number(h.idempotency.item(id)?.expiration?.N);
    expect(expiration).to.be.within(before + 432_000, after + 432_000);
  });

  it("takes a version re-sent in a new EventBridge event (new id and time) as the one it triaged", async () => {
    const h = harness();
    const again = ec2Event();
    Object.assign(again, {
      id: "0b7a35c5-1f0e-4cf1-9d39-3a1f9e2d0c11",
      time: "2024-09-04T17:05:00Z",
    });
    const failures = await h.run([ec2Event(), again]);
    expect([failures, startCalls().length, h.idempotency.keys().length]).to.deep.equal([[], 1, 1]);
  });
});
