import { ScanStatusReason } from "@aws-sdk/client-inspector2";
import { expect } from "chai";
import {
  buildExportPattern,
  buildForwardPattern,
  buildOperationsPattern,
  buildRoutePatterns,
  buildTriagePattern,
  COVERAGE_REASONS_NOT_ACTIONABLE,
  type EventPattern,
} from "../../lib/eventPatterns";
import { matchEventPattern } from "../../lib/eventPatternMatcher";
import {
  coverageEvent,
  loadOtherSample,
  loadSample,
  OTHER_SAMPLE_FILES,
  otherVariant,
  SAMPLE_FILES,
  type SampleEvent,
  variant,
} from "../helpers/events";

const EC2 = "finding-ec2-package-vulnerability.json";
const ECR = "finding-ecr-package-vulnerability.json";
const LAMBDA = "finding-lambda-package-vulnerability.json";

/** The rule of the widely copied blog post: a numeric filter on the string severity. */
const NUMERIC_SEVERITY_RULE: EventPattern = {
  source: ["aws.inspector2"],
  "detail-type": ["Inspector2 Finding"],
  detail: { severity: [{ numeric: [">=", 7.0] }], status: ["ACTIVE"] },
};

const RULES: Record<string, EventPattern> = {
  triage: buildTriagePattern(["CRITICAL", "HIGH"]),
  export: buildExportPattern(),
  operations: buildOperationsPattern(),
  forward: buildForwardPattern(),
};

interface Row {
  readonly name: string;
  readonly event: () => SampleEvent;
  /** The rules that match, exactly. */
  readonly matches: readonly string[];
}

const ROWS: Row[] = [
  { name: `${EC2} (MEDIUM, CLOSED)`, event: () => loadSample(EC2), matches: ["export", "forward"] },
  { name: `${ECR} (MEDIUM, ACTIVE)`, event: () => loadSample(ECR), matches: ["export", "forward"] },
  {
    name: `${LAMBDA} (HIGH, ACTIVE)`,
    event: () => loadSample(LAMBDA),
    matches: ["triage", "export", "forward"],
  },
  {
    name: "a CRITICAL ACTIVE finding without inspectorScore",
    event: () => {
      const e = variant(ECR, {}, { severity: "CRITICAL" });
      delete e.detail.inspectorScore;
      return e;
    },
    matches: ["triage", "export", "forward"],
  },
  {
    name: "a LOW ACTIVE finding",
    event: () => variant(LAMBDA, {}, { severity: "LOW" }),
    matches: ["export", "forward"],
  },
  {
    name: "a HIGH SUPPRESSED finding",
    event: () => variant(LAMBDA, {}, { status: "SUPPRESSED" }),
    matches: ["export", "forward"],
  },
  {
    name: "a HIGH CLOSED finding (time to remediate; closes the remediation record)",
    event: () => variant(LAMBDA, {}, { status: "CLOSED" }),
    matches: ["triage", "export", "forward"],
  },
  {
    name: "a finding whose severity is a number",
    event: () => variant(LAMBDA, {}, { severity: 8 }),
    matches: ["export", "forward"],
  },
  {
    name: "the coverage sample: an unmanaged EC2 instance (INACTIVE, someone must install SSM)",
    event: () => loadOtherSample("coverage-ec2.json"),
    matches: ["export", "operations", "forward"],
  },
  ...[
    "NO_INVENTORY",
    "STALE_INVENTORY",
    "ACCESS_DENIED",
    "UNSUPPORTED_OS",
    "IMAGE_SIZE_EXCEEDED",
  ].map((reason): Row => ({
    name: `a coverage change to INACTIVE, ${reason} (actionable)`,
    event: () =>
      otherVariant(
        "coverage-ec2.json",
        {},
        { scanStatus: { reason, statusCodeValue: "INACTIVE" } },
      ),
    matches: ["export", "operations", "forward"],
  })),
  {
    name: "a coverage change to INACTIVE for a reason AWS adds later (reaches people)",
    event: () =>
      otherVariant(
        "coverage-ec2.json",
        {},
        { scanStatus: { reason: "SOME_FUTURE_REASON", statusCodeValue: "INACTIVE" } },
      ),
    matches: ["export", "operations", "forward"],
  },
  ...[
    "EC2_INSTANCE_STOPPED",
    "RESOURCE_TERMINATED",
    "EXCLUDED_BY_TAG",
    "SCAN_ELIGIBILITY_EXPIRED",
  ].map((reason): Row => ({
    name: `a coverage change to INACTIVE, ${reason} (nothing to do: exported, not mailed)`,
    event: () =>
      otherVariant(
        "coverage-ec2.json",
        {},
        { scanStatus: { reason, statusCodeValue: "INACTIVE" } },
      ),
    matches: ["export", "forward"],
  })),
  {
    name: "a coverage change back to ACTIVE (exported, not mailed)",
    event: () =>
      otherVariant(
        "coverage-ec2.json",
        {},
        { scanStatus: { reason: "SUCCESSFUL", statusCodeValue: "ACTIVE" } },
      ),
    matches: ["export", "forward"],
  },
  {
    name: "a coverage event without scanStatus (exported, not mailed)",
    event: () => {
      const e = loadOtherSample("coverage-ec2.json");
      delete e.detail.scanStatus;
      return e;
    },
    matches: ["export", "forward"],
  },
  {
    name: "the derived coverage event of the helpers (INACTIVE, UNMANAGED_EC2_INSTANCE)",
    event: () => coverageEvent(),
    matches: ["export", "operations", "forward"],
  },
  ...["scan-ec2-initial.json", "scan-ecr-initial.json", "scan-lambda-initial.json"].map(
    (file): Row => ({
      name: `the initial-scan sample ${file} (exported for the KPIs, not mailed)`,
      event: () => loadOtherSample(file),
      matches: ["export", "forward"],
    }),
  ),
  {
    name: "the auto-enable sample (operations only)",
    event: () => loadOtherSample("auto-enable.json"),
    matches: ["operations", "forward"],
  },
  {
    name: "an Inspector API call delivered by CloudTrail (same source: never forwarded)",
    event: () => loadOtherSample("cloudtrail-api-call.json"),
    matches: [],
  },
  {
    name: "an on-demand AMI findings event (another source)",
    event: () =>
      variant(LAMBDA, {
        source: "inspector2.ami.ondemand",
        "detail-type": "OnDemand AMI Scan Findings",
      }),
    matches: [],
  },
  {
    name: "a Security Hub finding (another source)",
    event: () =>
      variant(LAMBDA, {
        source: "aws.securityhub",
        "detail-type": "Security Hub Findings - Imported",
      }),
    matches: [],
  },
];

describe("event patterns against the samples", () => {
  it("covers every checked-in sample", () => {
    expect(SAMPLE_FILES).to.deep.equal([EC2, ECR, LAMBDA]);
    expect(OTHER_SAMPLE_FILES).to.deep.equal([
      "auto-enable.json",
      "cloudtrail-api-call.json",
      "coverage-ec2.json",
      "scan-ec2-initial.json",
      "scan-ecr-initial.json",
      "scan-lambda-initial.json",
    ]);
  });

  for (const row of ROWS) {
    it(`${row.name} matches exactly: ${row.matches.join(", ") || "nothing"}`, () => {
      const event = row.event();
      const matched = Object.entries(RULES)
        .filter(([, pattern]) => matchEventPattern(pattern, event).matched)
        .map(([name]) => name);
      expect(matched).to.deep.equal(row.matches);
    });
  }

  for (const file of SAMPLE_FILES) {
    it(`the numeric-severity rule never matches ${file}, even HIGH and ACTIVE`, () => {
      const event = variant(file, {}, { severity: "HIGH", status: "ACTIVE" });
      const result = matchEventPattern(NUMERIC_SEVERITY_RULE, event);
      expect(result.matched).to.equal(false);
      expect(result.fields.find((f) => f.path === "detail.severity")).to.deep.equal({
        path: "detail.severity",
        matched: false,
        reason:
          'detail.severity "HIGH" does not match [{"numeric":[">=",7]}] (numeric matching only applies to JSON numbers, not strings)',
      });
    });
  }

  it("a CRITICAL-only triage rule lets the HIGH Lambda sample through to export only", () => {
    const event = loadSample(LAMBDA);
    expect(matchEventPattern(buildTriagePattern(["CRITICAL"]), event).matched).to.equal(false);
    expect(matchEventPattern(buildExportPattern(), event).matched).to.equal(true);
  });
});

describe("buildRoutePatterns", () => {
  it("builds the documented shapes, severities as strings", () => {
    expect(buildRoutePatterns(["CRITICAL", "HIGH"])).to.deep.equal({
      triage: {
        source: ["aws.inspector2"],
        "detail-type": ["Inspector2 Finding"],
        detail: { severity: ["CRITICAL", "HIGH"], status: ["ACTIVE", "CLOSED"] },
      },
      export: {
        source: ["aws.inspector2"],
        "detail-type": ["Inspector2 Finding", "Inspector2 Scan", "Inspector2 Coverage"],
      },
      operations: {
        source: ["aws.inspector2"],
        $or: [
          { "detail-type": ["Inspector2 AutoEnable"] },
          {
            "detail-type": ["Inspector2 Coverage"],
            detail: {
              scanStatus: {
                statusCodeValue: ["INACTIVE"],
                reason: [
                  {
                    "anything-but": [
                      "EC2_INSTANCE_STOPPED",
                      "RESOURCE_STOPPED",
                      "RESOURCE_TERMINATED",
                      "EXCLUDED_BY_TAG",
                      "IMAGE_ARCHIVED",
                      "PENDING_INITIAL_SCAN",
                      "PENDING_REVIVAL_SCAN",
                      "PENDING_DISABLE",
                      "SCAN_IN_PROGRESS",
                      "SUCCESSFUL",
                      "SCAN_ELIGIBILITY_EXPIRED",
                      "SCAN_FREQUENCY_MANUAL",
                      "SCAN_FREQUENCY_SCAN_ON_PUSH",
                      "NO_RESOURCES_FOUND",
                    ],
                  },
                ],
              },
            },
          },
        ],
      },
    });
    expect(buildForwardPattern()).to.deep.equal({
      source: ["aws.inspector2"],
      "detail-type": [
        "Inspector2 Finding",
        "Inspector2 Scan",
        "Inspector2 Coverage",
        "Inspector2 AutoEnable",
      ],
    });
  });

  it("names only reasons of Inspector's ScanStatusReason enum as not actionable", () => {
    const known = new Set(Object.values(ScanStatusReason) as string[]);
    expect(COVERAGE_REASONS_NOT_ACTIONABLE.filter((r) => !known.has(r))).to.deep.equal([]);
  });
});
