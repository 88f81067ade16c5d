/**
 * Triage of one validated finding: gather facts, decide (decide.ts), record the decision, act
 * under the stack's modes, record the outcome. Everything with effects comes in as `deps`, so
 * tests and the benchmark run it in-process with mocked clients.
 */
import { createHash } from "crypto";
import {
  GetLifecyclePolicyCommand,
  LifecyclePolicyNotFoundException,
  ListTagsForResourceCommand,
  PutLifecyclePolicyCommand,
} from "@aws-sdk/client-ecr";
import {
  AutomationDefinitionNotFoundException,
  InvalidAutomationExecutionParametersException,
  ListCommandInvocationsCommand,
  SSMServiceException,
  StartAutomationExecutionCommand,
} from "@aws-sdk/client-ssm";
import { IMAGE_DIGEST_PATTERN, repositoryArnOf } from "../../lib/blockedDigests";
import { automationServiceRoleArn } from "../../lib/remediationNames";
import type { FindingLookup, MemberClientFactory, Notifier, Ticketer } from "./clients";
import { packagesOf } from "./clients";
import { decide, hasTrueTag, type TriageDecision, type TriageFacts } from "./decide";
import { type FindingEvent, primaryResource, regionOf, versionOf } from "./finding";
import { MESSAGE_TYPE_ATTRIBUTE, MESSAGE_TYPES } from "../../lib/notificationTypes";
import type { RemediationSettings } from "./settings";
import type { AuditEntry, AuditStore, BlockedDigestStore, LockStore } from "./stores";

/** What triage needs from the outside world. */
export interface TriageDeps {
  readonly settings: RemediationSettings;
  readonly audit: AuditStore;
  readonly locks: LockStore;
  readonly blocked: BlockedDigestStore;
  readonly notifier: Notifier;
  /** Absent when no ticket webhook is configured. */
  readonly ticketer?: Ticketer;
  readonly lookup: FindingLookup;
  readonly memberClients: MemberClientFactory;
  readonly now: () => Date;
}

/** The result of one finding's triage (stored by the idempotency layer, so plain JSON). */
export interface TriageResult {
  readonly action: string;
  readonly mode?: string;
  readonly outcome: string;
  readonly reason: string;
  readonly executionId?: string;
}

/** A failure worth retrying (throttling, a full automation queue): the record goes back to SQS. */
export class RetryableRemediationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "RetryableRemediationError";
  }
}

/** The SSM document that patches, as `AWS-RunPatchBaseline` is named in `ListCommandInvocations`. */
export const RUN_PATCH_BASELINE = "AWS-RunPatchBaseline";

/** The lock key of a resource for an action kind. */
export function lockKeyOf(
  kind: string,
  accountId: string,
  region: string,
  resourceId: string,
): string {
  return `${kind}#${accountId}#${region}#${resourceId}`;
}

/**
 * A UUID-shaped client token derived from the lock (key and window): StartAutomationExecution
 * returns the same execution for a repeated token, so a retried record cannot start a second run.
 */
export function clientTokenOf(lockKey: string, lockedUntil: Date): string {
  const h = createHash("sha256").update(`${lockKey}@${lockedUntil.toISOString()}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function baseEntry(event: FindingEvent): Omit<AuditEntry, "kind" | "action" | "reason"> {
  const d = event.detail;
  return {
    findingArn: d.findingArn,
    accountId: d.awsAccountId,
    region: regionOf(event),
    resourceId: primaryResource(d).id,
    findingVersion: versionOf(d),
  };
}

function summary(event: FindingEvent, decision: TriageDecision): Record<string, unknown> {
  const d = event.detail;
  return {
    findingArn: d.findingArn,
    title: d.title,
    severity: d.severity,
    accountId: d.awsAccountId,
    region: regionOf(event),
    resourceType: primaryResource(d).type,
    resourceId: primaryResource(d).id,
    action: decision.action,
    mode: decision.mode,
    reason: decision.reason,
    priority: decision.rank?.priority,
  };
}

async function notify(
  deps: TriageDeps,
  event: FindingEvent,
  decision: TriageDecision,
  owner = "default",
): Promise<void> {
  const d = event.detail;
  await deps.notifier.publish({
    subject: `[${d.severity}] ${decision.action}: ${d.title ?? d.findingArn}`,
    message: summary(event, decision),
    attributes: {
      [MESSAGE_TYPE_ATTRIBUTE]: MESSAGE_TYPES.remediation,
      owner,
      action: decision.action,
      severity: d.severity,
      accountId: d.awsAccountId,
      ...(decision.rank === undefined ? {} : { priority: decision.rank.priority }),
    },
  });
}

/**
 * Classifies SSM errors: permanent ones are recorded, others retried. By typed class, and for
 * AWS's front-end `ValidationException` (a request outside the documented limits, which SSM's
 * model does not declare as a class) by its error code, the exception's name.
 */
function isPermanentSsmError(err: unknown): boolean {
  return (
    err instanceof AutomationDefinitionNotFoundException ||
    err instanceof InvalidAutomationExecutionParametersException ||
    (err instanceof SSMServiceException && err.name === "ValidationException")
  );
}

async function startAutomation(
  deps: TriageDeps,
  event: FindingEvent,
  decision: TriageDecision,
  kind: "patch" | "contain",
): Promise<TriageResult> {
  const d = event.detail;
  const region = regionOf(event);
  const instanceId = primaryResource(d).id;
  const now = deps.now();
  const until = new Date(now.getTime() + deps.settings.lockWindowMinutes * 60_000);
  const key = lockKeyOf(kind, d.awsAccountId, region, instanceId);
  const base = { ...baseEntry(event), kind: "action" as const, action: kind, mode: "enforce" };
  if (!(await deps.locks.acquire(key, d.findingArn, now, until))) {
    const reason = `another finding already started a ${kind} run on ${instanceId} in this lock window`;
    await deps.audit.record({ ...base, outcome: "coalesced", reason }, now);
    return { action: kind, mode: "enforce", outcome: "coalesced", reason };
  }
  const { ssm } = deps.memberClients(d.awsAccountId, region);
  // Every automation runs as the member's Automation service role, never as this function's
  // 15-minute role-chained session (AWS-RunPatchBaseline may run two hours).
  const assumeRole = automationServiceRoleArn(d.awsAccountId, d.findingArn.split(":")[1]);
  try {
    let parameters: Record<string, string[]>;
    if (kind === "patch") {
      const running = await ssm.send(
        new ListCommandInvocationsCommand({
          InstanceId: instanceId,
          Filters: [
            { key: "DocumentName", value: RUN_PATCH_BASELINE },
            { key: "Status", value: "InProgress" },
          ],
          MaxResults: 1,
        }),
      );
      if ((running.CommandInvocations ?? []).length > 0) {
        const reason = `${RUN_PATCH_BASELINE} already runs on ${instanceId}`;
        await deps.audit.record({ ...base, outcome: "skipped", reason }, now);
        return { action: kind, mode: "enforce", outcome: "skipped", reason };
      }
      const fromLookup = await deps.lookup.activePackages(d.awsAccountId, instanceId);
      const install = fromLookup.length > 0 ? fromLookup : packagesOf(d);
      const tags = primaryResource(d).tags;
      parameters = {
        InstanceId: [instanceId],
        FindingArn: [d.findingArn],
        RebootOption: [
          hasTrueTag(tags, deps.settings.rebootTagKey) ? "RebootIfNeeded" : "NoReboot",
        ],
        InstallPackages: install,
        OptInTagKey: [deps.settings.patchTagKey],
        AutomationAssumeRole: [assumeRole],
      };
    } else {
      parameters = {
        InstanceId: [instanceId],
        FindingArn: [d.findingArn],
        AutomationAssumeRole: [assumeRole],
      };
    }
    const out = await ssm.send(
      new StartAutomationExecutionCommand({
        DocumentName:
          kind === "patch"
            ? deps.settings.patchDocumentName
            : deps.settings.containmentDocumentName,
        Parameters: parameters,
        ClientToken: clientTokenOf(key, until),
        Tags: [{ Key: "InspectorFinding", Value: d.findingArn.slice(-256) }],
      }),
    );
    const reason = `${kind} automation started: ${decision.reason}`;
    await deps.audit.record(
      { ...base, outcome: "started", reason, executionId: out.AutomationExecutionId },
      now,
    );
    return {
      action: kind,
      mode: "enforce",
      outcome: "started",
      reason,
      executionId: out.AutomationExecutionId,
    };
  } catch (err) {
    if (isPermanentSsmError(err)) {
      // Retrying cannot help (document missing in the member, bad parameters): keep the lock so
      // other findings do not hammer it, record and tell a person.
      const reason = `${kind} automation failed: ${(err as Error).name}: ${(err as Error).message}`;
      await deps.audit.record({ ...base, outcome: "failed", reason }, now);
      await notify(deps, event, { ...decision, reason });
      return { action: kind, mode: "enforce", outcome: "failed", reason };
    }
    await deps.locks.release(key, d.findingArn);
    throw new RetryableRemediationError(`${kind} on ${instanceId} not started; retried`, {
      cause: err,
    });
  }
}

async function blockImage(
  deps: TriageDeps,
  event: FindingEvent,
  decision: TriageDecision,
): Promise<TriageResult> {
  const d = event.detail;
  const resource = primaryResource(d);
  const image = resource.details?.awsEcrContainerImage;
  const region = regionOf(event);
  const now = deps.now();
  const base = {
    ...baseEntry(event),
    kind: "action" as const,
    action: "block-image",
    mode: "enforce",
  };
  if (image === undefined || !IMAGE_DIGEST_PATTERN.test(image.imageHash)) {
    const reason = "the finding names no image digest (sha256:<64 hex>): nothing to block";
    await deps.audit.record({ ...base, outcome: "failed", reason }, now);
    await notify(deps, event, { ...decision, reason });
    return { action: "block-image", mode: "enforce", outcome: "failed", reason };
  }
  const repositoryArn = repositoryArnOf(region, image.registry, image.repositoryName);
  await deps.blocked.block({
    imageDigest: image.imageHash,
    repositoryArn,
    registry: image.registry,
    repositoryName: image.repositoryName,
    reason:
      `${d.severity} ${d.packageVulnerabilityDetails?.vulnerabilityId ?? d.type}: ${d.title ?? ""}`.trim(),
    findingArns: [d.findingArn],
    severity: d.severity,
    blockedAt: now.toISOString(),
  });
  const { ecr } = deps.memberClients(image.registry, region);
  const tags = await ecr.send(new ListTagsForResourceCommand({ resourceArn: repositoryArn }));
  const owner = tags.tags?.find((t) => t.Key === deps.settings.ownerTagKey)?.Value ?? "default";
  await notify(deps, event, decision, owner);
  let lifecycle = "";
  if (deps.settings.ecrKeepLastImages !== undefined) {
    lifecycle = await ensureLifecyclePolicy(deps, image.registry, region, image.repositoryName);
  }
  const reason = `digest ${image.imageHash} blocked; owner ${owner} notified${lifecycle}`;
  await deps.audit.record({ ...base, outcome: "done", reason }, now);
  return { action: "block-image", mode: "enforce", outcome: "done", reason };
}

/** The lifecycle policy put on repositories that have none: keep the newest N images. */
export function buildLifecyclePolicy(keepLastImages: number): string {
  return JSON.stringify({
    rules: [
      {
        rulePriority: 1,
        description: `inspector-rollout: keep the newest ${keepLastImages} images`,
        selection: {
          tagStatus: "any",
          countType: "imageCountMoreThan",
          countNumber: keepLastImages,
        },
        action: { type: "expire" },
      },
    ],
  });
}

/**
 * Puts the keep-the-newest-N lifecycle policy on a repository that has none. Housekeeping after
 * the digest is blocked and its owner notified: a failure here is recorded in the reason, not
 * thrown, because a retried record would block and notify again.
 */
async function ensureLifecyclePolicy(
  deps: TriageDeps,
  registry: string,
  region: string,
  repositoryName: string,
): Promise<string> {
  const { ecr } = deps.memberClients(registry, region);
  try {
    await ecr.send(new GetLifecyclePolicyCommand({ registryId: registry, repositoryName }));
    return "; the repository's own lifecycle policy kept";
  } catch (err) {
    if (!(err instanceof LifecyclePolicyNotFoundException)) {
      return `; the lifecycle policy not checked (${errorNameOf(err)})`;
    }
  }
  try {
    await ecr.send(
      new PutLifecyclePolicyCommand({
        registryId: registry,
        repositoryName,
        lifecyclePolicyText: buildLifecyclePolicy(deps.settings.ecrKeepLastImages ?? 1),
      }),
    );
  } catch (err) {
    return `; the lifecycle policy not put (${errorNameOf(err)})`;
  }
  return `; lifecycle policy keeping the newest ${deps.settings.ecrKeepLastImages} images put`;
}

const errorNameOf = (err: unknown): string => (err instanceof Error ? err.name : String(err));

/** Facts for the decision: exposure is looked up only where it can change the decision. */
async function gatherFacts(deps: TriageDeps, event: FindingEvent): Promise<TriageFacts> {
  const d = event.detail;
  const couldContain =
    deps.settings.autoContain &&
    deps.settings.containmentMode !== "off" &&
    d.status === "ACTIVE" &&
    d.severity === "CRITICAL" &&
    d.exploitAvailable === "YES" &&
    d.networkReachabilityDetails === undefined &&
    primaryResource(d).type === "AWS_EC2_INSTANCE";
  return couldContain
    ? { networkExposed: await deps.lookup.isInstanceExposed(d.awsAccountId, primaryResource(d).id) }
    : {};
}

/** Triage of one finding event. Throws {@link RetryableRemediationError} to have it retried. */
export async function triageFinding(event: FindingEvent, deps: TriageDeps): Promise<TriageResult> {
  const facts = await gatherFacts(deps, event);
  const decision = decide(event, deps.settings, facts);
  const now = deps.now();
  const entry: AuditEntry = {
    ...baseEntry(event),
    kind: "decision",
    action: decision.action,
    mode: decision.mode,
    reason: decision.reason,
  };
  if (event.detail.status === "CLOSED") {
    await deps.audit.close({ ...entry, kind: "closed" }, now);
    return { action: "none", outcome: "closed", reason: decision.reason };
  }
  await deps.audit.record(entry, now);
  const result = (outcome: string): TriageResult => ({
    action: decision.action,
    mode: decision.mode,
    outcome,
    reason: decision.reason,
  });
  switch (decision.action) {
    case "none":
    case "notify":
      // `none` has nothing to act on. Of a `notify` finding people hear from the notify function,
      // fed by the same rule and grouped by CVE: a per-finding message from here would defeat the
      // grouping (lib/notificationTypes).
      return result("recorded");
    case "ticket":
      if (deps.ticketer === undefined) {
        return result("recorded");
      }
      await deps.ticketer.open(
        summary(event, decision),
        `${event.detail.findingArn}@${versionOf(event.detail)}`,
      );
      return result("ticket-opened");
    case "patch":
    case "contain":
    case "block-image":
      if (decision.mode === "dry-run") {
        // Decide and record, act on nothing; the SOC still hears what would have happened.
        await deps.audit.record({ ...entry, kind: "action", outcome: "dry-run" }, now);
        await notify(deps, event, decision);
        return result("dry-run");
      }
      return decision.action === "block-image"
        ? blockImage(deps, event, decision)
        : startAutomation(deps, event, decision, decision.action);
  }
}
