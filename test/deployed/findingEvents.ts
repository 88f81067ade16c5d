/**
 * Finding events for the deployed functions: AWS's sample events (test/fixtures/events) with the
 * values a real event carries where the samples hold placeholders (a 32-hex finding id, a member
 * account of the example organization, the home Region) and the variants the tests need.
 */
import { createHash, randomUUID } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { parseInspectorTime } from "../../lib/kpis/time";
import { loadSample } from "../helpers/events";

/** The samples by resource type. */
export const SAMPLES = {
  ec2: "finding-ec2-package-vulnerability.json",
  ecr: "finding-ecr-package-vulnerability.json",
  lambda: "finding-lambda-package-vulnerability.json",
} as const;

/** A sample's key. */
export type SampleKind = keyof typeof SAMPLES;

/** Inspector's severities and statuses (API enums Severity, FindingStatus), as triage reads them. */
export { FINDING_STATUSES as STATUSES, SEVERITIES } from "../../functions/lib/finding";

const INVENTORY = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, "../../examples/org-inventory.json"), "utf8"),
) as { managementAccountId: string; accounts: { id: string; status: string }[] };

/** Member accounts of the example organization (ACTIVE, not the management account). */
export const MEMBER_ACCOUNTS = INVENTORY.accounts
  .filter(
    (a) =>
      a.status === "ACTIVE" && a.id !== INVENTORY.managementAccountId && a.id !== "222222222222",
  )
  .map((a) => a.id);

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** A time as Inspector writes it in events: "Wed Sep 04 17:00:36.951 UTC 2024". */
export function inspectorTime(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return (
    `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p(d.getUTCDate())} ` +
    `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)} UTC ${d.getUTCFullYear()}`
  );
}

/** A 32-hex finding id derived from a seed (Inspector's finding ids are 32 hex characters). */
export function findingIdOf(seed: string): string {
  return createHash("sha256").update(seed).digest("hex").slice(0, 32);
}

/** What a variant changes. */
export interface FindingOptions {
  /** Seed of the finding id: the same seed is the same finding. */
  readonly finding: string;
  readonly severity?: string;
  readonly status?: string;
  readonly updatedAt?: Date;
  readonly accountId?: string;
  readonly region?: string;
  /** EC2: the instance id; ECR: unused. */
  readonly resourceId?: string;
  readonly tags?: Record<string, string>;
  /** Replaces the vulnerable packages with this many (`pkg-000`...). */
  readonly packageCount?: number;
  readonly fixAvailable?: string;
  readonly exploitAvailable?: string;
  readonly vulnerabilityId?: string;
}

/** A finding event of `kind` with real-looking identifiers. */
export function findingEvent(kind: SampleKind, o: FindingOptions): Record<string, unknown> {
  const event = loadSample(SAMPLES[kind]);
  const d = event.detail;
  const region = o.region ?? "us-east-1";
  const accountId = o.accountId ?? MEMBER_ACCOUNTS[0];
  const updatedAt = o.updatedAt ?? new Date(Date.UTC(2026, 11, 3, 9, 0, 0));
  const resources = (d.resources as Record<string, unknown>[]).map((r) => {
    const resource: Record<string, unknown> = { ...r, region };
    if (kind === "ec2") {
      resource.id = o.resourceId ?? "i-0a1b2c3d4e5f67890";
    }
    if (kind === "ecr") {
      const details = r.details as { awsEcrContainerImage: Record<string, unknown> };
      resource.details = {
        awsEcrContainerImage: { ...details.awsEcrContainerImage, registry: accountId },
      };
    }
    if (o.tags !== undefined) {
      resource.tags = o.tags;
    }
    return resource;
  });
  const pv = d.packageVulnerabilityDetails as Record<string, unknown>;
  const packages =
    o.packageCount === undefined
      ? pv.vulnerablePackages
      : Array.from({ length: o.packageCount }, (_, i) => ({
          name: `lib${String(i).padStart(3, "0")}`,
          version: "1.0.0",
          fixedInVersion: "1.0.1",
          packageManager: "OS",
          arch: "x86_64",
          epoch: 0,
        }));
  return {
    ...event,
    id: randomUUID(),
    account: accountId,
    region,
    time: updatedAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
    detail: {
      ...d,
      awsAccountId: accountId,
      findingArn: `arn:aws:inspector2:${region}:${accountId}:finding/${findingIdOf(o.finding)}`,
      severity: o.severity ?? d.severity,
      status: o.status ?? d.status,
      updatedAt: inspectorTime(updatedAt),
      lastObservedAt: inspectorTime(updatedAt),
      ...(o.fixAvailable === undefined ? {} : { fixAvailable: o.fixAvailable }),
      ...(o.exploitAvailable === undefined ? {} : { exploitAvailable: o.exploitAvailable }),
      packageVulnerabilityDetails: {
        ...pv,
        ...(o.vulnerabilityId === undefined ? {} : { vulnerabilityId: o.vulnerabilityId }),
        vulnerablePackages: packages,
      },
      resources,
    },
  };
}

/** Epoch seconds of an event timestamp: the API's JSON carries timestamps as numbers. */
function epochSeconds(text: unknown): number | undefined {
  const ms = typeof text === "string" ? parseInspectorTime(text) : undefined;
  return ms === undefined ? undefined : ms / 1000;
}

/** The value with every `...At` timestamp as epoch seconds, recursively. */
function withEpochTimestamps(value: unknown, key = ""): unknown {
  if (Array.isArray(value)) {
    return value.map((v) => withEpochTimestamps(v));
  }
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, withEpochTimestamps(v, k)]),
    );
  }
  return key.endsWith("At") ? (epochSeconds(value) ?? value) : value;
}

/**
 * The finding of an event as Inspector's ListFindings returns it: the event's detail, with its
 * timestamps (`firstObservedAt`, `vendorCreatedAt`, `launchedAt`...) as the REST-JSON protocol
 * sends them, epoch seconds.
 */
export function apiFinding(event: Record<string, unknown>): Record<string, unknown> {
  return withEpochTimestamps(event.detail) as Record<string, unknown>;
}
