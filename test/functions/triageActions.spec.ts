/**
 * triageFinding from the decision on (functions/lib/triage.ts, line 250 to the end): blocking an
 * image digest, the repository's lifecycle policy, when exposure is looked up, and the outcome of
 * each routing action. The `action`, `mode`, `outcome` and reason texts are what the audit table
 * and the notifications record, so they are pinned whole, written out by hand.
 */
import { expect } from "chai";
import {
  GetLifecyclePolicyCommand,
  LifecyclePolicyNotFoundException,
  ListTagsForResourceCommand,
  PutLifecyclePolicyCommand,
  RepositoryNotFoundException,
} from "@aws-sdk/client-ecr";
import type { FindingLookup } from "../../functions/lib/clients";
import { parseFindingEvent } from "../../functions/lib/finding";
import type { RemediationSettings } from "../../functions/lib/settings";
import type { LockStore } from "../../functions/lib/stores";
import { triageFinding, type TriageDeps } from "../../functions/lib/triage";
import {
  ENFORCE_ALL,
  loadSampleEvent,
  MemoryAuditStore,
  MemoryBlockedDigestStore,
  MemoryNotifier,
  MemoryTicketer,
} from "../helpers/remediationFakes";
import {
  ecr,
  ecrEvent,
  ecrMock,
  FINDING,
  INSTANCE,
  NOW,
  ssm,
  ssmMock,
} from "../helpers/triageHarness";

const ACCOUNT = "123456789012";
const REGION = "eu-central-1";
const DIGEST = "sha256:84f507df33c6864d49c296fb734192696e4cb6f78166ac51ac8b9b118181085d";
const IMAGE_ID = `arn:aws:ecr:eu-central-1:123456789012:repository/inspector2/${DIGEST}`;
const REPOSITORY_ARN = "arn:aws:ecr:eu-central-1:123456789012:repository/inspector2";
/** `updatedAt` of the ECR sample: the audit entries' finding version. */
const ECR_VERSION = "Wed Sep 04 16:55:38.411 UTC 2024";
/** decide()'s reason for a CRITICAL image under blockImageMode enforce (decide.ts). */
const BLOCK_REASON = "CRITICAL finding on an image: block its digest and notify its owner";

/** No path of this spec takes a lock: acquiring one fails the test. */
const NO_LOCKS: LockStore = {
  acquire: () => Promise.reject(new Error("no lock expected on this path")),
  release: () => Promise.reject(new Error("no lock expected on this path")),
};

/** The ECR sample whose image details are replaced (undefined removes awsEcrContainerImage). */
function ecrEventWithImage(image: Record<string, unknown> | undefined) {
  const event = ecrEvent();
  const resource = (event.detail.resources as Record<string, unknown>[])[0];
  const details = resource.details as Record<string, unknown>;
  if (image === undefined) {
    delete details.awsEcrContainerImage;
  } else {
    details.awsEcrContainerImage = { ...(details.awsEcrContainerImage as object), ...image };
  }
  return event;
}

/**
 * The EC2 sample as an ACTIVE, CRITICAL, exploitable, fixable finding on an opted-in instance with
 * no reachability details of its own: every condition for looking exposure up holds.
 */
function containableEc2Event(patch: Record<string, unknown> = {}) {
  const event = loadSampleEvent("finding-ec2-package-vulnerability.json");
  const resources = event.detail.resources as Record<string, unknown>[];
  resources[0].tags = { InspectorAutoPatch: "true" };
  Object.assign(event.detail, {
    findingArn: FINDING,
    status: "ACTIVE",
    severity: "CRITICAL",
    exploitAvailable: "YES",
    ...patch,
  });
  return event;
}

interface Harness {
  readonly deps: TriageDeps;
  readonly audit: MemoryAuditStore;
  readonly blocked: MemoryBlockedDigestStore;
  readonly notifier: MemoryNotifier;
  readonly ticketer: MemoryTicketer;
  /** `exposed:<account>:<instance>` per exposure lookup. */
  readonly lookups: string[];
  /** `<account>:<region>` per member-clients request. */
  readonly members: string[];
}

function harness(
  settings: RemediationSettings,
  options: { exposed?: boolean; withTicketer?: boolean } = {},
): Harness {
  const audit = new MemoryAuditStore();
  const blocked = new MemoryBlockedDigestStore();
  const notifier = new MemoryNotifier();
  const ticketer = new MemoryTicketer();
  const lookups: string[] = [];
  const members: string[] = [];
  const lookup: FindingLookup = {
    isInstanceExposed: (account, instance) => {
      lookups.push(`exposed:${account}:${instance}`);
      return Promise.resolve(options.exposed ?? true);
    },
    activePackages: () => Promise.reject(new Error("no package lookup expected")),
  };
  const deps: TriageDeps = {
    settings,
    audit,
    locks: NO_LOCKS,
    blocked,
    notifier,
    ...(options.withTicketer === false ? {} : { ticketer }),
    lookup,
    memberClients: (account, region) => {
      members.push(`${account}:${region}`);
      return { ssm, ecr };
    },
    now: () => NOW,
  };
  return { deps, audit, blocked, notifier, ticketer, lookups, members };
}

const triage = (event: unknown, h: Harness) => triageFinding(parseFindingEvent(event), h.deps);

/** The audit fields every entry of the ECR sample carries. */
const ECR_BASE = {
  findingArn: FINDING,
  accountId: ACCOUNT,
  region: REGION,
  resourceId: IMAGE_ID,
  findingVersion: ECR_VERSION,
};

/** The decision entry of a CRITICAL image under enforce. */
const BLOCK_DECISION = {
  ...ECR_BASE,
  kind: "decision",
  action: "block-image",
  mode: "enforce",
  reason: BLOCK_REASON,
};

/** What the caller and the audit table get from an enforced block-image ending in `outcome`. */
function enforcedBlock(outcome: string, reason: string) {
  const result = { action: "block-image", mode: "enforce", outcome, reason };
  return { result, entries: [BLOCK_DECISION, { ...ECR_BASE, kind: "action", ...result }] };
}

describe("triage actions", () => {
  beforeEach(() => {
    ssmMock.reset();
    ecrMock.reset();
  });

  describe("block-image", () => {
    it("blocks the digest, finds the owner tag among others, and records done with the exact reason", async () => {
      // Prepare: the owner tag is not the repository's first tag
      ecrMock.on(ListTagsForResourceCommand).resolves({
        tags: [
          { Key: "CostCenter", Value: "cc-42" },
          { Key: "Owner", Value: "team-payments" },
        ],
      });
      const h = harness(ENFORCE_ALL);
      // Act
      const result = await triage(ecrEvent(), h);
      // Assess
      const reason = `digest ${DIGEST} blocked; owner team-payments notified`;
      const expected = enforcedBlock("done", reason);
      expect(result).to.deep.equal(expected.result);
      expect(h.audit.entries).to.deep.equal(expected.entries);
      expect(h.notifier.sent.map((n) => [n.attributes.owner, n.message.reason])).to.deep.equal([
        ["team-payments", BLOCK_REASON],
      ]);
      expect(h.members).to.deep.equal([`${ACCOUNT}:${REGION}`]);
      expect(
        ecrMock.commandCalls(ListTagsForResourceCommand).map((c) => c.args[0].input),
      ).to.deep.equal([{ resourceArn: REPOSITORY_ARN }]);
      // No ecrKeepLastImages: the repository's lifecycle policy is not looked at
      expect(ecrMock.commandCalls(GetLifecyclePolicyCommand).length).to.equal(0);
    });

    for (const c of [
      {
        name: "the severity, the CVE and the title",
        patch: {},
        reason: "CRITICAL CVE-2024-6119: CVE-2024-6119 - libssl3t64, openssl",
      },
      {
        name: "no trailing blank when the finding has no title",
        patch: { title: undefined },
        reason: "CRITICAL CVE-2024-6119:",
      },
      {
        name: "the finding type when it names no vulnerability",
        patch: { title: undefined, packageVulnerabilityDetails: undefined },
        reason: "CRITICAL PACKAGE_VULNERABILITY:",
      },
    ]) {
      it(`gives the blocked digest's reason as ${c.name}`, async () => {
        ecrMock.on(ListTagsForResourceCommand).resolves({ tags: [] });
        const h = harness(ENFORCE_ALL);
        await triage(ecrEvent(c.patch), h);
        expect(h.blocked.blocked.map((b) => b.reason)).to.deep.equal([c.reason]);
      });
    }

    for (const c of [
      { name: "a digest of 63 hex digits", image: { imageHash: DIGEST.slice(0, -1) } },
      { name: "a digest of 65 hex digits", image: { imageHash: `${DIGEST}0` } },
      {
        name: "upper-case hex digits",
        image: { imageHash: `sha256:${DIGEST.slice("sha256:".length).toUpperCase()}` },
      },
      { name: "a tag for a digest", image: { imageHash: "ubuntu_latest" } },
      { name: "no image details", image: undefined },
    ]) {
      it(`blocks nothing, records failed and tells a person on ${c.name}`, async () => {
        // Prepare
        const h = harness(ENFORCE_ALL);
        // Act
        const result = await triage(ecrEventWithImage(c.image), h);
        // Assess
        const reason = "the finding names no image digest (sha256:<64 hex>): nothing to block";
        const expected = enforcedBlock("failed", reason);
        expect(result).to.deep.equal(expected.result);
        expect(h.audit.entries).to.deep.equal(expected.entries);
        expect(
          h.notifier.sent.map((n) => [n.subject, n.attributes.owner, n.message.reason]),
        ).to.deep.equal([
          ["[CRITICAL] block-image: CVE-2024-6119 - libssl3t64, openssl", "default", reason],
        ]);
        expect([h.blocked.blocked.length, ecrMock.calls().length]).to.deep.equal([0, 0]);
      });
    }
  });

  describe("the repository's lifecycle policy (ecrKeepLastImages set)", () => {
    const KEEP_30 = { ...ENFORCE_ALL, ecrKeepLastImages: 30 };
    const DONE = `digest ${DIGEST} blocked; owner default notified`;

    beforeEach(() => {
      ecrMock.on(ListTagsForResourceCommand).resolves({});
    });

    it("keeps the repository's own policy and puts none", async () => {
      ecrMock.on(GetLifecyclePolicyCommand).resolves({ repositoryName: "inspector2" });
      const h = harness(KEEP_30);
      const result = await triage(ecrEvent(), h);
      expect(result.reason).to.equal(`${DONE}; the repository's own lifecycle policy kept`);
      expect(h.audit.entries.at(-1)?.reason).to.equal(result.reason);
      expect(
        ecrMock.commandCalls(GetLifecyclePolicyCommand).map((c) => c.args[0].input),
      ).to.deep.equal([{ registryId: ACCOUNT, repositoryName: "inspector2" }]);
      expect(ecrMock.commandCalls(PutLifecyclePolicyCommand).length).to.equal(0);
    });

    it("puts a policy keeping the newest 30 images on a repository without one", async () => {
      ecrMock
        .on(GetLifecyclePolicyCommand)
        .rejects(new LifecyclePolicyNotFoundException({ message: "none", $metadata: {} }));
      ecrMock.on(PutLifecyclePolicyCommand).resolves({});
      const h = harness(KEEP_30);
      const result = await triage(ecrEvent(), h);
      expect(result).to.deep.equal(
        enforcedBlock("done", `${DONE}; lifecycle policy keeping the newest 30 images put`).result,
      );
      expect(ecrMock.commandCalls(PutLifecyclePolicyCommand).length).to.equal(1);
    });

    it("records a failed policy lookup in the reason and puts nothing: the record is not retried, so the owner is told once", async () => {
      // Prepare: the repository was deleted after the scan
      ecrMock
        .on(GetLifecyclePolicyCommand)
        .rejects(new RepositoryNotFoundException({ message: "gone", $metadata: {} }));
      const h = harness(KEEP_30);
      // Act
      const result = await triage(ecrEvent(), h);
      // Assess: blocked, one notification, the lookup's failure named
      const reason = `${DONE}; the lifecycle policy not checked (RepositoryNotFoundException)`;
      expect(result).to.deep.equal(enforcedBlock("done", reason).result);
      expect(h.audit.entries.at(-1)?.reason).to.equal(reason);
      expect(h.notifier.sent.length).to.equal(1);
      expect(ecrMock.commandCalls(PutLifecyclePolicyCommand).length).to.equal(0);
    });

    it("records a refused policy put in the reason", async () => {
      ecrMock
        .on(GetLifecyclePolicyCommand)
        .rejects(new LifecyclePolicyNotFoundException({ message: "none", $metadata: {} }));
      const denied = new Error("not authorized");
      denied.name = "AccessDeniedException";
      ecrMock.on(PutLifecyclePolicyCommand).rejects(denied);
      const h = harness(KEEP_30);
      const result = await triage(ecrEvent(), h);
      expect(result.reason).to.equal(
        `${DONE}; the lifecycle policy not put (AccessDeniedException)`,
      );
      expect(h.notifier.sent.length).to.equal(1);
    });
  });

  describe("exposure is looked up only when containment could follow", () => {
    // Dry-run containment and patching: the decision is recorded, nothing is started.
    const DRY = { ...ENFORCE_ALL, containmentMode: "dry-run", patchMode: "dry-run" } as const;
    const EXPOSURE_LOOKUP = `exposed:${ACCOUNT}:${INSTANCE}`;

    it("looks it up once when every condition holds, and contains the exposed instance", async () => {
      const h = harness(DRY, { exposed: true });
      const result = await triage(containableEc2Event(), h);
      expect(h.lookups).to.deep.equal([EXPOSURE_LOOKUP]);
      expect([result.action, result.mode, result.outcome]).to.deep.equal([
        "contain",
        "dry-run",
        "dry-run",
      ]);
    });

    it("looks it up under containmentMode enforce, and patches the instance found unexposed", async () => {
      const h = harness({ ...DRY, containmentMode: "enforce" }, { exposed: false });
      const result = await triage(containableEc2Event(), h);
      expect(h.lookups).to.deep.equal([EXPOSURE_LOOKUP]);
      expect([result.action, result.mode, result.outcome]).to.deep.equal([
        "patch",
        "dry-run",
        "dry-run",
      ]);
    });

    for (const c of [
      { name: "autoContain is false", settings: { ...DRY, autoContain: false }, patch: {} },
      { name: "containmentMode is off", settings: { ...DRY, containmentMode: "off" }, patch: {} },
      { name: "the finding is SUPPRESSED", settings: DRY, patch: { status: "SUPPRESSED" } },
      { name: "the finding is CLOSED", settings: DRY, patch: { status: "CLOSED" } },
      { name: "the severity is HIGH", settings: DRY, patch: { severity: "HIGH" } },
      { name: "no exploit is available", settings: DRY, patch: { exploitAvailable: "NO" } },
      {
        name: "the finding carries its own reachability details",
        settings: DRY,
        patch: { networkReachabilityDetails: { protocol: "TCP" } },
      },
      {
        name: "the resource is not an EC2 instance",
        settings: DRY,
        patch: {
          resources: [{ type: "AWS_LAMBDA_FUNCTION", id: "arn:aws:lambda:eu-central-1:1:f" }],
        },
      },
    ] as const) {
      it(`does not look it up when ${c.name}`, async () => {
        const h = harness(c.settings);
        await triage(containableEc2Event(c.patch), h);
        expect(h.lookups).to.deep.equal([]);
      });
    }
  });

  describe("routing outcomes", () => {
    /** The Lambda sample: HIGH, exploit and fix available, Inspector score 7.5, rank P2. */
    const LAMBDA_REASON =
      "AWS_LAMBDA_FUNCTION finding needs its owner; P2 (score 65: exploit available, fix available, EPSS 0.00208, Inspector score 7.5)";

    it("closes the audit record of a CLOSED finding: action none, outcome closed", async () => {
      const h = harness(ENFORCE_ALL);
      const result = await triage(ecrEvent({ status: "CLOSED" }), h);
      const reason = "finding CLOSED: its audit record is closed";
      expect(result).to.deep.equal({ action: "none", outcome: "closed", reason });
      expect(h.audit.entries).to.deep.equal([
        { ...ECR_BASE, kind: "closed", action: "none", mode: undefined, reason },
      ]);
      expect(h.audit.closed).to.deep.equal([FINDING]);
    });

    const lambdaEvent = () => loadSampleEvent("finding-lambda-package-vulnerability.json");
    for (const c of [
      {
        name: "records a finding below HIGH: action none, outcome recorded",
        event: ecrEvent({ severity: "MEDIUM" }),
        result: { action: "none", outcome: "recorded", reason: "severity MEDIUM is below HIGH" },
        tickets: [],
      },
      {
        name: "records a notify decision without a ticket (the notify function tells people)",
        event: ecrEvent({ severity: "HIGH" }),
        result: {
          action: "notify",
          outcome: "recorded",
          reason: "HIGH finding on an image: notify its owner; P3",
        },
        tickets: [],
      },
      {
        name: "opens a ticket for a P2 finding: outcome ticket-opened",
        event: lambdaEvent(),
        result: { action: "ticket", outcome: "ticket-opened", reason: LAMBDA_REASON },
        tickets: [LAMBDA_REASON],
      },
      {
        name: "records a ticket decision when no ticketer is wired: outcome recorded",
        event: lambdaEvent(),
        withTicketer: false,
        result: { action: "ticket", outcome: "recorded", reason: LAMBDA_REASON },
        tickets: [],
      },
    ]) {
      it(c.name, async () => {
        const h = harness(ENFORCE_ALL, { withTicketer: c.withTicketer });
        const result = await triage(c.event, h);
        // Routing actions have no mode; the decision is the only audit entry, no message is sent
        expect(result).to.deep.equal({ ...c.result, mode: undefined });
        expect(h.audit.entries.map((e) => e.kind)).to.deep.equal(["decision"]);
        expect(h.notifier.sent.length).to.equal(0);
        expect(h.ticketer.opened.map((t) => t.ticket.reason)).to.deep.equal(c.tickets);
      });
    }

    it("records and announces a dry-run block, touching no repository: outcome dry-run", async () => {
      // Prepare
      const h = harness({ ...ENFORCE_ALL, blockImageMode: "dry-run" });
      // Act
      const result = await triage(ecrEvent(), h);
      // Assess
      const reason = `dry-run: would block-image: ${BLOCK_REASON}`;
      expect(result).to.deep.equal({
        action: "block-image",
        mode: "dry-run",
        outcome: "dry-run",
        reason,
      });
      expect(h.audit.entries.map((e) => [e.kind, e.mode, e.outcome, e.reason])).to.deep.equal([
        ["decision", "dry-run", undefined, reason],
        ["action", "dry-run", "dry-run", reason],
      ]);
      expect(h.notifier.sent.map((n) => n.attributes.action)).to.deep.equal(["block-image"]);
      expect([h.blocked.blocked.length, ecrMock.calls().length]).to.deep.equal([0, 0]);
    });
  });
});
