/**
 * The Inspector2 finding event as it really arrives: a zod schema built from AWS's sample events
 * (test/fixtures/events/, copied from the Inspector User Guide's EventBridge schema page).
 *
 * What the samples and the API model teach (../shared/reference/inspector-facts.md section 1):
 * - `detail.severity` is a string enum; `inspectorScore` is optional (absent on network
 *   reachability, code and many ECR findings).
 * - timestamps in `detail` are not ISO-8601 ("Wed Sep 04 16:59:44.356 UTC 2024",
 *   "Jan 19, 2023, 10:46:15 PM"): they are kept as strings and parsed leniently where needed.
 * - the member account is `detail.awsAccountId`, not the envelope's `account`.
 * - unknown keys are tolerated (the ECR sample carries a stray top-level key).
 */
import { EventBridgeSchema } from "@aws-lambda-powertools/parser/schemas";
import { z } from "zod";
import { parseInspectorTime as parseInspectorTimeMs } from "../../lib/kpis/time";

/** Inspector's severities (API enum `Severity`). */
export const SEVERITIES = [
  "INFORMATIONAL",
  "LOW",
  "MEDIUM",
  "HIGH",
  "CRITICAL",
  "UNTRIAGED",
] as const;

/** Inspector's finding statuses. */
export const FINDING_STATUSES = ["ACTIVE", "SUPPRESSED", "CLOSED"] as const;

const ACCOUNT_ID = /^\d{12}$/;

const vulnerablePackageSchema = z.object({
  name: z.string(),
  version: z.string(),
  epoch: z.number().optional(),
  release: z.string().optional(),
  arch: z.string().optional(),
  packageManager: z.string().optional(),
  filePath: z.string().optional(),
  fixedInVersion: z.string().optional(),
  remediation: z.string().optional(),
});

const resourceSchema = z.object({
  type: z.string(),
  id: z.string().min(1),
  partition: z.string().optional(),
  region: z.string().optional(),
  tags: z.record(z.string(), z.string()).optional(),
  details: z
    .object({
      awsEc2Instance: z
        .object({
          vpcId: z.string().optional(),
          subnetId: z.string().optional(),
          platform: z.string().optional(),
          ipV4Addresses: z.array(z.string()).optional(),
        })
        .optional(),
      awsEcrContainerImage: z
        .object({
          repositoryName: z.string(),
          registry: z.string(),
          imageHash: z.string(),
          imageTags: z.array(z.string()).optional(),
        })
        .optional(),
    })
    .optional(),
});

/** `detail` of an `Inspector2 Finding` event: the fields triage reads, the rest passed through. */
export const FindingDetailSchema = z.looseObject({
  findingArn: z.string().startsWith("arn:", { error: "findingArn must be an ARN" }),
  awsAccountId: z.string().regex(ACCOUNT_ID, { error: "awsAccountId must be a 12-digit id" }),
  type: z.string(),
  severity: z.enum(SEVERITIES),
  status: z.enum(FINDING_STATUSES),
  title: z.string().optional(),
  firstObservedAt: z.string(),
  lastObservedAt: z.string(),
  updatedAt: z.string().optional(),
  inspectorScore: z.number().optional(),
  exploitAvailable: z.enum(["YES", "NO"]).optional(),
  fixAvailable: z.enum(["YES", "NO", "PARTIAL"]).optional(),
  epss: z.object({ score: z.number().min(0).max(1) }).optional(),
  packageVulnerabilityDetails: z
    .object({
      vulnerabilityId: z.string(),
      vulnerablePackages: z.array(vulnerablePackageSchema).optional(),
    })
    .optional(),
  networkReachabilityDetails: z
    .object({
      openPortRange: z.object({ begin: z.number(), end: z.number() }).optional(),
      protocol: z.string().optional(),
    })
    .optional(),
  resources: z.array(resourceSchema).min(1).max(10),
});

/** An EventBridge `Inspector2 Finding` event (Powertools' EventBridge schema, typed detail). */
export const FindingEventSchema = EventBridgeSchema.extend({
  source: z.literal("aws.inspector2", { error: "source must be aws.inspector2" }),
  "detail-type": z.literal("Inspector2 Finding", {
    error: "detail-type must be Inspector2 Finding",
  }),
  detail: FindingDetailSchema,
});

/** A validated finding event. */
export type FindingEvent = z.infer<typeof FindingEventSchema>;
/** A validated finding. */
export type FindingDetail = z.infer<typeof FindingDetailSchema>;
/** One resource of a finding. */
export type FindingResource = FindingDetail["resources"][number];

/** Raised when a record is not a valid finding event; the message lists every problem. */
export class MalformedEventError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(`malformed Inspector2 finding event: ${problems.join("; ")}`);
    this.name = "MalformedEventError";
  }
}

/** Parses a record body (JSON text or an object) into a finding event, or throws why not. */
export function parseFindingEvent(body: unknown): FindingEvent {
  let value = body;
  if (typeof body === "string") {
    try {
      value = JSON.parse(body) as unknown;
    } catch {
      throw new MalformedEventError(["body is not JSON"]);
    }
  }
  const parsed = FindingEventSchema.safeParse(value);
  if (!parsed.success) {
    throw new MalformedEventError(
      parsed.error.issues.map((i) => `${i.path.map(String).join(".") || "(event)"}: ${i.message}`),
    );
  }
  return parsed.data;
}

/**
 * The dedupe key's timestamp: `updatedAt`, else `lastObservedAt` (both are in every sample, but
 * `updatedAt` is not a required member of the API's Finding shape).
 */
export function versionOf(detail: FindingDetail): string {
  return detail.updatedAt ?? detail.lastObservedAt;
}

/**
 * Parses Inspector's event timestamps (ISO-8601, "Wed Sep 04 16:59:44.356 UTC 2024",
 * "Jan 19, 2023, 10:46:15 PM"), all as UTC; the one parser the KPIs use too. Undefined when unknown.
 */
export function parseInspectorTime(text: string): Date | undefined {
  const ms = parseInspectorTimeMs(text);
  return ms === undefined ? undefined : new Date(ms);
}

/** The first resource of the finding (Inspector findings carry one primary resource). */
export function primaryResource(detail: FindingDetail): FindingResource {
  return detail.resources[0];
}

/** The Region of the finding's resource, else the event's. */
export function regionOf(event: FindingEvent): string {
  const r = primaryResource(event.detail).region;
  return r !== undefined && /^[a-z]{2}(-[a-z]+)+-\d$/.test(r) ? r : event.region;
}
