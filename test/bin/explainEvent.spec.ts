import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../bin/explainEvent";
import type { EventExplanation } from "../../lib/offline/explain";
import { coverageEvent, EVENTS_DIR, loadSample, variant } from "../helpers/events";
import { monitor, TEST_PROJECT } from "../helpers/runtime";

const ROOT = path.resolve(__dirname, "../..");
const LAMBDA = "finding-lambda-package-vulnerability.json";

interface Run {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

async function run(argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) }, ROOT);
  monitor.install(TEST_PROJECT, "test");
  return { code, out, err };
}

function summary(e: EventExplanation) {
  return { source: e.source, matched: e.matchedRules, unreached: e.unreachedRegions, note: e.note };
}

describe("explain-event", function () {
  // Each case runs the whole program offline; prod registers ~190 resources.
  this.timeout(60_000);
  let dir = "";
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "explain-"));
    const write = (name: string, value: unknown) =>
      fs.writeFileSync(path.join(dir, name), JSON.stringify(value));
    write("home.json", [
      variant(LAMBDA, { region: "us-east-1" }),
      variant(LAMBDA, { region: "us-east-1" }, { severity: "LOW" }),
      coverageEvent("us-east-1"),
    ]);
    write("eu-west-1.json", variant(LAMBDA, { region: "eu-west-1" }));
    write("other-source.json", variant(LAMBDA, { region: "us-east-1", source: "aws.securityhub" }));
    write("closed.json", variant(LAMBDA, { region: "us-east-1" }, { status: "CLOSED" }));
    write("not-json.json", "{");
    fs.writeFileSync(path.join(dir, "not-json.json"), "{");
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("says what triage would decide for events that reach the triage rule, and nothing for the rest", async () => {
    const { code, out } = await run([
      "--stack",
      "prod",
      "--json",
      path.join(EVENTS_DIR, LAMBDA),
      path.join(EVENTS_DIR, "finding-ec2-package-vulnerability.json"),
    ]);
    const doc = JSON.parse(out[0]) as { events: EventExplanation[] };
    expect([code, doc.events.map((e) => e.triage)]).to.deep.equal([
      0,
      [
        {
          action: "notify",
          reason:
            "AWS_LAMBDA_FUNCTION finding needs its owner; P2 (score 65: exploit available, fix available, EPSS 0.00208, Inspector score 7.5)",
        },
        undefined,
      ],
    ]);
  });

  it("sends a CLOSED HIGH finding to triage, where remediation closes its audit record", async () => {
    const { code, out } = await run(["--stack", "prod", "--json", path.join(dir, "closed.json")]);
    const doc = JSON.parse(out.join("\n")) as { events: EventExplanation[] };
    expect([code, doc.events.map(summary), doc.events.map((e) => e.triage)]).to.deep.equal([
      0,
      [
        {
          source: "closed.json",
          matched: [
            "inspector-findings-triage (us-east-1)",
            "inspector-findings-export (us-east-1)",
          ],
          unreached: ["us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2", "ca-central-1"],
          note: undefined,
        },
      ],
      [{ action: "none", reason: "finding CLOSED: its audit record is closed" }],
    ]);
  });

  it("prod: every sample (eu-central-1) is forwarded to us-east-1; only the HIGH ACTIVE one reaches triage", async () => {
    const { code, out } = await run([
      "--stack",
      "prod",
      "--json",
      ...[
        "finding-ec2-package-vulnerability.json",
        "finding-ecr-package-vulnerability.json",
        LAMBDA,
      ].map((f) => path.join(EVENTS_DIR, f)),
    ]);
    expect(code).to.equal(0);
    const doc = JSON.parse(out.join("\n")) as { stack: string; events: EventExplanation[] };
    const unreached = ["us-west-2", "eu-west-1", "ap-southeast-2", "ca-central-1"];
    expect(doc.stack).to.equal("prod");
    expect(doc.events.map(summary)).to.deep.equal([
      {
        source: "finding-ec2-package-vulnerability.json",
        matched: [
          "inspector-findings-forward (eu-central-1)",
          "inspector-findings-export (us-east-1)",
        ],
        unreached,
        note: undefined,
      },
      {
        source: "finding-ecr-package-vulnerability.json",
        matched: [
          "inspector-findings-forward (eu-central-1)",
          "inspector-findings-export (us-east-1)",
        ],
        unreached,
        note: undefined,
      },
      {
        source: LAMBDA,
        matched: [
          "inspector-findings-forward (eu-central-1)",
          "inspector-findings-triage (us-east-1)",
          "inspector-findings-export (us-east-1)",
        ],
        unreached,
        note: undefined,
      },
    ]);
    const triage = doc.events[2].verdicts.find((v) => v.rule === "inspector-findings-triage");
    expect(triage).to.deep.equal({
      rule: "inspector-findings-triage",
      region: "us-east-1",
      via: "inspector-findings-forward (eu-central-1)",
      matched: true,
      fields: [
        {
          path: "source",
          matched: true,
          reason: 'source "aws.inspector2" matches "aws.inspector2"',
        },
        {
          path: "detail-type",
          matched: true,
          reason: 'detail-type "Inspector2 Finding" matches "Inspector2 Finding"',
        },
        { path: "detail.severity", matched: true, reason: 'detail.severity "HIGH" matches "HIGH"' },
        { path: "detail.status", matched: true, reason: 'detail.status "ACTIVE" matches "ACTIVE"' },
      ],
    });
  });

  it("dev: an event of a Region the stack does not govern reaches no rule, not even home-only ones", async () => {
    const { code, out } = await run(["--stack", "dev", "--json", path.join(EVENTS_DIR, LAMBDA)]);
    expect(code).to.equal(0);
    const doc = JSON.parse(out.join("\n")) as { events: EventExplanation[] };
    expect(doc.events.map(summary)).to.deep.equal([
      {
        source: LAMBDA,
        matched: [],
        unreached: ["us-east-1", "eu-west-1"],
        note: "eu-central-1 has no rules in this plan (rules exist in us-east-1, eu-west-1); its events stay on eu-central-1's bus",
      },
    ]);
    expect(doc.events[0].verdicts).to.deep.equal([]);
  });

  it("dev: home events match directly, other governed Regions' through the forwarding rule, other sources nothing", async () => {
    const { code, out } = await run([
      "--json",
      path.join(dir, "home.json"),
      path.join(dir, "eu-west-1.json"),
      path.join(dir, "other-source.json"),
    ]);
    expect(code).to.equal(0);
    const doc = JSON.parse(out.join("\n")) as { stack: string; events: EventExplanation[] };
    expect(doc.stack).to.equal("dev");
    expect(doc.events.map(summary)).to.deep.equal([
      {
        source: "home.json[0]",
        matched: ["inspector-findings-triage (us-east-1)", "inspector-findings-export (us-east-1)"],
        unreached: ["eu-west-1"],
        note: undefined,
      },
      {
        source: "home.json[1]",
        matched: ["inspector-findings-export (us-east-1)"],
        unreached: ["eu-west-1"],
        note: undefined,
      },
      {
        source: "home.json[2]",
        matched: [
          "inspector-findings-export (us-east-1)",
          "inspector-findings-operations (us-east-1)",
        ],
        unreached: ["eu-west-1"],
        note: undefined,
      },
      {
        source: "eu-west-1.json",
        matched: [
          "inspector-findings-forward (eu-west-1)",
          "inspector-findings-triage (us-east-1)",
          "inspector-findings-export (us-east-1)",
        ],
        unreached: [],
        note: undefined,
      },
      {
        source: "other-source.json",
        matched: [],
        unreached: ["eu-west-1"],
        note: undefined,
      },
    ]);
  });

  it("prints why a LOW finding misses triage", async () => {
    const { code, out } = await run([path.join(dir, "home.json")]);
    expect(code).to.equal(0);
    const text = out.join("\n");
    expect(text).to.contain(
      "  no match inspector-findings-triage (us-east-1)\n" +
        '      + source "aws.inspector2" matches "aws.inspector2"\n' +
        '      + detail-type "Inspector2 Finding" matches "Inspector2 Finding"\n' +
        '      - detail.severity "LOW" does not match ["CRITICAL","HIGH"]\n' +
        '      + detail.status "ACTIVE" matches "ACTIVE"',
    );
  });

  /** Node's own message for the JSON of not-json.json ("{"). */
  const parseMessage = (): string => {
    try {
      JSON.parse("{");
      return "";
    } catch (err) {
      return (err as Error).message;
    }
  };
  const USAGE_CASES: { name: string; argv: () => string[]; err: () => string[] }[] = [
    {
      name: "no file",
      argv: () => ["--stack", "dev"],
      err: () => [
        "explain-event: no event file given",
        "usage: npm run explain-event -- [--stack NAME] [--json] FILE...",
      ],
    },
    {
      name: "a file that is not JSON",
      argv: () => [path.join(dir, "not-json.json")],
      err: () => [
        `explain-event: ${path.join(dir, "not-json.json")}:1: is not valid JSON (${parseMessage()}); the file is neither one JSON document nor JSON Lines (one event object per line)`,
      ],
    },
    {
      name: "an unknown stack",
      argv: () => ["--stack", "qa", path.join(EVENTS_DIR, LAMBDA)],
      err: () => [`explain-event: --stack: no Pulumi.qa.yaml in ${ROOT}; stacks here: dev, prod`],
    },
  ];
  for (const c of USAGE_CASES) {
    it(`exits 2 on ${c.name}`, async () => {
      const { code, err } = await run(c.argv());
      expect({ code, err }).to.deep.equal({ code: 2, err: c.err() });
    });
  }

  it("reads the samples it is documented with", () => {
    expect(loadSample(LAMBDA).region).to.equal("eu-central-1");
  });
});
