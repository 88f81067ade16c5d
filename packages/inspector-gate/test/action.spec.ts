/**
 * The GitHub Action (action.yml): its run steps executed with bash as the runner does
 * (`bash --noprofile --norc -eo pipefail`), with a stand-in `inspector-gate` on PATH that records
 * its arguments, so the command line each input produces is checked exactly.
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";

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
