import { expect } from "chai";
import { explainTriage, rankFinding, type TriageFacts } from "../../functions/lib/decide";
import { parseFindingEvent } from "../../functions/lib/finding";
import type { RemediationSettings } from "../../functions/lib/settings";
import { ENFORCE_ALL, loadSampleEvent } from "../helpers/remediationFakes";

/** The EC2 sample, ACTIVE and HIGH, with these tags and detail changes. */
function ec2(
  patch: Record<string, unknown> = {},
  tags: Record<string, string> = { InspectorAutoPatch: "true" },
) {
  const event = loadSampleEvent("finding-ec2-package-vulnerability.json");
  (event.detail.resources as Record<string, unknown>[])[0].tags = tags;
  Object.assign(event.detail, { status: "ACTIVE", severity: "HIGH" }, patch);
  return event;
}

/** The EC2 sample's package details with these vulnerable packages. */
function packageDetails(vulnerablePackages: Record<string, unknown>[]) {
  const sample = loadSampleEvent("finding-ec2-package-vulnerability.json").detail as {
    packageVulnerabilityDetails: Record<string, unknown>;
  };
  return { ...sample.packageVulnerabilityDetails, vulnerablePackages };
}

function ecr(patch: Record<string, unknown> = {}) {
  const event = loadSampleEvent("finding-ecr-package-vulnerability.json");
  Object.assign(event.detail, patch);
  return event;
}

const P4_FACTORS = "P4 (score 25: fix available, EPSS 0.00043, Inspector score 4.8)";
const CONTAIN = "CRITICAL, exploit available and network-exposed (autoContain rule)";
const PATCH = "fix available and instance opted in (InspectorAutoPatch=true)";
const CRITICAL_EXPLOIT = { severity: "CRITICAL", exploitAvailable: "YES" };

interface Case {
  readonly name: string;
  readonly event: unknown;
  readonly settings?: Partial<RemediationSettings>;
  readonly facts?: TriageFacts;
  readonly expected: { action: string; reason: string };
}

const CASES: Case[] = [
  {
    name: "the CLOSED sample closes the record",
    event: loadSampleEvent("finding-ec2-package-vulnerability.json"),
    expected: { action: "none", reason: "finding CLOSED: its audit record is closed" },
  },
  {
    name: "a SUPPRESSED finding",
    event: ec2({ status: "SUPPRESSED" }),
    expected: { action: "none", reason: "finding SUPPRESSED by a suppression rule" },
  },
  {
    name: "a MEDIUM finding",
    event: ec2({ severity: "MEDIUM" }),
    expected: { action: "none", reason: "severity MEDIUM is below HIGH" },
  },
  {
    name: "an opted-in instance with a fix: patch",
    event: ec2(),
    expected: { action: "patch", reason: PATCH },
  },
  {
    name: "an application dependency (JAR) the patch baseline cannot update: escalate",
    event: ec2({
      packageVulnerabilityDetails: packageDetails([
        {
          name: "log4j-core",
          version: "2.14.1",
          packageManager: "JAR",
          fixedInVersion: "2.17.1",
        },
        { name: "jackson-databind", version: "2.9.8", packageManager: "JAR" },
        { name: "lodash", version: "4.17.15", packageManager: "NPM" },
      ]),
    }),
    expected: {
      action: "notify",
      reason: `application dependency (JAR, NPM): AWS-RunPatchBaseline installs OS packages only; upgrade the dependency in the application and redeploy; ${P4_FACTORS}`,
    },
  },
  {
    name: "an OS package beside an application one: patch",
    event: ec2({
      packageVulnerabilityDetails: packageDetails([
        { name: "openssl", version: "1.0.2k", packageManager: "OS" },
        { name: "lodash", version: "4.17.15", packageManager: "NPM" },
      ]),
    }),
    expected: { action: "patch", reason: PATCH },
  },
  {
    name: "a package vulnerability that names no package (nothing to attribute): patch",
    event: ec2({ packageVulnerabilityDetails: packageDetails([]) }),
    expected: { action: "patch", reason: PATCH },
  },
  {
    name: "a package without a package manager (unattributed, taken as OS): patch",
    event: ec2({
      packageVulnerabilityDetails: packageDetails([{ name: "openssl", version: "1.0.2k" }]),
    }),
    expected: { action: "patch", reason: PATCH },
  },
  {
    name: "a PARTIAL fix on an opted-in instance: patch",
    event: ec2({ fixAvailable: "PARTIAL" }),
    expected: { action: "patch", reason: PATCH },
  },
  {
    name: "the opt-in tag in capitals (TRUE): patch, the tag value is case-insensitive",
    event: ec2({}, { InspectorAutoPatch: "TRUE" }),
    expected: { action: "patch", reason: PATCH },
  },
  {
    name: "patching in dry-run",
    event: ec2(),
    settings: { patchMode: "dry-run" },
    expected: { action: "patch", reason: `dry-run: would patch: ${PATCH}` },
  },
  {
    name: "patching off",
    event: ec2(),
    settings: { patchMode: "off" },
    expected: {
      action: "notify",
      reason: `patchMode is off; fix available and instance opted in, but not patched automatically; ${P4_FACTORS}`,
    },
  },
  {
    name: "an instance not opted in (P4: notify)",
    event: ec2({}, {}),
    expected: {
      action: "notify",
      reason: `instance not opted in to automatic patching (tag InspectorAutoPatch=true); ${P4_FACTORS}`,
    },
  },
  {
    name: "an instance not opted in (P1: ticket)",
    event: ec2({ exploitAvailable: "YES", inspectorScore: 9.8 }, { InspectorAutoPatch: "false" }),
    expected: {
      action: "ticket",
      reason:
        "instance not opted in to automatic patching (tag InspectorAutoPatch=true); P1 (score 70: exploit available, fix available, EPSS 0.00043, Inspector score 9.8)",
    },
  },
  {
    name: "a P1 without a ticket webhook notifies",
    event: ec2({ exploitAvailable: "YES", inspectorScore: 9.8 }, {}),
    settings: { ticketWebhookUrl: undefined },
    expected: {
      action: "notify",
      reason:
        "instance not opted in to automatic patching (tag InspectorAutoPatch=true); P1 (score 70: exploit available, fix available, EPSS 0.00043, Inspector score 9.8)",
    },
  },
  {
    name: "no fix available",
    event: ec2({ fixAvailable: "NO" }),
    expected: {
      action: "notify",
      reason:
        "no fix available: replace or mitigate; P4 (score 10: EPSS 0.00043, Inspector score 4.8)",
    },
  },
  {
    name: "contain: exposed by the finding's own network reachability details",
    event: ec2({ ...CRITICAL_EXPLOIT, networkReachabilityDetails: { protocol: "TCP" } }),
    expected: { action: "contain", reason: CONTAIN },
  },
  {
    name: "contain: exposed by another finding (looked up)",
    event: ec2(CRITICAL_EXPLOIT),
    facts: { networkExposed: true },
    expected: { action: "contain", reason: CONTAIN },
  },
  {
    name: "not exposed: patch instead of contain",
    event: ec2(CRITICAL_EXPLOIT),
    facts: { networkExposed: false },
    expected: { action: "patch", reason: PATCH },
  },
  {
    name: "HIGH, exploit available and exposed: patch, containment is for CRITICAL only",
    event: ec2({ exploitAvailable: "YES" }),
    facts: { networkExposed: true },
    expected: { action: "patch", reason: PATCH },
  },
  {
    name: "CRITICAL and exposed without a known exploit: patch instead of contain",
    event: ec2({ severity: "CRITICAL", exploitAvailable: "NO" }),
    facts: { networkExposed: true },
    expected: { action: "patch", reason: PATCH },
  },
  {
    name: "autoContain off: never contain",
    event: ec2(CRITICAL_EXPLOIT),
    settings: { autoContain: false },
    facts: { networkExposed: true },
    expected: { action: "patch", reason: PATCH },
  },
  {
    name: "containment off falls through to patching",
    event: ec2(CRITICAL_EXPLOIT),
    settings: { containmentMode: "off" },
    facts: { networkExposed: true },
    expected: { action: "patch", reason: `containmentMode is off; ${PATCH}` },
  },
  {
    name: "containment in dry-run",
    event: ec2(CRITICAL_EXPLOIT),
    settings: { containmentMode: "dry-run" },
    facts: { networkExposed: true },
    expected: { action: "contain", reason: `dry-run: would contain: ${CONTAIN}` },
  },
  {
    name: "a network reachability finding on an instance",
    event: ec2({ type: "NETWORK_REACHABILITY" }),
    expected: {
      action: "notify",
      reason:
        "NETWORK_REACHABILITY finding on an instance needs a person; P3 (score 35: fix available, EPSS 0.00043, Inspector score 4.8, network-exposed)",
    },
  },
  {
    name: "a CRITICAL image: block it",
    event: ecr({ severity: "CRITICAL" }),
    expected: {
      action: "block-image",
      reason: "CRITICAL finding on an image: block its digest and notify its owner",
    },
  },
  {
    name: "a CRITICAL image in dry-run",
    event: ecr({ severity: "CRITICAL" }),
    settings: { blockImageMode: "dry-run" },
    expected: {
      action: "block-image",
      reason:
        "dry-run: would block-image: CRITICAL finding on an image: block its digest and notify its owner",
    },
  },
  {
    name: "a CRITICAL image with blocking off",
    event: ecr({ severity: "CRITICAL" }),
    settings: { blockImageMode: "off" },
    expected: {
      action: "notify",
      reason: "blockImageMode is off; CRITICAL finding on an image: notify its owner",
    },
  },
  {
    name: "a HIGH image",
    event: ecr({ severity: "HIGH" }),
    expected: { action: "notify", reason: "HIGH finding on an image: notify its owner; P3" },
  },
  {
    name: "the HIGH Lambda sample (P2: ticket)",
    event: loadSampleEvent("finding-lambda-package-vulnerability.json"),
    expected: {
      action: "ticket",
      reason:
        "AWS_LAMBDA_FUNCTION finding needs its owner; P2 (score 65: exploit available, fix available, EPSS 0.00208, Inspector score 7.5)",
    },
  },
  {
    name: "a malformed event (numeric severity, the blog rule's mistake)",
    event: ec2({ severity: 8.1 }),
    expected: {
      action: "none",
      reason:
        'malformed Inspector2 finding event: detail.severity: Invalid option: expected one of "INFORMATIONAL"|"LOW"|"MEDIUM"|"HIGH"|"CRITICAL"|"UNTRIAGED"',
    },
  },
  {
    name: "not a finding event",
    event: { source: "aws.inspector2", "detail-type": "Inspector2 Scan" },
    expected: {
      action: "none",
      reason:
        "malformed Inspector2 finding event: version: Invalid input: expected string, received undefined; id: Invalid input: expected string, received undefined; account: Invalid input: expected string, received undefined; time: Invalid input: expected string, received undefined; region: Invalid input: expected string, received undefined; resources: Invalid input: expected array, received undefined; detail-type: detail-type must be Inspector2 Finding; detail: Invalid input: expected object, received undefined",
    },
  },
];

describe("explainTriage", () => {
  for (const c of CASES) {
    it(`decides ${c.name}`, () => {
      expect(explainTriage(c.event, { ...ENFORCE_ALL, ...c.settings }, c.facts)).to.deep.equal(
        c.expected,
      );
    });
  }

  it("has no side effects: the same input gives the same answer and the event is unchanged", () => {
    const event = ec2();
    const before = JSON.stringify(event);
    const first = explainTriage(event, ENFORCE_ALL);
    expect([explainTriage(event, ENFORCE_ALL), JSON.stringify(event)]).to.deep.equal([
      first,
      before,
    ]);
  });
});

describe("rankFinding", () => {
  const cases: { name: string; event: unknown; facts?: TriageFacts; rank: unknown }[] = [
    {
      name: "the EC2 sample",
      event: ec2(),
      rank: {
        score: 25,
        priority: "P4",
        factors: ["fix available", "EPSS 0.00043", "Inspector score 4.8"],
      },
    },
    {
      name: "an ECR finding without an Inspector score (severity stands in)",
      event: ecr({ severity: "CRITICAL", fixAvailable: "PARTIAL", epss: { score: 0.9 } }),
      rank: {
        score: 47,
        priority: "P3",
        factors: ["partial fix available", "EPSS 0.9", "severity CRITICAL (no Inspector score)"],
      },
    },
    {
      name: "everything at once (capped at 100)",
      event: ec2({ exploitAvailable: "YES", inspectorScore: 10, epss: { score: 0.97 } }),
      facts: { networkExposed: true },
      rank: {
        score: 100,
        priority: "P1",
        factors: [
          "exploit available",
          "fix available",
          "EPSS 0.97",
          "Inspector score 10",
          "network-exposed",
        ],
      },
    },
    // The P2 bound (50), one below and one above: exploit available (35) and twice the score.
    ...[
      { inspectorScore: 7, score: 49, priority: "P3" },
      { inspectorScore: 7.5, score: 50, priority: "P2" },
      { inspectorScore: 8, score: 51, priority: "P2" },
    ].map((b) => ({
      name: `a score of ${b.score} as ${b.priority}`,
      event: ec2({ exploitAvailable: "YES", fixAvailable: "NO", inspectorScore: b.inspectorScore }),
      rank: {
        score: b.score,
        priority: b.priority,
        factors: ["exploit available", "EPSS 0.00043", `Inspector score ${b.inspectorScore}`],
      },
    })),
  ];
  for (const c of cases) {
    it(`ranks ${c.name}`, () => {
      expect(rankFinding(parseFindingEvent(c.event), c.facts)).to.deep.equal(c.rank);
    });
  }
});
