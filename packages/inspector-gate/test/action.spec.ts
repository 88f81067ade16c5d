/**
 * The GitHub Action (action.yml): its run steps executed with bash as the runner does
 * (`bash --noprofile --norc -eo pipefail`), with a stand-in `inspector-gate` on PATH that records
 * its arguments, so the command line each input produces is checked exactly; then end to end,
 * the gate step, the job summary and the verdict with the package's compiled gate against a fake
 * Inspector Scan service (`AWS_ENDPOINT_URL_INSPECTOR_SCAN`). What stays unverified until the
 * action runs on GitHub is listed in docs/gate.md.
 */
import { expect } from "chai";
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as http from "http";
import type { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { buildPackage, PACKAGE_DIR } from "./build";
import { fixturePath, fixtureText } from "./fixtures";

interface Step {
  readonly id?: string;
  readonly name?: string;
  readonly run?: string;
  readonly env?: Record<string, string>;
}
interface Action {
  readonly inputs: Record<string, { default?: string }>;
  readonly runs: { readonly steps: Step[] };
}

const action = parse(fs.readFileSync(path.resolve(__dirname, "../action.yml"), "utf8")) as Action;
const step = (id: string): Step => {
  const found = action.runs.steps.find((s) => s.id === id || s.name === id);
  if (!found?.run) {
    throw new Error(`action.yml has no run step ${id}`);
  }
  return found;
};

/** Input values as the runner passes them: every input, defaults filled in. */
function inputs(given: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(action.inputs).map(([name, spec]) => [name, given[name] ?? spec.default ?? ""]),
  );
}

/** The step's env block with `${{ inputs.x }}` replaced by the input's value. */
function stepEnv(s: Step, values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(s.env ?? {}).map(([k, v]) => [
      k,
      String(v).replace(/\$\{\{\s*inputs\.([a-z_]+)\s*\}\}/g, (_, name: string) => values[name]),
    ]),
  );
}

interface GateRun {
  readonly status: number | null;
  readonly argv: string[];
  readonly outputs: string[];
}

/** Runs the action's gate step with a stand-in gate that exits with `gateExit`. */
function runGateStep(given: Record<string, string>, gateExit = 0): GateRun {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gate-action-"));
  try {
    const bin = path.join(dir, "bin");
    fs.mkdirSync(bin);
    const record = path.join(dir, "argv.json");
    fs.writeFileSync(
      path.join(bin, "inspector-gate"),
      `#!/usr/bin/env node\nrequire("fs").writeFileSync(${JSON.stringify(record)}, JSON.stringify(process.argv.slice(2)));\nprocess.exit(${gateExit});\n`,
      { mode: 0o755 },
    );
    const outputFile = path.join(dir, "github-output");
    fs.writeFileSync(outputFile, "");
    const s = step("gate");
    const run = spawnSync(
      "bash",
      ["--noprofile", "--norc", "-eo", "pipefail", "-c", s.run as string],
      {
        cwd: dir,
        encoding: "utf8",
        env: {
          PATH: `${bin}:${process.env.PATH ?? ""}`,
          RUNNER_TEMP: "/runner/temp",
          GITHUB_RUN_ATTEMPT: "1",
          GITHUB_OUTPUT: outputFile,
          ...stepEnv(s, inputs(given)),
        },
      },
    );
    return {
      status: run.status,
      argv: fs.existsSync(record) ? (JSON.parse(fs.readFileSync(record, "utf8")) as string[]) : [],
      outputs: fs.readFileSync(outputFile, "utf8").split("\n").filter(Boolean),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("GitHub Action (action.yml)", () => {
  it("takes the Inspector GitHub Action's threshold input names", () => {
    expect(Object.keys(action.inputs).filter((k) => k.endsWith("_threshold"))).to.deep.equal([
      "critical_threshold",
      "high_threshold",
      "medium_threshold",
      "low_threshold",
      "other_threshold",
    ]);
  });

  it("sbom mode: passes the SBOM, the thresholds given, the ignore file and both report paths", () => {
    const run = runGateStep({
      mode: "sbom",
      sbom_file: "sbom.cdx.json",
      critical_threshold: "2",
      high_threshold: "5",
      other_threshold: "0",
      fixable_only: "true",
      ignore_file: ".inspector-ignore.yaml",
    });
    expect(run.status).to.equal(0);
    expect(run.argv).to.deep.equal([
      "sbom",
      "sbom.cdx.json",
      "--critical",
      "2",
      "--high",
      "5",
      "--other",
      "0",
      "--fixable-only",
      "--ignore-file",
      ".inspector-ignore.yaml",
      "--sarif",
      "inspector-gate.sarif",
      "--markdown",
      "/runner/temp/inspector-gate-1-sbom.md",
    ]);
    expect(run.outputs).to.deep.equal(["exit_code=0"]);
  });

  it("ecr mode: passes the image, timeout, poll interval, blocked table and Region; unset thresholds left to the gate", () => {
    const run = runGateStep({
      mode: "ecr",
      image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:abc",
      blocked_table: "inspector-blocked-digests",
      region: "us-east-1",
      timeout: "900",
    });
    expect(run.argv).to.deep.equal([
      "ecr",
      "--image",
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:abc",
      "--timeout",
      "900",
      "--poll-interval",
      "15",
      "--blocked-table",
      "inspector-blocked-digests",
      "--region",
      "us-east-1",
      "--sarif",
      "inspector-gate.sarif",
      "--markdown",
      "/runner/temp/inspector-gate-1-ecr.md",
    ]);
  });

  it("an input with shell syntax reaches the gate as one argument, never run", () => {
    const run = runGateStep({ mode: "sbom", sbom_file: "$(touch pwned) a b.json" });
    expect(run.argv.slice(0, 2)).to.deep.equal(["sbom", "$(touch pwned) a b.json"]);
  });

  it("records the gate's exit code and lets the reports be published before the verdict", () => {
    const run = runGateStep({ mode: "sbom", sbom_file: "s.json" }, 1);
    expect([run.status, run.outputs]).to.deep.equal([0, ["exit_code=1"]]);
  });

  it("refuses a mode other than sbom or ecr without running the gate (exit 2)", () => {
    const run = runGateStep({ mode: "image" });
    expect([run.status, run.argv]).to.deep.equal([2, []]);
  });

  for (const [code, status] of [
    ["0", 0],
    ["1", 1],
    ["3", 3],
    ["", 3],
  ] as const) {
    it(`the verdict step exits ${status} for exit_code "${code}"`, () => {
      const verdict = step("Verdict");
      const run = spawnSync(
        "bash",
        ["--noprofile", "--norc", "-eo", "pipefail", "-c", verdict.run as string],
        {
          encoding: "utf8",
          env: { PATH: process.env.PATH ?? "", EXIT_CODE: code },
        },
      );
      expect(run.status).to.equal(status);
    });
  }
});

/** A fake Inspector Scan service on 127.0.0.1: answers every request with `body`, records them. */
async function fakeScanService(body: string): Promise<{
  readonly endpoint: string;
  readonly requests: { method: string; url: string; authorization: string }[];
  readonly close: () => void;
}> {
  const requests: { method: string; url: string; authorization: string }[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      requests.push({
        method: req.method ?? "",
        url: req.url ?? "",
        authorization: req.headers.authorization ?? "",
      });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, requests, close: () => server.close() };
}

/** Runs one run step of the action with bash as the runner does, asynchronously (the fake service answers meanwhile). */
function runStepAsync(
  id: string,
  env: Record<string, string>,
  cwd: string,
): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      "bash",
      ["--noprofile", "--norc", "-eo", "pipefail", "-c", step(id).run as string],
      {
        cwd,
        env,
      },
    );
    let stdout = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString("utf8")));
    child.stderr.resume();
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout }));
  });
}

/** `key=value` lines of a GITHUB_OUTPUT file as a record. */
function outputsOf(file: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readFileSync(file, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
}

describe("GitHub Action (action.yml) end to end: its shell steps, the real gate, a fake Inspector Scan service", function () {
  this.timeout(120_000);
  let service: Awaited<ReturnType<typeof fakeScanService>>;

  before(async () => {
    buildPackage();
    service = await fakeScanService(fixtureText("scan-sbom-response.json"));
  });
  after(() => service.close());

  /** Runs gate -> job summary -> verdict as the runner would, in a fresh workspace. */
  async function runAction(given: Record<string, string>) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gate-action-e2e-"));
    const bin = path.join(dir, "bin");
    fs.mkdirSync(bin);
    fs.mkdirSync(path.join(dir, "temp"));
    // What `npm install --global inspector-gate` puts on PATH: the package's bin.
    fs.writeFileSync(
      path.join(bin, "inspector-gate"),
      `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(PACKAGE_DIR, "dist", "cli.js"))} "$@"\n`,
      { mode: 0o755 },
    );
    fs.copyFileSync(fixturePath("sbom-cyclonedx-1.5.json"), path.join(dir, "sbom.cdx.json"));
    const files = {
      output: path.join(dir, "github-output"),
      summary: path.join(dir, "step-summary"),
    };
    fs.writeFileSync(files.output, "");
    fs.writeFileSync(files.summary, "");
    const runner = {
      PATH: `${bin}:${process.env.PATH ?? ""}`,
      HOME: dir,
      RUNNER_TEMP: path.join(dir, "temp"),
      GITHUB_RUN_ATTEMPT: "1",
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      // Credentials from the job (configure-aws-credentials); the Scan API at the fake service.
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
      AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_ENDPOINT_URL_INSPECTOR_SCAN: service.endpoint,
    };
    const values = inputs(given);
    const gate = await runStepAsync("gate", { ...runner, ...stepEnv(step("gate"), values) }, dir);
    const outputs = outputsOf(files.output);
    const summary = await runStepAsync(
      "Job summary",
      { ...runner, MARKDOWN_FILE: outputs.markdown_file ?? "" },
      dir,
    );
    const verdict = await runStepAsync(
      "Verdict",
      { ...runner, EXIT_CODE: outputs.exit_code ?? "" },
      dir,
    );
    return {
      dir,
      gate,
      outputs,
      summary,
      verdict,
      stepSummary: fs.readFileSync(files.summary, "utf8"),
    };
  }

  it("over a threshold: records exit_code 1 and both reports, appends the markdown to the job summary, and the verdict step fails with the error annotation", async () => {
    const run = await runAction({
      mode: "sbom",
      sbom_file: "sbom.cdx.json",
      critical_threshold: "1",
    });
    expect(run.gate.status).to.equal(0);
    const markdown = path.join(run.dir, "temp", "inspector-gate-1-sbom.md");
    expect(run.outputs).to.deep.equal({
      exit_code: "1",
      sarif_file: "inspector-gate.sarif",
      markdown_file: markdown,
    });
    expect(service.requests.map((r) => `${r.method} ${r.url}`)).to.deep.equal(["POST /scan/sbom"]);
    expect(service.requests[0].authorization).to.match(
      /^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/us-east-1\/inspector-scan\/aws4_request,/,
    );
    expect(run.summary.status).to.equal(0);
    expect(run.stepSummary).to.equal(fs.readFileSync(markdown, "utf8"));
    expect(run.stepSummary.split("\n")[0]).to.equal("### ❌ Amazon Inspector image gate: failed");
    const sarif = JSON.parse(
      fs.readFileSync(path.join(run.dir, "inspector-gate.sarif"), "utf8"),
    ) as {
      version: string;
    };
    expect(sarif.version).to.equal("2.1.0");
    expect([run.verdict.status, run.verdict.stdout]).to.deep.equal([
      1,
      "::error title=inspector-gate::threshold reached or digest blocked (exit 1)\n",
    ]);
  });

  it("under the thresholds: exit_code 0, a passing summary, and the verdict step passes", async () => {
    service.requests.length = 0;
    const run = await runAction({
      mode: "sbom",
      sbom_file: "sbom.cdx.json",
      critical_threshold: "2",
      high_threshold: "3",
    });
    expect(run.outputs.exit_code).to.equal("0");
    expect(service.requests).to.have.length(1);
    expect(run.stepSummary.split("\n")[0]).to.equal("### ✅ Amazon Inspector image gate: passed");
    expect([run.verdict.status, run.verdict.stdout]).to.deep.equal([0, "inspector-gate: pass\n"]);
  });
});
