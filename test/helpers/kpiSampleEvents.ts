/**
 * Inspector events for the KPI specs, built from AWS's own sample events (test/fixtures/events):
 * a finding event with the fields a case sets, an initial scan, a coverage event. Not a spec.
 */
import * as fs from "fs";
import * as path from "path";
import type { InspectorEvent } from "../../lib/kpis/compute";

const EVENTS_DIR = path.join(__dirname, "../fixtures/events");

/** One of AWS's sample events under test/fixtures/events (a fresh copy each call). */
export function sampleEvent(file: string): InspectorEvent {
  return JSON.parse(fs.readFileSync(path.join(EVENTS_DIR, file), "utf8")) as InspectorEvent;
}

/** What a case sets on a finding event. */
export interface FindingSpec {
  readonly arn: string;
  readonly severity: string;
  readonly status: string;
  readonly firstObserved: string;
  readonly updated: string;
  readonly vendorCreated?: string;
  readonly account?: string;
  readonly region?: string;
  readonly cve?: string;
}

/** A finding event built from AWS's EC2 sample, with the fields a case needs. */
export function finding(f: FindingSpec): InspectorEvent {
  const event = sampleEvent("finding-ec2-package-vulnerability.json");
  const d = event.detail as {
    findingArn: string;
    severity: string;
    status: string;
    firstObservedAt: string;
    updatedAt: string;
    awsAccountId: string;
    inspectorScore?: number;
    resources: { region: string }[];
    packageVulnerabilityDetails: { vulnerabilityId: string; vendorCreatedAt?: string };
  };
  d.findingArn = `arn:aws:inspector2:us-east-1:111111111111:finding/${f.arn}`;
  d.severity = f.severity;
  d.status = f.status;
  d.firstObservedAt = f.firstObserved;
  d.updatedAt = f.updated;
  d.awsAccountId = f.account ?? "111111111111";
  d.resources[0].region = f.region ?? "us-east-1";
  d.packageVulnerabilityDetails.vulnerabilityId = f.cve ?? `CVE-${f.arn}`;
  if (f.vendorCreated === undefined) {
    delete d.packageVulnerabilityDetails.vendorCreatedAt;
  } else {
    d.packageVulnerabilityDetails.vendorCreatedAt = f.vendorCreated;
  }
  delete d.inspectorScore;
  return event;
}

/** An initial ECR scan ("Inspector2 Scan") of one image digest with its severity counts. */
export function scan(counts: Record<string, number>, digest: string): InspectorEvent {
  return {
    source: "aws.inspector2",
    "detail-type": "Inspector2 Scan",
    time: "2026-01-10T00:00:00Z",
    detail: {
      "scan-status": "INITIAL_SCAN_COMPLETE",
      "image-digest": digest,
      "finding-severity-counts": counts,
    },
  };
}

/** A coverage event ("Inspector2 Coverage") of one resource. */
export function coverage(
  resource: string,
  status: string,
  reason: string,
  time: string,
): InspectorEvent {
  return {
    source: "aws.inspector2",
    "detail-type": "Inspector2 Coverage",
    time,
    resources: [resource],
    detail: { scanStatus: { statusCodeValue: status, reason }, scanType: "PACKAGE" },
  };
}
