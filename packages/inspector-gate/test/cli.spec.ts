import {
  DescribeImageScanFindingsCommand,
  DescribeImagesCommand,
  ECRClient,
} from "@aws-sdk/client-ecr";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  AccessDeniedException,
  Inspector2Client,
  ListFindingsCommand,
  type ListFindingsResponse,
} from "@aws-sdk/client-inspector2";
import { DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { configuredEndpoint, main, type GateDeps } from "../src/cli";
import { InspectorScanClient } from "../src/inspectorScanClient";
import { FakeScanHandler, type Canned } from "./fakeScanHandler";
import { fixtureJson, fixturePath } from "./fixtures";
import { sarifValidator } from "./sarifSchema";

const DIGEST = "sha256:b226796370094390ac172df8cd5d06d54247c5f91b7a4faf909213ac19ab6900";
const IMAGE = `123456789012.dkr.ecr.us-east-1.amazonaws.com/payments-api@${DIGEST}`;
const PAGE_1 = fixtureJson<ListFindingsResponse>("list-findings-page-1.json");
const PAGE_2 = fixtureJson<ListFindingsResponse>("list-findings-page-2.json");
const SCAN_RESPONSE = fixtureJson("scan-sbom-response.json");
const SBOM = fixturePath("sbom-cyclonedx-1.5.json");
const IGNORE = fixturePath("ignore.yaml");

const ecr = new ECRClient({ region: "us-east-1" });
const ecrMock = mockClient(ecr);
const inspector2 = new Inspector2Client({ region: "us-east-1" });
const inspectorMock = mockClient(inspector2);
const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({ region: "us-east-1" }));
const dynamoMock = mockClient(dynamo);

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string[];
  readonly files: Map<string, string>;
  readonly sleeps: number[];
  readonly scanRequests: number;
}

/** Runs the CLI with mocked AWS clients, a fake clock (advanced by sleeps) and in-memory output files. */
async function gate(
  argv: string[],
  scanResponses: Canned[] = [],
  env = { AWS_REGION: "us-east-1" },
  overrides: Partial<GateDeps> = {},
): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const files = new Map<string, string>();
  const sleeps: number[] = [];
  let now = Date.parse("2026-11-28T09:00:00Z");
  const handler = new FakeScanHandler(scanResponses);
  const sleep = (ms: number): Promise<void> => {
    sleeps.push(ms);
    now += ms;
    return Promise.resolve();
  };
  const deps: GateDeps = {
    clients: (region) => ({
      ecr,
      inspector2,
      dynamo,
      inspectorScan: new InspectorScanClient({
        region,
        credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
        httpHandler: handler,
        sleep,
      }),
    }),
    now: () => new Date(now),
    sleep,
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    readFile: (p) => fs.readFileSync(p, "utf8"),
    writeFile: (p, t) => {
      files.set(p, t);
    },
    checkWritable: () => undefined,
    cwd: () => process.cwd(),
    env,
    version: "0.1.0",
    ...overrides,
  };
  const code = await main(argv, deps);
  return { code, out: out.join("\n"), err, files, sleeps, scanRequests: handler.requests.length };
}

function scanComplete(): void {
  ecrMock.on(DescribeImageScanFindingsCommand).resolves({
    imageScanStatus: { status: "COMPLETE" },
    imageScanFindings: { enhancedFindings: [] },
  });
}

function findingsPages(): void {
  inspectorMock
    .on(ListFindingsCommand, { nextToken: undefined })
    .resolves(PAGE_1)
    .on(ListFindingsCommand, { nextToken: PAGE_1.nextToken })
    .resolves(PAGE_2);
}

const OK: Canned = { status: 200, body: SCAN_RESPONSE };
const THROTTLED: Canned = {
  status: 429,
  body: { message: "Rate exceeded" },
  headers: { "x-amzn-errortype": "ThrottlingException", "retry-after": "3" },
};

describe("inspector-gate (src/cli.ts, in process)", () => {
  beforeEach(() => {
    ecrMock.reset();
    inspectorMock.reset();
    dynamoMock.reset();
  });

  describe("ecr mode", () => {
    it("exits 0 when every count is under its threshold, and prints the table", async () => {
      scanComplete();
      findingsPages();
      const run = await gate(["ecr", "--image", IMAGE, "--critical", "2", "--high", "3"]);
      expect([run.code, run.err]).to.deep.equal([0, []]);
      const lines = run.out.split("\n");
      expect(lines.slice(0, 8)).to.deep.equal([
        `inspector-gate ecr: ${IMAGE} (scan COMPLETE)`,
        "",
        "SEVERITY  COUNT  THRESHOLD  RESULT",
        "critical  1      2          ok",
        "high      2      3          ok",
        "medium    1      off        -",
        "low       0      off        -",
        "other     1      off        -",
      ]);
      expect(lines[lines.length - 1]).to.equal("Result: PASS");
    });

    it("exits 1 when a count is exactly at its threshold (high 2 >= 2)", async () => {
      scanComplete();
      findingsPages();
      const run = await gate(["ecr", "--image", IMAGE, "--critical", "0", "--high", "2"]);
      expect(run.code).to.equal(1);
      expect(run.out.split("\n").pop()).to.equal("Result: FAIL (high 2 >= threshold 2)");
      expect(
        inspectorMock.commandCalls(ListFindingsCommand)[0].args[0].input.filterCriteria,
      ).to.deep.equal({
        ecrImageHash: [{ comparison: "EQUALS", value: DIGEST }],
        ecrImageRepositoryName: [{ comparison: "EQUALS", value: "payments-api" }],
        ecrImageRegistry: [{ comparison: "EQUALS", value: "123456789012" }],
        findingStatus: [{ comparison: "EQUALS", value: "ACTIVE" }],
      });
    });

    it("exits 1 when a count is over its threshold (high 2 over 1)", async () => {
      scanComplete();
      findingsPages();
      const run = await gate(["ecr", "--image", IMAGE, "--critical", "0", "--high", "1"]);
      expect(run.code).to.equal(1);
      expect(run.out.split("\n").pop()).to.equal("Result: FAIL (high 2 >= threshold 1)");
    });

    it("fails on any critical finding by default (--critical 1)", async () => {
      scanComplete();
      findingsPages();
      const run = await gate(["ecr", "--image", IMAGE]);
      expect(run.code).to.equal(1);
      expect(run.out.split("\n").pop()).to.equal("Result: FAIL (critical 1 >= threshold 1)");
    });

    it("--fixable-only leaves out findings without a fix (CVE-2023-44487, CVE-2024-6119)", async () => {
      scanComplete();
      findingsPages();
      const without = await gate(["ecr", "--image", IMAGE, "--critical", "0", "--high", "2"]);
      findingsPages();
      const fixable = await gate([
        "ecr",
        "--image",
        IMAGE,
        "--critical",
        "0",
        "--high",
        "2",
        "--fixable-only",
        "--json",
      ]);
      expect([without.code, fixable.code]).to.deep.equal([1, 0]);
      const doc = JSON.parse(fixable.out) as { counts: object; notFixable: string[] };
      expect(doc.counts).to.deep.equal({ critical: 1, high: 1, medium: 1, low: 0, other: 0 });
      expect(doc.notFixable).to.deep.equal(["CVE-2023-44487", "CVE-2024-6119"]);
    });

    it("applies the ignore file, counts expired entries again and reports them", async () => {
      scanComplete();
      findingsPages();
      const run = await gate(["ecr", "--image", IMAGE, "--high", "2", "--ignore-file", IGNORE]);
      // CVE-2023-44487 (high) is ignored until 2026-12-31; CVE-2022-48174 (critical) expired 2026-10-31.
      expect(run.code).to.equal(1);
      const text = run.out;
      expect(text).to.include(
        "Ignored (1):\n  CVE-2023-44487 high until 2026-12-31: HTTP/2 is terminated at the ALB; nghttp2 is not reachable from clients",
      );
      expect(text).to.include(
        "Expired ignore entries, counted again (1):\n  CVE-2022-48174 expired 2026-10-31 (line 5): ash is not used at run time (distroless entrypoint)",
      );
      expect(text.split("\n").pop()).to.equal("Result: FAIL (critical 1 >= threshold 1)");
    });

    it("writes a schema-valid SARIF log in ecr mode, results pointing at the Dockerfile", async () => {
      scanComplete();
      findingsPages();
      const run = await gate([
        "ecr",
        "--image",
        IMAGE,
        "--ignore-file",
        IGNORE,
        "--sarif",
        "ecr.sarif",
      ]);
      const sarif = JSON.parse(run.files.get(path.resolve("ecr.sarif")) as string) as {
        runs: { results: { ruleId: string; locations: unknown[]; properties: object }[] }[];
      };
      const validate = sarifValidator();
      expect([run.code, validate(sarif), validate.errors ?? []]).to.deep.equal([1, true, []]);
      const results = sarif.runs[0].results;
      expect(results.map((r) => r.ruleId)).to.deep.equal([
        "CVE-2022-48174",
        "CVE-2023-44487",
        "CVE-2023-5363",
        "CVE-2024-0727",
        "CVE-2024-6119",
      ]);
      expect(results[0].locations).to.deep.equal([
        {
          physicalLocation: { artifactLocation: { uri: "Dockerfile" } },
          logicalLocations: [
            { name: "busybox@1.36.1-r0", kind: "package" },
            { name: "busybox-binsh@1.36.1-r0", kind: "package" },
          ],
        },
      ]);
      expect(results[0].properties).to.deep.equal({
        severity: "critical",
        fixAvailable: true,
        findingArn:
          "arn:aws:inspector2:us-east-1:123456789012:finding/0a1b2c3d4e5f60718293a4b5c6d7e8f9",
      });
    });

    it("exits 1 when the digest is in the blocked-digest table, even under every threshold", async () => {
      scanComplete();
      findingsPages();
      dynamoMock.on(QueryCommand).resolves({
        Items: [
          {
            imageDigest: DIGEST,
            repositoryArn: "arn:aws:ecr:us-east-1:123456789012:repository/payments-api",
            reason: "critical CVE with a known exploit; rebuild",
            findingArns: new Set(["arn:aws:inspector2:us-east-1:123456789012:finding/0a1b"]),
            severity: "CRITICAL",
            blockedAt: "2026-11-27T15:00:00Z",
            expiresAt: Math.floor(Date.parse("2027-01-01T00:00:00Z") / 1000),
          },
        ],
      });
      const run = await gate([
        "ecr",
        "--image",
        IMAGE,
        "--critical",
        "0",
        "--blocked-table",
        "arn:aws:dynamodb:us-east-1:222222222222:table/inspector-blocked-digests",
      ]);
      expect(run.code).to.equal(1);
      expect(run.out.split("\n").pop()).to.equal(
        "Result: FAIL (digest blocked in arn:aws:ecr:us-east-1:123456789012:repository/payments-api (critical CVE with a known exploit; rebuild))",
      );
      expect(dynamoMock.commandCalls(QueryCommand)[0].args[0].input.TableName).to.equal(
        "arn:aws:dynamodb:us-east-1:222222222222:table/inspector-blocked-digests",
      );
    });

    it("waits while the scan is pending, then judges the complete scan", async () => {
      ecrMock
        .on(DescribeImageScanFindingsCommand)
        .resolvesOnce({ imageScanStatus: { status: "PENDING" } })
        .resolvesOnce({ imageScanStatus: { status: "IN_PROGRESS" } })
        .resolves({ imageScanStatus: { status: "ACTIVE" } });
      findingsPages();
      const run = await gate(["ecr", "--image", IMAGE, "--critical", "2", "--poll-interval", "10"]);
      expect([run.code, run.sleeps]).to.deep.equal([0, [10000, 10000]]);
      expect(run.err).to.deep.equal([
        `inspector-gate: scan of payments-api@${DIGEST} is PENDING; checking again in 10s`,
        `inspector-gate: scan of payments-api@${DIGEST} is IN_PROGRESS; checking again in 10s`,
      ]);
      expect(run.out.split("\n")[0]).to.equal(`inspector-gate ecr: ${IMAGE} (scan ACTIVE)`);
    });

    it("exits 3 when the scan is still pending at --timeout", async () => {
      ecrMock
        .on(DescribeImageScanFindingsCommand)
        .resolves({ imageScanStatus: { status: "PENDING" } });
      const run = await gate(["ecr", "--image", IMAGE, "--timeout", "30", "--poll-interval", "10"]);
      expect(run.code).to.equal(3);
      expect(run.err.pop()).to.equal(
        `inspector-gate: scan of payments-api@${DIGEST} still PENDING after --timeout 30s; rerun the gate later or raise --timeout`,
      );
      expect(inspectorMock.commandCalls(ListFindingsCommand)).to.have.length(0);
    });

    it("exits 3 with one line on an AWS error (ListFindings denied)", async () => {
      scanComplete();
      inspectorMock.on(ListFindingsCommand).rejects(
        new AccessDeniedException({
          message:
            "User: arn:aws:sts::123456789012:assumed-role/ci/build is not authorized to perform: inspector2:ListFindings",
          $metadata: { httpStatusCode: 403 },
        }),
      );
      const run = await gate(["ecr", "--image", IMAGE, "--json"]);
      expect(run.code).to.equal(3);
      const line =
        "AWS error (AccessDeniedException, HTTP 403): User: arn:aws:sts::123456789012:assumed-role/ci/build is not authorized to perform: inspector2:ListFindings";
      expect(run.err).to.deep.equal([`inspector-gate: ${line}`]);
      expect(JSON.parse(run.out)).to.deep.equal({
        result: "error",
        exitCode: 3,
        error: line,
        problems: [],
      });
    });

    // The error line is cut at 1,000 characters (MAX_ERROR_LINE in src/run.ts), then "…".
    const PREFIX = "AWS error (AccessDeniedException, HTTP 403): "; // 45 characters
    for (const length of [999, 1000, 1001]) {
      it(`prints an AWS error line of ${length} characters ${length > 1000 ? "cut at 1,000" : "whole"}`, async () => {
        scanComplete();
        inspectorMock.on(ListFindingsCommand).rejects(
          new AccessDeniedException({
            message: "d".repeat(length - 45),
            $metadata: { httpStatusCode: 403 },
          }),
        );
        const run = await gate(["ecr", "--image", IMAGE]);
        const shown =
          length > 1000 ? `${PREFIX}${"d".repeat(955)}…` : `${PREFIX}${"d".repeat(length - 45)}`;
        expect([run.code, run.err]).to.deep.equal([3, [`inspector-gate: ${shown}`]]);
      });
    }

    it("resolves --repository with --tag through DescribeImages", async () => {
      ecrMock.on(DescribeImagesCommand).resolves({ imageDetails: [{ imageDigest: DIGEST }] });
      scanComplete();
      findingsPages();
      const run = await gate([
        "ecr",
        "--repository",
        "payments-api",
        "--tag",
        "1.4.2",
        "--critical",
        "2",
      ]);
      expect(run.code).to.equal(0);
      expect(run.out.split("\n")[0]).to.equal(
        `inspector-gate ecr: payments-api@${DIGEST} (scan COMPLETE)`,
      );
    });
  });

  describe("sbom mode", () => {
    it("sends the SBOM to ScanSbom and exits 0 under the thresholds", async () => {
      const run = await gate(["sbom", SBOM, "--critical", "2", "--high", "3"], [OK]);
      expect([run.code, run.err, run.scanRequests]).to.deep.equal([0, [], 1]);
      expect(run.out.split("\n").slice(3, 8)).to.deep.equal([
        "critical  1      2          ok",
        "high      2      3          ok",
        "medium    4      off        -",
        "low       1      off        -",
        "other     1      off        -",
      ]);
    });

    it("exits 1 at the limit (medium 4 >= 4) and writes SARIF and markdown reports", async () => {
      const run = await gate(
        [
          "sbom",
          SBOM,
          "--critical",
          "0",
          "--medium",
          "4",
          "--sarif",
          "out.sarif",
          "--markdown",
          "summary.md",
        ],
        [OK],
      );
      expect(run.code).to.equal(1);
      const sarif = JSON.parse(run.files.get(path.resolve("out.sarif")) as string) as unknown;
      const validate = sarifValidator();
      expect([validate(sarif), validate.errors ?? []]).to.deep.equal([true, []]);
      const md = run.files.get(path.resolve("summary.md")) as string;
      expect(md.split("\n").slice(0, 12)).to.deep.equal([
        "### ❌ Amazon Inspector image gate: failed",
        "",
        `\`${SBOM}\` (sbom mode)`,
        "",
        "| Severity | Count | Threshold | Result |",
        "|---|---:|---:|---|",
        "| critical | 1 | off | - |",
        "| high | 2 | off | - |",
        "| medium | 4 | 4 | ❌ exceeded |",
        "| low | 1 | off | - |",
        "| other | 1 | off | - |",
        "",
      ]);
    });

    it("prints one JSON document with --json", async () => {
      const run = await gate(["sbom", SBOM, "--json"], [OK]);
      const doc = JSON.parse(run.out) as Record<string, unknown>;
      expect([
        run.code,
        doc.result,
        doc.exitCode,
        doc.counts,
        doc.scannerCounts,
        doc.breaches,
      ]).to.deep.equal([
        1,
        "fail",
        1,
        { critical: 1, high: 2, medium: 4, low: 1, other: 1 },
        { critical: 1, high: 2, medium: 4, low: 1, other: 1 },
        [{ severity: "critical", count: 1, threshold: 1 }],
      ]);
      expect((doc.findings as { id: string }[]).map((f) => f.id)).to.have.length(9);
    });

    it("retries a throttled ScanSbom (Retry-After) and then judges the result", async () => {
      const run = await gate(["sbom", SBOM, "--critical", "2"], [THROTTLED, OK]);
      expect([run.code, run.sleeps, run.scanRequests]).to.deep.equal([0, [3000], 2]);
    });

    it("exits 3 when ScanSbom stays throttled after the retries", async () => {
      const run = await gate(["sbom", SBOM], [THROTTLED, THROTTLED, THROTTLED, THROTTLED]);
      expect([run.code, run.sleeps]).to.deep.equal([3, [3000, 3000, 3000]]);
      expect(run.err).to.deep.equal([
        "inspector-gate: AWS error: ScanSbom throttled (ThrottlingException) after 4 attempt(s): Rate exceeded",
      ]);
    });

    it("exits 2 naming the SBOM when ScanSbom rejects it (ValidationException)", async () => {
      const run = await gate(
        ["sbom", SBOM],
        [
          {
            status: 400,
            body: { message: "SBOM exceeds 2000 components", reason: "FIELD_VALIDATION_FAILED" },
            headers: { "x-amzn-errortype": "ValidationException" },
          },
        ],
      );
      expect(run.code).to.equal(2);
      expect(run.err).to.deep.equal([
        `inspector-gate: SBOM ${SBOM}: ScanSbom rejected the SBOM (ValidationException FIELD_VALIDATION_FAILED): SBOM exceeds 2000 components`,
      ]);
    });

    it("exits 2 on an unwritable --sarif before the (paid) scan, and --json still prints one document", async () => {
      const denied = (file: string): void => {
        if (file.endsWith("gate.sarif")) {
          throw Object.assign(new Error("EACCES"), { code: "EACCES" });
        }
      };
      const run = await gate(
        ["sbom", SBOM, "--sarif", "/reports/gate.sarif", "--json"],
        [OK],
        undefined,
        { checkWritable: denied },
      );
      const line = "--sarif /reports/gate.sarif: cannot be written: permission denied (EACCES)";
      expect([run.code, run.scanRequests, run.err]).to.deep.equal([
        2,
        0,
        [`inspector-gate: ${line}`],
      ]);
      expect(JSON.parse(run.out)).to.deep.equal({
        result: "error",
        exitCode: 2,
        error: line,
        problems: [],
      });
    });

    it("exits 2 on a malformed SBOM before calling AWS, naming the line and path", async () => {
      const bad = fixturePath("../../package.json");
      const run = await gate(["sbom", bad], [OK]);
      expect([run.code, run.scanRequests]).to.deep.equal([2, 0]);
      expect(run.err).to.deep.equal([
        `inspector-gate: SBOM ${bad}:1: $.bomFormat is missing; expected "CycloneDX"`,
      ]);
    });
  });

  describe("usage errors (exit 2, one line naming the flag or file)", () => {
    const cases: { argv: string[]; env?: Record<string, string>; line: string }[] = [
      {
        argv: [],
        line: "missing mode: inspector-gate ecr ... or inspector-gate sbom FILE; see --help",
      },
      { argv: ["scan"], line: 'unknown mode "scan": use ecr or sbom' },
      {
        argv: ["ecr", "--image", IMAGE, "--verbose"],
        line: "Unknown option '--verbose'; see inspector-gate --help",
      },
      {
        argv: ["ecr", "--image", IMAGE, "--high", "two"],
        line: '--high "two" is not a whole number; expected a whole number of findings, e.g. --high 1',
      },
      { argv: ["ecr"], line: "ecr mode needs --image URI, or --repository with --digest or --tag" },
      {
        argv: ["ecr", "--repository", "payments-api"],
        line: "--repository needs exactly one of --digest or --tag",
      },
      {
        argv: ["ecr", "--repository", "payments-api", "--digest", "sha256:xyz"],
        line: '--digest "sha256:xyz" is not an image digest (sha256: and 64 lowercase hex digits)',
      },
      {
        argv: ["ecr", "--image", IMAGE, "--region", "eu-west-1"],
        line: '--region "eu-west-1" does not match the Region of --image (us-east-1)',
      },
      {
        argv: ["ecr", "--image", IMAGE, "--timeout", "0"],
        line: "--timeout 0 is out of range; give 1 to 129600 seconds",
      },
      {
        argv: ["ecr", "--image", IMAGE, "--blocked-table", "arn:aws:s3:::bucket"],
        line: '--blocked-table "arn:aws:s3:::bucket" is neither a DynamoDB table name nor a table ARN',
      },
      {
        argv: ["ecr", "--image", IMAGE, "--ignore-file", "/nonexistent/ignore.yaml"],
        line: "--ignore-file /nonexistent/ignore.yaml: cannot be read: no such file or directory (ENOENT)",
      },
      { argv: ["sbom"], line: "sbom mode needs the SBOM file: inspector-gate sbom FILE" },
      {
        argv: ["sbom", "a.json", "--image", IMAGE],
        line: "--image is an ecr-mode flag; sbom mode takes only the SBOM file",
      },
      {
        argv: ["sbom", "/nonexistent/sbom.json"],
        line: "SBOM /nonexistent/sbom.json: cannot be read: no such file or directory (ENOENT)",
      },
      {
        argv: ["sbom", SBOM],
        env: {},
        line: "--region: no AWS Region; pass --region or set AWS_REGION",
      },
    ];
    for (const c of cases) {
      it(`${JSON.stringify(c.argv)} -> ${c.line}`, async () => {
        const run = await gate(
          c.argv,
          [OK],
          (c.env ?? { AWS_REGION: "us-east-1" }) as { AWS_REGION: string },
        );
        expect([run.code, run.err]).to.deep.equal([2, [`inspector-gate: ${c.line}`]]);
      });
    }
  });

  it("--help prints the usage with the exit codes and exits 0", async () => {
    const run = await gate(["--help"]);
    expect(run.code).to.equal(0);
    expect(run.out).to.match(/^usage: inspector-gate ecr/);
    expect(run.out).to.include(
      "exit codes: 0 pass, 1 threshold exceeded or digest blocked, 2 usage or input error,",
    );
  });
});

describe("configuredEndpoint (the Scan API endpoint from the environment, as the AWS SDKs read it)", () => {
  const cases: [string, NodeJS.ProcessEnv, string | undefined][] = [
    ["none configured: the Region's own", {}, undefined],
    ["the service-specific variable", { AWS_ENDPOINT_URL_INSPECTOR_SCAN: "http://a" }, "http://a"],
    ["the global variable", { AWS_ENDPOINT_URL: "http://g" }, "http://g"],
    [
      "the service-specific one before the global one",
      { AWS_ENDPOINT_URL_INSPECTOR_SCAN: "http://a", AWS_ENDPOINT_URL: "http://g" },
      "http://a",
    ],
    [
      "both ignored with AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true",
      { AWS_ENDPOINT_URL_INSPECTOR_SCAN: "http://a", AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true" },
      undefined,
    ],
    ["an empty variable is unset", { AWS_ENDPOINT_URL_INSPECTOR_SCAN: "" }, undefined],
  ];
  for (const [name, env, expected] of cases) {
    it(name, () => {
      expect(configuredEndpoint(env)).to.equal(expected);
    });
  }
});
