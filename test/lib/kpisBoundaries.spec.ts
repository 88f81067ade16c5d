/**
 * The KPI computation at its edges (issue 18, the `kpis` mutation group): the status transitions
 * of a finding, the fallbacks of a field an event lacks, durations of zero and below, the
 * detail-type filters, the EC2 instance id, the failOnHighAtPush default and the order of the
 * report's keys. Every expected value is written out by hand from the events of the case.
 */
import { expect } from "chai";
import { computeKpis, foldFindings, type InspectorEvent } from "../../lib/kpis/compute";
import { coverage, finding, sampleEvent, scan } from "../helpers/kpiSampleEvents";

const ARN = "arn:aws:inspector2:us-east-1:111111111111:finding/";

/** A finding event of `arn` with `status`, updated at `updated` (first observed 2026-01-05). */
function state(arn: string, status: string, updated: string): InspectorEvent {
  return finding({
    arn,
    severity: "HIGH",
    status,
    firstObserved: "2026-01-05T00:00:00Z",
    updated,
  });
}

/** The fields of a folded finding a transition changes. */
function transitions(events: readonly InspectorEvent[]) {
  return foldFindings(events).map((f) => ({
    findingArn: f.findingArn,
    status: f.status,
    closedAt: f.closedAt,
    reopenedCount: f.reopenedCount,
  }));
}

describe("foldFindings at its edges", () => {
  it("rebuilds AWS's EC2 sample (one CLOSED event) as closed when it was updated", () => {
    expect(foldFindings([sampleEvent("finding-ec2-package-vulnerability.json")])).to.deep.equal([
      {
        findingArn: "arn:aws:inspector2:eu-central-1:123456789012:finding/{{FINDING_ID}}",
        accountId: "123456789012",
        region: "eu-central-1",
        severity: "MEDIUM",
        status: "CLOSED",
        vulnerabilityId: "CVE-2024-29069",
        resourceType: "AWS_EC2_INSTANCE",
        // "Wed Sep 04 16:59:44.356 UTC 2024", "Thu Jul 25 20:15:00.000 UTC 2024", "Wed Sep 04 17:00:36.951 UTC 2024"
        firstObservedAt: Date.UTC(2024, 8, 4, 16, 59, 44, 356),
        vendorCreatedAt: Date.UTC(2024, 6, 25, 20, 15, 0, 0),
        closedAt: Date.UTC(2024, 8, 4, 17, 0, 36, 951),
        reopenedCount: 0,
      },
    ]);
  });

  /** Status transitions: the events' [status, updatedAt] as delivered, and the folded finding. */
  const TRANSITIONS: {
    name: string;
    events: [string, string][];
    folded: { status: string; closedAt: number | undefined; reopenedCount: number };
  }[] = [
    {
      // Delivered newest first: the fold orders by updatedAt.
      name: "keeps the time a finding went CLOSED when a later event says CLOSED again",
      events: [
        ["CLOSED", "2026-01-09T00:00:00Z"],
        ["ACTIVE", "2026-01-05T00:00:00Z"],
        ["CLOSED", "2026-01-08T00:00:00Z"],
      ],
      folded: { status: "CLOSED", closedAt: Date.UTC(2026, 0, 8), reopenedCount: 0 },
    },
    {
      name: "has no closing time once a closed finding is SUPPRESSED, and counts no reopening",
      events: [
        ["ACTIVE", "2026-01-05T00:00:00Z"],
        ["CLOSED", "2026-01-08T00:00:00Z"],
        ["SUPPRESSED", "2026-01-09T00:00:00Z"],
      ],
      folded: { status: "SUPPRESSED", closedAt: undefined, reopenedCount: 0 },
    },
    {
      name: "counts CLOSED then ACTIVE as a reopening and keeps the last closing time",
      events: [
        ["ACTIVE", "2026-01-05T00:00:00Z"],
        ["CLOSED", "2026-01-06T00:00:00Z"],
        ["ACTIVE", "2026-01-07T00:00:00Z"],
        ["CLOSED", "2026-01-10T00:00:00Z"],
      ],
      folded: { status: "CLOSED", closedAt: Date.UTC(2026, 0, 10), reopenedCount: 1 },
    },
  ];
  for (const { name, events, folded } of TRANSITIONS) {
    it(name, () => {
      expect(
        transitions(events.map(([status, updated]) => state("X", status, updated))),
      ).to.deep.equal([{ findingArn: `${ARN}X`, ...folded }]);
    });
  }

  it("takes the earliest firstObservedAt of a finding's events, whatever their order", () => {
    const observed = (firstObserved: string, updated: string) =>
      finding({ arn: "O", severity: "LOW", status: "ACTIVE", firstObserved, updated });
    const [folded] = foldFindings([
      observed("2026-01-05T00:00:00Z", "2026-01-10T00:00:00Z"),
      observed("2026-01-03T00:00:00Z", "2026-01-11T00:00:00Z"),
      observed("2026-01-04T00:00:00Z", "2026-01-12T00:00:00Z"),
    ]);
    expect(folded.firstObservedAt).to.equal(Date.UTC(2026, 0, 3));
  });

  it("folds only Inspector2 Finding events, even when another event carries the findingArn", () => {
    const other = {
      ...state("F", "CLOSED", "2026-01-06T00:00:00Z"),
      "detail-type": "Inspector2 Scan",
    };
    const lone = {
      ...state("G", "ACTIVE", "2026-01-06T00:00:00Z"),
      "detail-type": "Inspector2 Scan",
    };
    expect(transitions([state("F", "ACTIVE", "2026-01-05T00:00:00Z"), other, lone])).to.deep.equal([
      { findingArn: `${ARN}F`, status: "ACTIVE", closedAt: undefined, reopenedCount: 0 },
    ]);
  });

  it("falls back to the envelope's account and Region, then to unknown, UNTRIAGED and no status", () => {
    const envelope = sampleEvent("finding-ec2-package-vulnerability.json");
    const d1 = envelope.detail as { awsAccountId?: string; resources: { region?: string }[] };
    delete d1.awsAccountId;
    delete d1.resources[0].region;

    const bare = sampleEvent("finding-ec2-package-vulnerability.json") as {
      -readonly [K in keyof InspectorEvent]: InspectorEvent[K];
    };
    delete bare.account;
    delete bare.region;
    const d2 = bare.detail;
    d2.findingArn = `${ARN}bare`;
    for (const key of ["awsAccountId", "resources", "severity", "status"]) {
      delete d2[key];
    }

    expect(
      foldFindings([envelope, bare]).map((f) => [
        f.accountId,
        f.region,
        f.severity,
        f.status,
        f.resourceType,
      ]),
    ).to.deep.equal([
      ["123456789012", "eu-central-1", "MEDIUM", "CLOSED", "AWS_EC2_INSTANCE"],
      ["unknown", "unknown", "UNTRIAGED", "", undefined],
    ]);
  });

  it("reads a finding without package details (network reachability) or with them null", () => {
    const network = sampleEvent("finding-ec2-package-vulnerability.json");
    const d1 = network.detail;
    d1.findingArn = `${ARN}network`;
    d1.type = "NETWORK_REACHABILITY";
    delete d1.packageVulnerabilityDetails;
    d1.networkReachabilityDetails = {
      openPortRange: { begin: 22, end: 22 },
      protocol: "TCP",
      networkPath: { steps: [{ componentId: "igw-0123456789abcdef0", componentType: "IGW" }] },
    };
    const nulled = sampleEvent("finding-ec2-package-vulnerability.json");
    nulled.detail.findingArn = `${ARN}null`;
    nulled.detail.packageVulnerabilityDetails = null;

    expect(
      foldFindings([network, nulled]).map((f) => [
        f.findingArn,
        f.vulnerabilityId,
        f.vendorCreatedAt,
      ]),
    ).to.deep.equal([
      [`${ARN}network`, undefined, undefined],
      [`${ARN}null`, undefined, undefined],
    ]);
  });
});

describe("computeKpis at its edges", () => {
  it("counts a duration of zero days and leaves out a negative one", () => {
    /** A CRITICAL finding first observed 2026-01-05 00:00, published by the vendor at `vendorCreated`. */
    const detected = (arn: string, vendorCreated: string) =>
      finding({
        arn,
        severity: "CRITICAL",
        status: "ACTIVE",
        firstObserved: "2026-01-05T00:00:00Z",
        updated: "2026-01-05T00:00:00Z",
        vendorCreated,
      });
    const report = computeKpis([
      detected("zero", "2026-01-05T00:00:00Z"), // the instant it was published: 0 days to detect
      detected("early", "2026-01-06T00:00:00Z"), // a day before it was published: left out
      // Closed in the event that first reported it: 0 days to remediate.
      finding({
        arn: "closed",
        severity: "HIGH",
        status: "CLOSED",
        firstObserved: "2026-01-07T00:00:00Z",
        updated: "2026-01-07T00:00:00Z",
      }),
    ]);
    expect([report.timeToDetect, report.timeToRemediate]).to.deep.equal([
      { CRITICAL: { count: 1, meanDays: 0, p90Days: 0 } },
      { HIGH: { count: 1, meanDays: 0, p90Days: 0 } },
    ]);
  });

  describe("ECR pass rate at push", () => {
    const events = [
      sampleEvent("other/scan-ecr-initial.json"), // CRITICAL 0, HIGH 0: passes
      scan({ HIGH: 1, TOTAL: 1 }, "sha256:bbbb"), // fails unless HIGH is allowed
      sampleEvent("other/scan-ec2-initial.json"), // no image digest: not an image scan
      sampleEvent("other/scan-lambda-initial.json"), // no image digest: not an image scan
      // Another Inspector detail-type carrying an image-digest: not an initial scan either.
      { ...scan({ CRITICAL: 2, TOTAL: 2 }, "sha256:dddd"), "detail-type": "Inspector2 Coverage" },
    ];

    it("fails an image with a HIGH finding by default", () => {
      expect(computeKpis(events).ecrPassRateAtPush).to.deep.equal({
        scans: 2,
        passed: 1,
        rate: 0.5,
      });
      expect(computeKpis(events, { failOnHighAtPush: true }).ecrPassRateAtPush).to.deep.equal({
        scans: 2,
        passed: 1,
        rate: 0.5,
      });
    });

    it("passes it with failOnHighAtPush false", () => {
      expect(computeKpis(events, { failOnHighAtPush: false }).ecrPassRateAtPush).to.deep.equal({
        scans: 2,
        passed: 2,
        rate: 1,
      });
    });

    it("has no rate without an initial image scan", () => {
      expect(
        computeKpis([state("A", "ACTIVE", "2026-01-05T00:00:00Z")]).ecrPassRateAtPush,
      ).to.deep.equal({
        scans: 0,
        passed: 0,
        rate: undefined,
      });
    });
  });

  describe("EC2 instances without coverage", () => {
    const uncovered = (events: readonly InspectorEvent[]) => computeKpis(events).ec2WithoutCoverage;

    it("decides on the latest coverage event, not on a later scan of the same instance (AWS samples)", () => {
      // Coverage INACTIVE at 22:51:39, the initial scan of i-087d63509b8c97098 at 22:52:35.
      expect(
        uncovered([
          sampleEvent("other/coverage-ec2.json"),
          sampleEvent("other/scan-ec2-initial.json"),
        ]),
      ).to.deep.equal({ count: 1, byReason: { UNMANAGED_EC2_INSTANCE: 1 } });
    });

    /** A coverage event of one instance. */
    const instance = (status: string, reason: string, time: string) =>
      coverage("i-0123456789abcdef0", status, reason, time);

    it("takes the latest by time when the events arrive newest first", () => {
      const newestFirst = [
        instance("INACTIVE", "EC2_INSTANCE_STOPPED", "2026-01-02T00:00:00Z"),
        instance("ACTIVE", "SUCCESSFUL", "2026-01-01T00:00:00Z"),
      ];
      expect(uncovered(newestFirst)).to.deep.equal({
        count: 1,
        byReason: { EC2_INSTANCE_STOPPED: 1 },
      });
    });

    it("takes the one read last of two with the same time (event times are to the second)", () => {
      const sameSecond = [
        instance("ACTIVE", "SUCCESSFUL", "2026-01-01T00:00:00Z"),
        instance("INACTIVE", "STALE_INVENTORY", "2026-01-01T00:00:00Z"),
      ];
      expect(uncovered(sameSecond)).to.deep.equal({ count: 1, byReason: { STALE_INVENTORY: 1 } });
    });

    it("counts an instance id alone or ending an instance ARN, and no other resource", () => {
      expect(
        uncovered([
          coverage("i-087d63509b8c97098", "INACTIVE", "EXCLUDED_BY_TAG", "2026-01-01T00:00:00Z"),
          coverage(
            "arn:aws:ec2:us-east-1:111122223333:instance/i-0abcdef1234567890",
            "INACTIVE",
            "NO_INVENTORY",
            "2026-01-01T00:00:00Z",
          ),
          coverage(
            "arn:aws:ecr:us-east-1:111122223333:repository/inspector2",
            "INACTIVE",
            "PENDING_INITIAL_SCAN",
            "2026-01-01T00:00:00Z",
          ),
          // Lambda functions whose names hold an instance-id-like part: not at the end, or not after ":" or "/".
          coverage(
            "arn:aws:lambda:us-east-1:111122223333:function:i-0abc1234-cleanup",
            "INACTIVE",
            "UNSUPPORTED_RUNTIME",
            "2026-01-01T00:00:00Z",
          ),
          coverage(
            "arn:aws:lambda:us-east-1:111122223333:function:taxi-12345678",
            "INACTIVE",
            "UNSUPPORTED_RUNTIME",
            "2026-01-01T00:00:00Z",
          ),
        ]),
      ).to.deep.equal({ count: 2, byReason: { EXCLUDED_BY_TAG: 1, NO_INVENTORY: 1 } });
    });

    /** A coverage event of the same instance for another scan type, or none. */
    const ofScanType = (
      scanType: string | undefined,
      status: string,
      reason: string,
      time: string,
    ) => {
      const e = instance(status, reason, time);
      if (scanType === undefined) {
        delete e.detail.scanType;
      } else {
        e.detail.scanType = scanType;
      }
      return e;
    };

    it("decides on the PACKAGE scan's coverage; a later NETWORK event neither hides nor makes a gap", () => {
      const packageGapThenNetworkActive = [
        instance("INACTIVE", "UNMANAGED_EC2_INSTANCE", "2026-01-01T00:00:00Z"),
        ofScanType("NETWORK", "ACTIVE", "SUCCESSFUL", "2026-01-02T00:00:00Z"),
      ];
      expect(uncovered(packageGapThenNetworkActive)).to.deep.equal({
        count: 1,
        byReason: { UNMANAGED_EC2_INSTANCE: 1 },
      });
      const packageActiveThenNetworkGap = [
        instance("ACTIVE", "SUCCESSFUL", "2026-01-01T00:00:00Z"),
        ofScanType("NETWORK", "INACTIVE", "NO_INVENTORY", "2026-01-02T00:00:00Z"),
      ];
      expect(uncovered(packageActiveThenNetworkGap)).to.deep.equal({ count: 0, byReason: {} });
      expect(
        uncovered([ofScanType("NETWORK", "INACTIVE", "NO_INVENTORY", "2026-01-02T00:00:00Z")]),
      ).to.deep.equal({ count: 0, byReason: {} });
    });

    it("counts a coverage event without a scan type as the PACKAGE scan's", () => {
      expect(
        uncovered([
          instance("ACTIVE", "SUCCESSFUL", "2026-01-01T00:00:00Z"),
          ofScanType(undefined, "INACTIVE", "STALE_INVENTORY", "2026-01-02T00:00:00Z"),
        ]),
      ).to.deep.equal({ count: 1, byReason: { STALE_INVENTORY: 1 } });
    });

    it("counts an INACTIVE instance without a reason as UNKNOWN", () => {
      const noReason = instance("INACTIVE", "", "2026-01-01T00:00:00Z");
      noReason.detail.scanStatus = { statusCodeValue: "INACTIVE" };
      expect(uncovered([noReason])).to.deep.equal({ count: 1, byReason: { UNKNOWN: 1 } });
    });
  });

  describe("counts and key order", () => {
    const report = computeKpis([
      // Given out of order: account 222222222222 and the later week first.
      finding({
        arn: "W3",
        severity: "CRITICAL",
        status: "ACTIVE",
        firstObserved: "2026-01-14T00:00:00Z", // a Wednesday: 2026-W03
        updated: "2026-01-14T00:00:00Z",
        account: "222222222222",
        region: "eu-west-1",
        cve: "CVE-2026-0003",
      }),
      finding({
        arn: "W1",
        severity: "CRITICAL",
        status: "ACTIVE",
        firstObserved: "2026-01-01T00:00:00Z", // a Thursday: 2026-W01
        updated: "2026-01-01T00:00:00Z",
        cve: "CVE-2026-0001",
      }),
      finding({
        arn: "H",
        severity: "HIGH",
        status: "CLOSED",
        firstObserved: "2026-01-02T00:00:00Z",
        updated: "2026-01-03T00:00:00Z",
      }),
    ]);

    it("counts closed findings apart from open ones", () => {
      expect(report.findings).to.deep.equal({ total: 3, open: 2, closed: 1, reopened: 0 });
    });

    it("lists accounts and Regions, and weeks, in sorted order", () => {
      expect([
        Object.entries(report.openCriticalHighByAccountRegion),
        Object.entries(report.newCriticalCvesPerWeek),
      ]).to.deep.equal([
        [
          ["111111111111/us-east-1", { CRITICAL: 1, HIGH: 0 }],
          ["222222222222/eu-west-1", { CRITICAL: 1, HIGH: 0 }],
        ],
        [
          ["2026-W01", 1],
          ["2026-W03", 1],
        ],
      ]);
    });
  });
});
