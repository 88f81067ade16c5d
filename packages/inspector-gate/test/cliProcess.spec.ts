/**
 * `inspector-gate` as a user runs it: the package's compiled bin (`dist/cli.js`, rebuilt first,
 * incrementally, so it is never stale) as a child process, its exit code, stdout and stderr, for
 * every class of bad input (issue 13). Each case must be refused with exit 2 before any AWS call:
 * the child has no AWS credentials and no instance metadata, so a case that reached AWS would end
 * with exit 3 (a credentials error) instead, and the case would fail.
 */
import { expect } from "chai";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildPackage, PACKAGE_DIR } from "./build";
import { fixtureText } from "./fixtures";

const GATE_BIN = path.join(PACKAGE_DIR, "dist", "cli.js");

const IMAGE =
  "123456789012.dkr.ecr.us-east-1.amazonaws.com/payments-api@sha256:b226796370094390ac172df8cd5d06d54247c5f91b7a4faf909213ac19ab6900";
const SBOM_FIX =
  "generate CycloneDX 1.5 JSON, e.g. inspector-sbomgen container --image IMAGE --outfile sbom.json, or syft IMAGE -o cyclonedx-json@1.5=sbom.json";

interface Result {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the gate in `cwd` with a clean environment: no credentials, no instance metadata. */
function runGate(
  argv: string[],
  cwd: string,
  extraEnv: Record<string, string> = {},
): Promise<Result> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: cwd,
    AWS_REGION: "us-east-1",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: path.join(cwd, "no-aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: path.join(cwd, "no-aws-credentials"),
    ...extraEnv,
  };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [GATE_BIN, ...argv],
      { cwd, env, maxBuffer: 16 * 1024 * 1024, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Runs `fn` over `items`, at most `limit` at a time (child processes on a shared machine). */
async function pool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

interface Case {
  readonly name: string;
  readonly argv: string[];
  /** The exact stderr lines (each printed with the "inspector-gate: " prefix). */
  readonly stderr: string[];
  readonly env?: Record<string, string>;
  /** Run from this subdirectory of the work directory. */
  readonly cwd?: string;
}

const validSbom = fixtureText("sbom-cyclonedx-1.5.json");
const sbomWith = (patch: Record<string, unknown>): string =>
  JSON.stringify({ ...(JSON.parse(validSbom) as object), ...patch }, null, 2);
const ignoreEntry = (id: string, expires: string, reason = "not reachable"): string =>
  `- id: ${id}\n  reason: ${reason}\n  expires: ${expires}\n`;
const library = (name: string): Record<string, string> => ({ type: "library", name });
const HUGE = "x".repeat(200_000);
/** A huge argument: Linux refuses one over 128 KiB (MAX_ARG_STRLEN). */
const HUGE_ARG = "x".repeat(100_000);

/** The input files of the cases, written to a fresh directory. */
const FILES: Record<string, string | Buffer> = {
  "good.cdx.json": validSbom,
  "spdx.json": JSON.stringify({ spdxVersion: "SPDX-2.3", SPDXID: "SPDXRef-DOCUMENT" }),
  "spdx.tag.txt": "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n",
  "cdx.xml": '<?xml version="1.0"?>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.5"/>\n',
  "cdx16.json": sbomWith({ specVersion: "1.6" }),
  "bom-spdx.json": `\ufeff${JSON.stringify({ spdxVersion: "SPDX-2.3" })}`,
  "utf16.json": Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(validSbom, "utf16le")]),
  "deep.json": `${"[".repeat(100_000)}${"]".repeat(100_000)}`,
  "truncated.json": validSbom.slice(0, 120),
  "version0.json": sbomWith({ version: 0 }),
  "timestamp.json": sbomWith({ metadata: { timestamp: "2026-02-30T10:00:00Z" } }),
  "no-zone.json": sbomWith({ metadata: { timestamp: "2026-11-28T10:00:00" } }),
  "bad-components.json": JSON.stringify(
    {
      bomFormat: "CycloneDX",
      specVersion: "1.5",
      components: [
        library("good-1"),
        { type: "library" },
        library("good-2"),
        "oops",
        { name: "x", type: "package" },
      ],
    },
    null,
    2,
  ),
  "many-bad.json": JSON.stringify({
    bomFormat: "CycloneDX",
    specVersion: "1.5",
    components: Array.from({ length: 25 }, () => ({ type: "library" })),
  }),
  "huge-type.json": JSON.stringify({
    bomFormat: "CycloneDX",
    specVersion: "1.5",
    components: [{ name: "a", type: HUGE }],
  }),
  "ignore-bom.yaml": `\ufeff${ignoreEntry("CVE-2024-1", "2026-12-31")}${ignoreEntry("CVE-2024-2", "2199-01-01")}`,
  "ignore-dup.yaml":
    ignoreEntry("CVE-2024-1", "2026-12-31") + ignoreEntry("cve-2024-1", "2026-12-30"),
  "ignore-huge.yaml": ignoreEntry("CVE-2024-1", HUGE),
  "ignore-deep.yaml": `${"[".repeat(20_000)}${"]".repeat(20_000)}`,
  "ignore-date.yaml": ignoreEntry("CVE-2024-1", "2027-02-30"),
  "a-file": "not a directory",
  "sub/.keep": "",
};

/** Files too large to write in full: sparse files of this size. */
const SPARSE: Record<string, number> = {
  "big.cdx.json": 50 * 1024 * 1024 + 1,
  "big-ignore.yaml": 1024 * 1024 + 1,
};

/** The latest `expires` the gate accepts today (UTC): the same day three years on. */
function threeYearsFromToday(): string {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() + 3);
  return d.toISOString().slice(0, 10);
}

const CASES: Case[] = [
  // Arguments.
  {
    name: "no mode",
    argv: [],
    stderr: ["missing mode: inspector-gate ecr ... or inspector-gate sbom FILE; see --help"],
  },
  { name: "unknown mode", argv: ["scan"], stderr: ['unknown mode "scan": use ecr or sbom'] },
  {
    name: "unknown flag",
    argv: ["sbom", "good.cdx.json", "--critcal", "1"],
    stderr: ["Unknown option '--critcal'; see inspector-gate --help"],
  },
  {
    name: "an ecr flag in sbom mode",
    argv: ["sbom", "good.cdx.json", "--timeout", "60"],
    stderr: ["--timeout is an ecr-mode flag; sbom mode takes only the SBOM file"],
  },
  {
    name: "a threshold in scientific notation",
    argv: ["sbom", "good.cdx.json", "--critical", "1e3"],
    stderr: [
      '--critical "1e3" is not a whole number; expected a whole number of findings, e.g. --critical 1',
    ],
  },
  {
    name: "a threshold past the range",
    argv: ["sbom", "good.cdx.json", "--high", "100001"],
    stderr: [
      "--high 100001 is above 100000; give a count of findings from 1 to 100000, or 0 to turn high off",
    ],
  },
  {
    name: "a timeout with a unit",
    argv: ["ecr", "--image", IMAGE, "--timeout", "10m"],
    stderr: [
      '--timeout "10m" is not a whole number; give seconds as a whole number without a unit, e.g. --timeout 600',
    ],
  },
  {
    name: "a timeout past 36 hours",
    argv: ["ecr", "--image", IMAGE, "--timeout", "999999"],
    stderr: ["--timeout 999999 is out of range; give 1 to 129600 seconds"],
  },
  {
    name: "a poll interval longer than the timeout",
    argv: ["ecr", "--image", IMAGE, "--timeout", "60", "--poll-interval", "120"],
    stderr: ["--poll-interval 120 is out of range; give 1 to 60 seconds"],
  },
  {
    name: "an empty --sarif (an unset shell variable)",
    argv: ["sbom", "good.cdx.json", "--sarif", ""],
    stderr: ["--sarif is empty; give a value (an unset shell variable expands to nothing)"],
  },
  {
    name: "an 11-digit --registry-id",
    argv: ["ecr", "--repository", "app", "--tag", "v1", "--registry-id", "12345678901"],
    stderr: [
      '--registry-id "12345678901" is not a 12-digit AWS account id (quote it in YAML if it starts with 0)',
    ],
  },
  {
    name: "a tag ECR would refuse",
    argv: ["ecr", "--repository", "app", "--tag", "v1:latest"],
    stderr: ['--tag "v1:latest" is not an image tag (up to 128 letters, digits, _ . -)'],
  },
  {
    name: "a huge --image value, echoed cut short on one line",
    argv: ["ecr", "--image", HUGE_ARG],
    stderr: [
      `--image "${"x".repeat(80)}…" (100000 characters) is not an ECR image URI; expected <account>.dkr.ecr.<region>.amazonaws.com/<repository>@sha256:<digest> or :<tag>`,
    ],
  },
  {
    name: "a Region with a newline",
    argv: ["sbom", "good.cdx.json", "--region", "us-east-1\nrm -rf /"],
    stderr: ['--region "us-east-1\\nrm -rf /" is not an AWS Region name (e.g. us-east-1)'],
  },
  {
    name: "AWS_REGION not a Region",
    argv: ["sbom", "good.cdx.json"],
    env: { AWS_REGION: "US East" },
    stderr: ['--region "US East" is not an AWS Region name (e.g. us-east-1); check AWS_REGION'],
  },
  // Report paths: checked before the (paid) scan.
  {
    name: "--sarif in a directory that does not exist",
    argv: ["sbom", "good.cdx.json", "--sarif", "/nonexistent/out.sarif"],
    stderr: [
      "--sarif /nonexistent/out.sarif: the directory /nonexistent does not exist (ENOENT); create it first",
    ],
  },
  {
    name: "--markdown naming a directory",
    argv: ["sbom", "good.cdx.json", "--markdown", "/tmp"],
    stderr: ["--markdown /tmp: cannot be written: is a directory (EISDIR); give a file"],
  },
  {
    name: "--sarif under a file",
    argv: ["sbom", "good.cdx.json", "--sarif", "a-file/out.sarif"],
    stderr: [
      "--sarif a-file/out.sarif (/WORK/a-file/out.sarif): cannot be written: a part of the path is not a directory (ENOTDIR)",
    ],
  },
  {
    name: "--sarif overwriting the SBOM",
    argv: ["sbom", "good.cdx.json", "--sarif", "./good.cdx.json"],
    stderr: ["--sarif ./good.cdx.json: is the same file as the SBOM; give the report its own file"],
  },
  {
    name: "--markdown and --sarif the same file",
    argv: ["sbom", "good.cdx.json", "--sarif", "out.txt", "--markdown", "out.txt"],
    stderr: ["--markdown out.txt: is the same file as --sarif; give the report its own file"],
  },
  // The SBOM.
  {
    name: "an SBOM that does not exist, named where it was looked for",
    argv: ["sbom", "missing.json"],
    cwd: "sub",
    stderr: [
      "SBOM missing.json (/WORK/sub/missing.json): cannot be read: no such file or directory (ENOENT)",
    ],
  },
  {
    name: "an SBOM that is a directory",
    argv: ["sbom", "sub"],
    stderr: ["SBOM sub (/WORK/sub): cannot be read: is a directory (EISDIR); give a file"],
  },
  {
    name: "an SPDX JSON SBOM",
    argv: ["sbom", "spdx.json"],
    stderr: [
      `SBOM spdx.json:1: $ is an SPDX document (spdxVersion "SPDX-2.3"); ScanSbom accepts CycloneDX 1.5 JSON only: ${SBOM_FIX}`,
    ],
  },
  {
    name: "an SPDX tag-value SBOM",
    argv: ["sbom", "spdx.tag.txt"],
    stderr: [
      `SBOM spdx.tag.txt: is an SPDX tag-value document; ScanSbom accepts CycloneDX 1.5 JSON only: ${SBOM_FIX}`,
    ],
  },
  {
    name: "a CycloneDX XML SBOM",
    argv: ["sbom", "cdx.xml"],
    stderr: [
      `SBOM cdx.xml: is XML (CycloneDX XML?); ScanSbom accepts CycloneDX 1.5 JSON only: ${SBOM_FIX}`,
    ],
  },
  {
    name: "CycloneDX 1.6",
    argv: ["sbom", "cdx16.json"],
    stderr: [
      `SBOM cdx16.json:3: $.specVersion is "1.6"; ScanSbom accepts CycloneDX "1.5" only: ${SBOM_FIX}`,
    ],
  },
  {
    name: "a byte order mark before the JSON (one line, line 1)",
    argv: ["sbom", "bom-spdx.json"],
    stderr: [
      `SBOM bom-spdx.json:1: $ is an SPDX document (spdxVersion "SPDX-2.3"); ScanSbom accepts CycloneDX 1.5 JSON only: ${SBOM_FIX}`,
    ],
  },
  {
    name: "a UTF-16 SBOM",
    argv: ["sbom", "utf16.json"],
    stderr: ["SBOM utf16.json: is not UTF-8 text (UTF-16 or binary); save it as UTF-8"],
  },
  {
    name: "JSON nested 100,000 levels deep",
    argv: ["sbom", "deep.json"],
    stderr: [
      "SBOM deep.json:1: nested deeper than 64 levels (column 65); a CycloneDX SBOM is a few levels deep",
    ],
  },
  {
    name: "an SBOM over 50 MiB",
    argv: ["sbom", "big.cdx.json"],
    stderr: [
      "SBOM big.cdx.json (/WORK/big.cdx.json): cannot be read: is 52428801 bytes; the gate reads at most 52428800 bytes (50 MiB)",
    ],
  },
  {
    name: "a truncated SBOM",
    argv: ["sbom", "truncated.json"],
    stderr: [
      "SBOM truncated.json:4: not valid JSON (column 67: expected a string but found end of input)",
    ],
  },
  {
    name: "a BOM version of 0",
    argv: ["sbom", "version0.json"],
    stderr: [
      "SBOM version0.json:5: $.version is 0; expected a whole number from 1 (the BOM version)",
    ],
  },
  {
    name: "a metadata timestamp on a day that does not exist",
    argv: ["sbom", "timestamp.json"],
    stderr: [
      'SBOM timestamp.json:7: $.metadata.timestamp is "2026-02-30T10:00:00Z"; expected a date-time with a zone, e.g. 2026-11-28T09:00:00Z',
    ],
  },
  {
    name: "a metadata timestamp without a zone",
    argv: ["sbom", "no-zone.json"],
    stderr: [
      'SBOM no-zone.json:7: $.metadata.timestamp is "2026-11-28T10:00:00"; expected a date-time with a zone, e.g. 2026-11-28T09:00:00Z',
    ],
  },
  {
    name: "every bad component reported, each with its line; the good ones not hidden",
    argv: ["sbom", "bad-components.json"],
    stderr: [
      "SBOM bad-components.json: 3 problem(s) in its 5 component(s); nothing was sent to ScanSbom: fix every component listed",
      "SBOM bad-components.json:9: $.components[1].name must be a non-empty string (is missing)",
      'SBOM bad-components.json:16: $.components[3] must be an object, is "oops"',
      'SBOM bad-components.json:19: $.components[4].type is "package"; expected one of application, framework, library, container, platform, operating-system, device, device-driver, firmware, file, machine-learning-model, data',
    ],
  },
  {
    name: "25 bad components: 20 listed and the rest counted",
    argv: ["sbom", "many-bad.json"],
    stderr: [
      "SBOM many-bad.json: 25 problem(s) in its 25 component(s); nothing was sent to ScanSbom: fix every component listed",
      ...Array.from(
        { length: 20 },
        (_, i) =>
          `SBOM many-bad.json:1: $.components[${i}].name must be a non-empty string (is missing)`,
      ),
      "... and 5 more problem(s) not listed",
    ],
  },
  {
    name: "a 200 KB component type, echoed cut short",
    argv: ["sbom", "huge-type.json"],
    stderr: [
      `SBOM huge-type.json:1: $.components[0].type is "${"x".repeat(80)}…" (200000 characters); expected one of application, framework, library, container, platform, operating-system, device, device-driver, firmware, file, machine-learning-model, data`,
    ],
  },
  // The ignore file.
  {
    name: "an ignore file with a byte order mark, read from line 1",
    argv: ["sbom", "good.cdx.json", "--ignore-file", "ignore-bom.yaml"],
    stderr: [
      `--ignore-file ignore-bom.yaml:6: entry [1] field "expires" 2199-01-01 is more than 3 years away (latest ${threeYearsFromToday()}); accept a vulnerability for a limited time and renew it, or use an Inspector suppression rule`,
    ],
  },
  {
    name: "an ignore file repeating an id",
    argv: ["sbom", "good.cdx.json", "--ignore-file", "ignore-dup.yaml"],
    stderr: [
      '--ignore-file ignore-dup.yaml:4: entry [1] repeats id "cve-2024-1" of the entry on line 1; keep one entry per id',
    ],
  },
  {
    name: "an ignore file with a 200 KB date",
    argv: ["sbom", "good.cdx.json", "--ignore-file", "ignore-huge.yaml"],
    stderr: [
      `--ignore-file ignore-huge.yaml:3: entry [0] field "expires" is "${"x".repeat(80)}…" (200000 characters); use a date YYYY-MM-DD`,
    ],
  },
  {
    name: "an ignore file nested 20,000 levels deep",
    argv: ["sbom", "good.cdx.json", "--ignore-file", "ignore-deep.yaml"],
    stderr: ["--ignore-file ignore-deep.yaml:1: not valid YAML or JSON (nested too deeply)"],
  },
  {
    name: "an ignore file date that does not exist",
    argv: ["sbom", "good.cdx.json", "--ignore-file", "ignore-date.yaml"],
    stderr: [
      '--ignore-file ignore-date.yaml:3: entry [0] field "expires" is "2027-02-30"; use a date YYYY-MM-DD',
    ],
  },
  {
    name: "an ignore file over 1 MiB",
    argv: ["sbom", "good.cdx.json", "--ignore-file", "big-ignore.yaml"],
    stderr: [
      "--ignore-file big-ignore.yaml (/WORK/big-ignore.yaml): cannot be read: is 1048577 bytes; the gate reads at most 1048576 bytes (1 MiB)",
    ],
  },
  // Where relative paths point.
  {
    name: "a relative SBOM path under npm run: resolved against INIT_CWD",
    argv: ["sbom", "spdx.json"],
    cwd: "sub",
    env: { INIT_CWD: "/WORK", npm_package_json: "/WORK/sub/package.json" },
    stderr: [
      `SBOM spdx.json:1: $ is an SPDX document (spdxVersion "SPDX-2.3"); ScanSbom accepts CycloneDX 1.5 JSON only: ${SBOM_FIX}`,
    ],
  },
];

/** A case's stderr lines in the work directory. */
function expectedStderr(c: Case, work: string): string[] {
  return c.stderr.map((line) => line.replace(/\/WORK/g, work));
}

describe("inspector-gate as a child process: bad input (exit 2, one line per problem, no stack trace)", function () {
  this.timeout(300_000);
  let work: string;
  const results = new Map<string, Result>();
  const jsonResults = new Map<string, Result>();

  before(async () => {
    buildPackage();
    work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "gate-cli-")));
    for (const [name, content] of Object.entries(FILES)) {
      fs.mkdirSync(path.dirname(path.join(work, name)), { recursive: true });
      fs.writeFileSync(path.join(work, name), content);
    }
    for (const [name, size] of Object.entries(SPARSE)) {
      fs.writeFileSync(path.join(work, name), "");
      fs.truncateSync(path.join(work, name), size);
    }
    const env = (c: Case): Record<string, string> =>
      Object.fromEntries(
        Object.entries(c.env ?? {}).map(([k, v]) => [k, v.replace(/\/WORK/g, work)]),
      );
    const runs = await pool(CASES, 4, async (c) => {
      const cwd = path.join(work, c.cwd ?? "");
      const plain = await runGate(c.argv, cwd, env(c));
      const json = await runGate([...c.argv, "--json"], cwd, env(c));
      return [plain, json] as const;
    });
    CASES.forEach((c, i) => {
      results.set(c.name, runs[i][0]);
      jsonResults.set(c.name, runs[i][1]);
    });
  });

  after(() => {
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("has at least 30 cases", () => {
    expect(CASES.length).to.be.at.least(30);
  });

  for (const c of CASES) {
    it(`${c.name}: exit 2, the exact lines on stderr, nothing on stdout`, () => {
      const r = results.get(c.name) as Result;
      const lines = expectedStderr(c, work);
      expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).to.deep.equal({
        code: 2,
        stdout: "",
        stderr: lines.map((l) => `inspector-gate: ${l}\n`).join(""),
      });
    });

    it(`${c.name}: with --json, one JSON document on stdout with the same lines`, () => {
      const r = jsonResults.get(c.name) as Result;
      const lines = expectedStderr(c, work);
      expect(r.code).to.equal(2);
      expect(r.stderr).to.not.match(/^\s+at /m);
      expect(JSON.parse(r.stdout)).to.deep.equal({
        result: "error",
        exitCode: 2,
        error: lines[0],
        problems: lines.slice(1),
      });
    });
  }

  it("writes no report file when it refuses the input", () => {
    expect(fs.existsSync(path.join(work, "out.txt"))).to.equal(false);
    expect(fs.readdirSync(path.join(work, "sub"))).to.deep.equal([".keep"]);
  });
});
