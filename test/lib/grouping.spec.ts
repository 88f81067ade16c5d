import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import type { InspectorEvent } from "../../lib/kpis/compute";
import {
  flushDelaySeconds,
  formatGroupMessage,
  groupNotifications,
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
const MINUTE = 60_000;

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

describe("groupNotifications", () => {
  it("sends one message per CVE and package within the window, listing every resource", () => {
    const events = [
      event("1", "CVE-2026-0001", "openssl", "i-00000001", 0),
      event("2", "CVE-2026-0001", "openssl", "i-00000002", 5, { severity: "CRITICAL" }),
      event("3", "CVE-2026-0002", "glibc", "i-00000001", 6),
      event("4", "CVE-2026-0001", "openssl", "i-00000003", 14),
    ];
    const { groups } = groupNotifications(events, 15 * MINUTE);
    expect(
      groups.map((g) => [g.key, g.severity, g.resources.map((r) => r.resourceId)]),
    ).to.deep.equal([
      ["CVE-2026-0001|openssl", "CRITICAL", ["i-00000001", "i-00000002", "i-00000003"]],
      ["CVE-2026-0002|glibc", "HIGH", ["i-00000001"]],
    ]);
  });

  it("opens a new group after the window", () => {
    const events = [
      event("1", "CVE-1", "p", "i-00000001", 0),
      event("2", "CVE-1", "p", "i-00000002", 15),
    ];
    expect(
      groupNotifications(events, 15 * MINUTE).groups.map((g) => g.resources.length),
    ).to.deep.equal([1, 1]);
  });

  it("does not notify again for a re-sent unchanged finding, across batches", () => {
    const seen = new Set<string>();
    const first = groupNotifications(
      [event("1", "CVE-1", "p", "i-00000001", 0)],
      15 * MINUTE,
      seen,
    );
    const again = groupNotifications(
      [event("1", "CVE-1", "p", "i-00000001", 30), event("1", "CVE-1", "p", "i-00000001", 31)],
      15 * MINUTE,
      seen,
    );
    expect([
      first.groups.length,
      again.groups.length,
      again.skipped.map((s) => s.reason),
    ]).to.deep.equal([1, 0, ["unchanged", "unchanged"]]);
  });

  it("notifies again when the finding changes in a way a person cares about (exploit now available)", () => {
    const seen = new Set<string>();
    groupNotifications(
      [event("1", "CVE-1", "p", "i-00000001", 0, { exploitAvailable: "NO" })],
      15 * MINUTE,
      seen,
    );
    const changed = groupNotifications(
      [event("1", "CVE-1", "p", "i-00000001", 40, { exploitAvailable: "YES" })],
      15 * MINUTE,
      seen,
    );
    expect(changed.groups).to.have.length(1);
  });

  it("never notifies for suppressed or closed findings", () => {
    const { groups, skipped } = groupNotifications(
      [
        event("1", "CVE-1", "p", "i-00000001", 0, { status: "SUPPRESSED" }),
        event("2", "CVE-1", "p", "i-00000002", 1, { status: "CLOSED" }),
      ],
      15 * MINUTE,
    );
    expect([groups, skipped.map((s) => s.reason)]).to.deep.equal([[], ["suppressed", "closed"]]);
  });
});

describe("formatGroupMessage", () => {
  it("names the CVE, package, severity and every resource", () => {
    const [group] = groupNotifications(
      [
        event("1", "CVE-2026-0001", "openssl", "i-00000001", 0),
        event("2", "CVE-2026-0001", "openssl", "i-00000002", 1),
      ],
      15 * MINUTE,
    ).groups;
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
    const [group] = groupNotifications(
      [event("1", "CVE-2026-0001", "openssl", "i-00000001", 0)],
      15 * MINUTE,
    ).groups;
    expect(formatGroupMessage({ ...group, unlisted: 4 })).to.deep.equal({
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
