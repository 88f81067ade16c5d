import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import type { InspectorEvent } from "../../lib/kpis/compute";
import {
  type AffectedResource,
  flushDelaySeconds,
  formatGroupMessage,
  mostSevere,
  notificationSkipReason,
  notificationWindow,
} from "../../lib/noise/grouping";

const SAMPLE = JSON.parse(
  fs.readFileSync(
    path.join(__dirname, "../fixtures/events/finding-ec2-package-vulnerability.json"),
    "utf8",
  ),
) as InspectorEvent;

/** A resource line of account 111111111111 in us-east-1. */
const ec2 = (id: string, severity = "HIGH"): AffectedResource => ({
  findingArn: `arn:aws:inspector2:us-east-1:111111111111:finding/${id}`,
  accountId: "111111111111",
  region: "us-east-1",
  resourceType: "AWS_EC2_INSTANCE",
  resourceId: id,
  severity,
});

/** A finding event on `instance` for `cve` in `pkg`, at `minute` past 10:00. */
function event(
  arn: string,
  cve: string,
  pkg: string,
  instance: string,
  minute: number,
  extra: Record<string, unknown> = {},
): InspectorEvent {
  const e = structuredClone(SAMPLE);
  const d = e.detail as Record<string, unknown> & {
    resources: { id: string; region: string; type: string }[];
    packageVulnerabilityDetails: {
      vulnerabilityId: string;
      vulnerablePackages: { name: string }[];
    };
  };
  Object.assign(
    d,
    {
      findingArn: `arn:aws:inspector2:us-east-1:111111111111:finding/${arn}`,
      status: "ACTIVE",
      severity: "HIGH",
      awsAccountId: "111111111111",
    },
    extra,
  );
  d.resources[0].id = instance;
  d.resources[0].region = "us-east-1";
  d.packageVulnerabilityDetails.vulnerabilityId = cve;
  d.packageVulnerabilityDetails.vulnerablePackages = [{ name: pkg }];
  return { ...e, time: new Date(Date.UTC(2026, 0, 5, 10, minute)).toISOString() };
}

/** A group of CVE-2026-0001 in openssl opened at 10:00, its resources set per test. */
const OPENSSL_GROUP = {
  key: "CVE-2026-0001|openssl",
  vulnerabilityId: "CVE-2026-0001",
  packageName: "openssl",
  severity: "HIGH",
  windowStart: "2026-01-05T10:00:00.000Z",
};

describe("formatGroupMessage", () => {
  it("names the CVE, package, severity and every resource", () => {
    // The group as the notify function builds it (its grouping is tested in notifyHandler.spec.ts).
    const group = { ...OPENSSL_GROUP, resources: [ec2("i-00000001"), ec2("i-00000002")] };
    expect(formatGroupMessage(group)).to.deep.equal({
      subject: "[HIGH] CVE-2026-0001 in openssl: 2 resources",
      body: [
        "CVE-2026-0001 (openssl), most severe: HIGH, since 2026-01-05T10:00:00.000Z",
        "",
        "- HIGH AWS_EC2_INSTANCE i-00000001 (account 111111111111, us-east-1)",
        "- HIGH AWS_EC2_INSTANCE i-00000002 (account 111111111111, us-east-1)",
      ].join("\n"),
    });
  });
});

describe("notificationWindow", () => {
  const iso = (ms: number) => new Date(ms).toISOString();
  const cases: { name: string; now: string; minutes: number; window: [string, string] }[] = [
    {
      name: "opens a 5-minute window on the clock's multiple of 5",
      now: "2026-01-05T10:03:59.999Z",
      minutes: 5,
      window: ["2026-01-05T10:00:00.000Z", "2026-01-05T10:05:00.000Z"],
    },
    {
      name: "puts the window's end in the next window",
      now: "2026-01-05T10:05:00.000Z",
      minutes: 5,
      window: ["2026-01-05T10:05:00.000Z", "2026-01-05T10:10:00.000Z"],
    },
    {
      name: "aligns a 15-minute window on the quarter hour",
      now: "2026-01-05T10:44:00.000Z",
      minutes: 15,
      window: ["2026-01-05T10:30:00.000Z", "2026-01-05T10:45:00.000Z"],
    },
    {
      name: "aligns a 7-minute window on the epoch, the same in every invocation",
      now: "2026-01-05T10:00:00.000Z",
      minutes: 7,
      window: ["2026-01-05T09:56:00.000Z", "2026-01-05T10:03:00.000Z"],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { start, end } = notificationWindow(Date.parse(c.now), c.minutes);
      expect([iso(start), iso(end)]).to.deep.equal(c.window);
    });
  }
});

describe("flushDelaySeconds", () => {
  const end = Date.UTC(2026, 0, 5, 10, 15);
  const cases: { name: string; now: number; seconds: number }[] = [
    { name: "waits until the window closes", now: end - 290_000, seconds: 290 },
    { name: "rounds a part second up, never flushing early", now: end - 1_500, seconds: 2 },
    { name: "is 0 at the window's end", now: end, seconds: 0 },
    { name: "is 0 after the window's end", now: end + 60_000, seconds: 0 },
    { name: "is at most 900 seconds, the SQS maximum", now: end - 1_800_000, seconds: 900 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(flushDelaySeconds(c.now, end)).to.equal(c.seconds);
    });
  }
});

describe("notificationSkipReason and mostSevere", () => {
  it("skips suppressed and closed findings only", () => {
    expect(
      ["SUPPRESSED", "CLOSED", "ACTIVE"].map((status) =>
        notificationSkipReason(event("1", "CVE-1", "p", "i-00000001", 0, { status })),
      ),
    ).to.deep.equal(["suppressed", "closed", undefined]);
  });

  it("ranks severities, unknown ones lowest", () => {
    expect([
      mostSevere(["LOW", "CRITICAL", "HIGH"]),
      mostSevere(["MEDIUM", "SOMETHING"]),
      mostSevere([]),
    ]).to.deep.equal(["CRITICAL", "MEDIUM", "UNTRIAGED"]);
  });
});

describe("formatGroupMessage with unlisted resources", () => {
  it('counts them in the subject and ends the list with "and N more"', () => {
    const group = { ...OPENSSL_GROUP, resources: [ec2("i-00000001")], unlisted: 4 };
    expect(formatGroupMessage(group)).to.deep.equal({
      subject: "[HIGH] CVE-2026-0001 in openssl: 5 resources",
      body: [
        "CVE-2026-0001 (openssl), most severe: HIGH, since 2026-01-05T10:00:00.000Z",
        "",
        "- HIGH AWS_EC2_INSTANCE i-00000001 (account 111111111111, us-east-1)",
        "- and 4 more",
      ].join("\n"),
    });
  });
});
