import { expect } from "chai";
import {
  GetLifecyclePolicyCommand,
  LifecyclePolicyNotFoundException,
  ListTagsForResourceCommand,
  PutLifecyclePolicyCommand,
} from "@aws-sdk/client-ecr";
import {
  AutomationDefinitionNotFoundException,
  AutomationExecutionLimitExceededException,
  ListCommandInvocationsCommand,
  StartAutomationExecutionCommand,
  ThrottlingException,
} from "@aws-sdk/client-ssm";
import { ENFORCE_ALL, loadSampleEvent } from "../helpers/remediationFakes";
import {
  ec2Event,
  ecrEvent,
  ecrMock,
  FINDING,
  freshTables,
  type Harness,
  harness,
  INSTANCE,
  NOW,
  resetClients,
  ssmMock,
  startCalls,
} from "../helpers/triageHarness";

const DIGEST = "sha256:84f507df33c6864d49c296fb734192696e4cb6f78166ac51ac8b9b118181085d";
/** The lock key of the patch run on INSTANCE, written out (kind#account#region#instance). */
const PATCH_LOCK = `patch#123456789012#eu-central-1#${INSTANCE}`;
/** NOW + the 120-minute lock window, in epoch seconds (2026-11-28T12:00:00Z). */
const LOCKED_UNTIL = 1_795_867_200;

describe("triage over SQS", () => {
  beforeEach(resetClients);

  it("starts the patch document with the install list, NoReboot and a lock-derived client token", async () => {
    // Prepare
    const h = harness();
    // Act
    const failures = await h.run([ec2Event()]);
    // Assess
    expect(failures).to.deep.equal([]);
    expect(startCalls()).to.deep.equal([
      {
        DocumentName: "Inspector-PatchInstance",
        Parameters: {
          InstanceId: [INSTANCE],
          FindingArn: [FINDING],
          RebootOption: ["NoReboot"],
          InstallPackages: ["openssl", "snapd"],
          OptInTagKey: ["InspectorAutoPatch"],
          AutomationAssumeRole: [
            "arn:aws:iam::123456789012:role/inspector/inspector-remediation-runbook",
          ],
        },
        // sha256("<lock key>@2026-11-28T12:00:00.000Z") in UUID form, computed outside the code.
        ClientToken: "84f072bf-d930-4867-af71-e944d3b1b9ef",
        Tags: [{ Key: "InspectorFinding", Value: FINDING }],
      },
    ]);
    expect(
      ssmMock.commandCalls(ListCommandInvocationsCommand).map((c) => c.args[0].input),
    ).to.deep.equal([
      {
        InstanceId: INSTANCE,
        Filters: [
          { key: "DocumentName", value: "AWS-RunPatchBaseline" },
          { key: "Status", value: "InProgress" },
        ],
        MaxResults: 1,
      },
    ]);
    expect(h.audit.entries.map((e) => [e.kind, e.action, e.outcome, e.executionId])).to.deep.equal([
      ["decision", "patch", undefined, undefined],
      ["action", "patch", "started", "exec-1"],
    ]);
  });

  it("allows a reboot only when the instance's reboot tag says true", async () => {
    const h = harness();
    await h.run([ec2Event({}, { InspectorAutoReboot: "true" })]);
    expect(startCalls().map((c) => c.Parameters?.RebootOption)).to.deep.equal([["RebootIfNeeded"]]);
  });

  it("makes one action out of 10 copies of one event", async () => {
    const h = harness();
    const event = ec2Event();
    const failures = await h.run(Array.from({ length: 10 }, () => event));
    expect([failures, startCalls().length, h.audit.entries.length]).to.deep.equal([[], 1, 2]);
  });

  it("makes one action out of 10 copies delivered in 10 separate batches", async () => {
    const h = harness();
    const event = ec2Event();
    for (let i = 0; i < 10; i++) {
      expect(await h.run([event])).to.deep.equal([]);
    }
    expect(startCalls().length).to.equal(1);
  });

  it("makes one patch run out of 20 findings on one instance (the others coalesce)", async () => {
    // Prepare: 20 distinct findings, same instance, two batches of 10
    const h = harness();
    const events = Array.from({ length: 20 }, (_, i) => ec2Event({ findingArn: `${FINDING}${i}` }));
    // Act
    const failures = [...(await h.run(events.slice(0, 10))), ...(await h.run(events.slice(10)))];
    // Assess
    const outcomes = h.audit.entries.filter((e) => e.kind === "action").map((e) => e.outcome);
    expect(failures).to.deep.equal([]);
    expect(startCalls().length).to.equal(1);
    expect(outcomes.filter((o) => o === "started").length).to.equal(1);
    expect(outcomes.filter((o) => o === "coalesced").length).to.equal(19);
  });

  it("skips when AWS-RunPatchBaseline already runs on the instance", async () => {
    ssmMock
      .on(ListCommandInvocationsCommand)
      .resolves({ CommandInvocations: [{ CommandId: "c-1" }] });
    const h = harness();
    const failures = await h.run([ec2Event()]);
    expect([failures, startCalls().length]).to.deep.equal([[], 0]);
    expect(h.audit.entries[1]).to.include({
      outcome: "skipped",
      reason: `AWS-RunPatchBaseline already runs on ${INSTANCE}`,
    });
  });

  for (const [name, error] of [
    [
      "ThrottlingException",
      new ThrottlingException({
        message: "Rate exceeded",
        Message: "Rate exceeded",
        $metadata: {},
      }),
    ],
    [
      "AutomationExecutionLimitExceededException",
      new AutomationExecutionLimitExceededException({ message: "limit", $metadata: {} }),
    ],
  ] as const) {
    it(`fails the record back to the queue on ${name}, releases the lock, and patches on redelivery`, async () => {
      // Prepare: the first start fails, the second succeeds
      ssmMock
        .on(StartAutomationExecutionCommand)
        .rejectsOnce(error)
        .resolves({ AutomationExecutionId: "exec-2" });
      const h = harness();
      const event = ec2Event();
      // Act
      const first = await h.run([event]);
      const locksAfterFailure = h.locks.keys().length;
      const second = await h.run([event]);
      // Assess
      expect([first, locksAfterFailure, second, startCalls().length]).to.deep.equal([
        ["m-0"],
        0,
        [],
        2,
      ]);
      expect(h.audit.entries.at(-1)).to.include({ outcome: "started", executionId: "exec-2" });
    });
  }

  it("records a permanent SSM error (document missing), tells a person, and does not retry", async () => {
    ssmMock
      .on(StartAutomationExecutionCommand)
      .rejects(new AutomationDefinitionNotFoundException({ message: "no doc", $metadata: {} }));
    const h = harness();
    const failures = await h.run([ec2Event()]);
    expect(failures).to.deep.equal([]);
    expect(h.audit.entries.at(-1)).to.include({
      outcome: "failed",
      reason: "patch automation failed: AutomationDefinitionNotFoundException: no doc",
    });
    expect(h.notifier.sent.map((n) => n.attributes.action)).to.deep.equal(["patch"]);
  });

  it("fails only the malformed records of a batch and processes the rest", async () => {
    const h = harness();
    const noArn = ec2Event();
    delete noArn.detail.findingArn;
    const numericSeverity = ec2Event({ severity: 8.1 });
    const failures = await h.run(["{not json", noArn, ec2Event(), numericSeverity, { hello: 1 }]);
    expect(failures).to.deep.equal(["m-0", "m-1", "m-3", "m-4"]);
    expect(startCalls().length).to.equal(1);
  });

  it("decides and records in dry-run but starts nothing", async () => {
    const h = harness({ ...ENFORCE_ALL, patchMode: "dry-run" });
    const failures = await h.run([ec2Event()]);
    expect([failures, ssmMock.calls().length]).to.deep.equal([[], 0]);
    expect(h.audit.entries.map((e) => [e.kind, e.outcome])).to.deep.equal([
      ["decision", undefined],
      ["action", "dry-run"],
    ]);
    expect(h.notifier.sent.map((n) => n.attributes.action)).to.deep.equal(["patch"]);
  });

  it("contains a CRITICAL exploitable instance exposed by another finding, once", async () => {
    const h = harness(ENFORCE_ALL, true);
    const event = ec2Event({ severity: "CRITICAL", exploitAvailable: "YES" });
    await h.run([
      event,
      ec2Event({ severity: "CRITICAL", exploitAvailable: "YES", findingArn: `${FINDING}2` }),
    ]);
    expect(startCalls()).to.deep.equal([
      {
        DocumentName: "Inspector-ContainInstance",
        Parameters: {
          InstanceId: [INSTANCE],
          FindingArn: [FINDING],
          AutomationAssumeRole: [
            "arn:aws:iam::123456789012:role/inspector/inspector-remediation-runbook",
          ],
        },
        // sha256("contain#123456789012#eu-central-1#<instance>@2026-11-28T12:00:00.000Z").
        ClientToken: "16e6e8b8-2eaf-4448-ae28-90b829da01ef",
        Tags: [{ Key: "InspectorFinding", Value: FINDING }],
      },
    ]);
    expect(h.lookups).to.deep.equal([
      `exposed:123456789012:${INSTANCE}`,
      `exposed:123456789012:${INSTANCE}`,
    ]);
  });

  it("closes the audit record on the CLOSED event (the sample) and acts on nothing", async () => {
    const h = harness();
    const event = loadSampleEvent("finding-ec2-package-vulnerability.json");
    const failures = await h.run([event]);
    expect([
      failures,
      h.audit.closed,
      ssmMock.calls().length,
      h.notifier.sent.length,
    ]).to.deep.equal([
      [],
      ["arn:aws:inspector2:eu-central-1:123456789012:finding/{{FINDING_ID}}"],
      0,
      0,
    ]);
  });

  it("blocks a CRITICAL image digest, notifies the owner from the repository tag and puts a lifecycle policy", async () => {
    // Prepare
    ecrMock
      .on(ListTagsForResourceCommand)
      .resolves({ tags: [{ Key: "Owner", Value: "team-payments" }] });
    ecrMock
      .on(GetLifecyclePolicyCommand)
      .rejects(new LifecyclePolicyNotFoundException({ message: "none", $metadata: {} }));
    ecrMock.on(PutLifecyclePolicyCommand).resolves({});
    const h = harness({ ...ENFORCE_ALL, ecrKeepLastImages: 30 });
    // Act
    const failures = await h.run([ecrEvent()]);
    // Assess
    const repositoryArn = "arn:aws:ecr:eu-central-1:123456789012:repository/inspector2";
    expect(failures).to.deep.equal([]);
    expect(h.blocked.blocked).to.deep.equal([
      {
        imageDigest: DIGEST,
        repositoryArn,
        registry: "123456789012",
        repositoryName: "inspector2",
        reason: "CRITICAL CVE-2024-6119: CVE-2024-6119 - libssl3t64, openssl",
        findingArns: [FINDING],
        severity: "CRITICAL",
        blockedAt: NOW.toISOString(),
      },
    ]);
    expect(ecrMock.commandCalls(ListTagsForResourceCommand)[0].args[0].input).to.deep.equal({
      resourceArn: repositoryArn,
    });
    expect(h.notifier.sent.map((n) => n.attributes)).to.deep.equal([
      {
        messageType: "remediation",
        owner: "team-payments",
        action: "block-image",
        severity: "CRITICAL",
        accountId: "123456789012",
        priority: "P3",
      },
    ]);
    expect(ecrMock.commandCalls(PutLifecyclePolicyCommand)[0].args[0].input).to.deep.equal({
      registryId: "123456789012",
      repositoryName: "inspector2",
      lifecyclePolicyText: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            description: "inspector-rollout: keep the newest 30 images",
            selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 30 },
            action: { type: "expire" },
          },
        ],
      }),
    });
  });

  it("notifies the default route when the repository has no owner tag", async () => {
    ecrMock.on(ListTagsForResourceCommand).resolves({ tags: [] });
    const h = harness();
    await h.run([ecrEvent()]);
    expect(h.notifier.sent.map((n) => n.attributes.owner)).to.deep.equal(["default"]);
    expect(ecrMock.commandCalls(GetLifecyclePolicyCommand).length).to.equal(0);
  });

  it("opens a ticket with the finding version as idempotency key for a P2 Lambda finding", async () => {
    const h = harness();
    const event = loadSampleEvent("finding-lambda-package-vulnerability.json");
    await h.run([event]);
    expect(h.ticketer.opened.map((t) => [t.key, t.ticket.action, t.ticket.priority])).to.deep.equal(
      [
        [
          "arn:aws:inspector2:eu-central-1:123456789012:finding/{{FINDING_ID}}@Wed Sep 04 16:50:37.627 UTC 2024",
          "ticket",
          "P2",
        ],
      ],
    );
  });
});

describe("triage locks and idempotency on the tables (conditions evaluated)", () => {
  beforeEach(resetClients);

  const actions = (h: Harness) =>
    h.audit.entries.filter((e) => e.kind === "action").map((e) => [e.findingVersion, e.outcome]);

  it("leaves the lock item held by the finding until the window's end, with a TTL a day later", async () => {
    const h = harness();
    await h.run([ec2Event()]);
    expect(h.locks.keys()).to.deep.equal([PATCH_LOCK]);
    expect(h.locks.item(PATCH_LOCK)).to.deep.equal({
      lockKey: { S: PATCH_LOCK },
      owner: { S: FINDING },
      lockedUntil: { N: String(LOCKED_UNTIL) },
      expiresAt: { N: String(LOCKED_UNTIL + 86_400) },
    });
  });

  it("lets one of two triage instances racing on one finding act; the other's record comes back", async () => {
    // Prepare: two function instances (own processors) over the same tables, one finding each
    const tables = freshTables();
    const a = harness(ENFORCE_ALL, false, tables);
    const b = harness(ENFORCE_ALL, false, tables);
    const event = ec2Event();
    // Act: both at once; then SQS redelivers the record that failed
    const [failedA, failedB] = await Promise.all([a.run([event]), b.run([event])]);
    const redelivered = await b.run([event]);
    // Assess: the second saw the first's INPROGRESS idempotency record and failed back to SQS;
    // redelivered, it finds the completed record and does nothing again.
    expect([failedA, failedB, redelivered]).to.deep.equal([[], ["m-0"], []]);
    expect(startCalls().length).to.equal(1);
    expect([actions(a), actions(b)]).to.deep.equal([
      [["Wed Sep 04 17:00:36.951 UTC 2024", "started"]],
      [],
    ]);
    expect(tables.idempotency.keys()).to.have.lengthOf(1);
    expect(tables.idempotency.item(tables.idempotency.keys()[0])?.status).to.deep.equal({
      S: "COMPLETED",
    });
  });

  it("coalesces two versions of one finding on two racing instances into one patch run", async () => {
    // Prepare: the same finding updated (a new updatedAt) while the first version is triaged
    const tables = freshTables();
    const a = harness(ENFORCE_ALL, false, tables);
    const b = harness(ENFORCE_ALL, false, tables);
    const first = ec2Event({ updatedAt: "2026-11-28T09:00:00.000Z" });
    const second = ec2Event({ updatedAt: "2026-11-28T09:30:00.000Z" });
    // Act
    const failures = await Promise.all([a.run([first]), b.run([second])]);
    // Assess: two idempotency records (one per version), one lock, one run, the other coalesced
    expect(failures).to.deep.equal([[], []]);
    expect(startCalls().length).to.equal(1);
    expect([...actions(a), ...actions(b)]).to.deep.equal([
      ["2026-11-28T09:00:00.000Z", "started"],
      ["2026-11-28T09:30:00.000Z", "coalesced"],
    ]);
    expect(tables.idempotency.keys()).to.have.lengthOf(2);
    expect(tables.locks.keys()).to.deep.equal([PATCH_LOCK]);
  });

  it("deduplicates a version across updates: a redelivered old version does nothing again", async () => {
    const h = harness();
    const first = ec2Event({ updatedAt: "2026-11-28T09:00:00.000Z" });
    const second = ec2Event({ updatedAt: "2026-11-28T09:30:00.000Z" });
    const failures = [...(await h.run([first, second])), ...(await h.run([first, second]))];
    expect(failures).to.deep.equal([]);
    expect(actions(h)).to.deep.equal([
      ["2026-11-28T09:00:00.000Z", "started"],
      ["2026-11-28T09:30:00.000Z", "coalesced"],
    ]);
    expect(startCalls().length).to.equal(1);
  });

  const heldBy = (lockedUntil: number) => ({
    lockKey: { S: PATCH_LOCK },
    owner: { S: "arn:aws:inspector2:eu-central-1:123456789012:finding/other" },
    lockedUntil: { N: String(lockedUntil) },
    expiresAt: { N: String(lockedUntil + 86_400) },
  });
  const NOW_S = 1_795_860_000;
  for (const c of [
    { name: "held until a second after now", until: NOW_S + 1, outcome: "coalesced" },
    { name: "held until exactly now", until: NOW_S, outcome: "coalesced" },
    { name: "expired a second before now", until: NOW_S - 1, outcome: "started" },
  ]) {
    it(`on a lock ${c.name}, the patch run is ${c.outcome}`, async () => {
      const h = harness();
      h.locks.items.set(PATCH_LOCK, heldBy(c.until));
      await h.run([ec2Event()]);
      expect(actions(h)).to.deep.equal([["Wed Sep 04 17:00:36.951 UTC 2024", c.outcome]]);
      expect(h.locks.item(PATCH_LOCK)?.owner).to.deep.equal({
        S:
          c.outcome === "started"
            ? FINDING
            : "arn:aws:inspector2:eu-central-1:123456789012:finding/other",
      });
    });
  }
});
