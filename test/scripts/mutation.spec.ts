import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import * as ts from "typescript";
import { ROOT, runCli } from "../helpers/cli";
import {
  GOAL_SCORE,
  MutationUsageError,
  parseMutationArgs,
  scoreByFile,
  strykerOptionsOf,
} from "../../scripts/mutation";
import { MUTATION_GROUPS } from "../../scripts/mutationGroups";

const MUTATION = { name: "mutation", entry: "scripts/mutation.ts" } as const;

/** Every file under `dir` (repository-relative, `/`-separated), without node_modules. */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.name === "node_modules" || e.name === "dist") {
      return [];
    }
    return e.isDirectory() ? filesUnder(rel) : [rel];
  });
}

/** The files a Stryker-style pattern names (`**` any directories, `*` within one name). */
function filesMatching(pattern: string): string[] {
  const file = pattern.replace(/:\d+-\d+$/, "");
  const top = file.split("/")[0];
  const source = file
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*\*\//g, "%DIRS%")
    .replace(/\*/g, "[^/]*")
    .replace(/%DIRS%/g, "(?:.*/)?");
  const re = new RegExp(`^${source}$`);
  return filesUnder(top).filter((f) => re.test(f));
}

describe("npm run mutation", () => {
  describe("parseMutationArgs", () => {
    it("runs every group, not incrementally, when given no argument", () => {
      const args = parseMutationArgs([]);
      expect(args.groups.map((g) => g.name)).to.deep.equal([
        "enablement",
        "config-core",
        "config-findings",
        "config-scanning",
        "regions",
        "events",
        "triage",
        "kpis",
        "gate",
        "iam",
        "policy",
      ]);
      expect(args.incremental).to.equal(false);
      expect(args.list).to.equal(false);
    });

    it("runs the groups named, repeated or comma-separated, in the order given", () => {
      const args = parseMutationArgs(["--group", "gate,kpis", "--incremental", "--group", "iam"]);
      expect(args.groups.map((g) => g.name)).to.deep.equal(["gate", "kpis", "iam"]);
      expect(args.incremental).to.equal(true);
    });

    const bad: { name: string; argv: string[]; message: string }[] = [
      {
        name: "an unknown group",
        argv: ["--group", "gates"],
        message:
          '--group "gates" is not a group: use one of enablement, config-core, config-findings, config-scanning, regions, events, triage, kpis, gate, iam, policy',
      },
      {
        name: "--group without a name",
        argv: ["--group"],
        message:
          "--group needs a group name: one of enablement, config-core, config-findings, config-scanning, regions, events, triage, kpis, gate, iam, policy",
      },
      {
        name: "--group followed by another flag",
        argv: ["--group", "--incremental"],
        message:
          "--group needs a group name: one of enablement, config-core, config-findings, config-scanning, regions, events, triage, kpis, gate, iam, policy",
      },
      {
        name: "an unknown flag",
        argv: ["--incremantal"],
        message:
          'unknown argument "--incremantal"; usage: npm run mutation -- [--group NAME]... [--incremental] [--list]',
      },
    ];
    for (const c of bad) {
      it(`rejects ${c.name}, naming it`, () => {
        expect(() => parseMutationArgs(c.argv)).to.throw(MutationUsageError, c.message);
      });
    }
  });

  describe("scoreByFile", () => {
    it("counts timeouts as detected and compile errors as neither, per file", () => {
      const a = path.join(ROOT, "lib/a.ts");
      const results = [
        ...["Killed", "Killed", "Killed", "Timeout", "Survived", "NoCoverage"].map((status) => ({
          fileName: a,
          status,
        })),
        { fileName: a, status: "CompileError" },
        { fileName: "lib/b.ts", status: "Survived" },
        { fileName: "lib/b.ts", status: "Killed" },
      ];
      expect(scoreByFile(results, ROOT)).to.deep.equal([
        {
          file: "lib/a.ts",
          mutants: 7,
          killed: 3,
          survived: 1,
          noCoverage: 1,
          timeout: 1,
          score: 66.67,
        },
        {
          file: "lib/b.ts",
          mutants: 2,
          killed: 1,
          survived: 1,
          noCoverage: 0,
          timeout: 0,
          score: 50,
        },
      ]);
    });
  });

  describe("groups", () => {
    it("sets the goal at 85% and runs per-test coverage on two processes at most", () => {
      const options = strykerOptionsOf(MUTATION_GROUPS[0], true);
      expect(GOAL_SCORE).to.equal(85);
      expect(options.coverageAnalysis).to.equal("perTest");
      expect(options.concurrency).to.equal(2);
      expect(options.incremental).to.equal(true);
      expect(options.incrementalFile).to.equal("reports/mutation/enablement/incremental.json");
      expect(options.checkers).to.deep.equal(["typescript"]);
    });

    for (const group of MUTATION_GROUPS) {
      it(`${group.name}: every pattern names a file, and its tsconfig type-checks every mutated file`, () => {
        const parsed = ts.getParsedCommandLineOfConfigFile(
          path.join(ROOT, group.tsconfigFile),
          {},
          { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
        );
        const checked = new Set(parsed?.fileNames.map((f) => path.relative(ROOT, f)));
        for (const pattern of group.mutate.filter((p) => !p.startsWith("!"))) {
          const files = filesMatching(pattern);
          expect(files, pattern).to.not.be.empty;
          expect(
            files.filter((f) => !checked.has(f)),
            `${pattern} outside ${group.tsconfigFile}`,
          ).to.be.empty;
        }
        for (const pattern of group.spec) {
          expect(filesMatching(pattern), pattern).to.not.be.empty;
        }
      });
    }
  });

  describe("as a command", () => {
    it("exits 2 with one line naming an unknown group, and prints nothing on stdout", async () => {
      const run = await runCli(MUTATION, ["--group", "nope"]);
      expect(run.code).to.equal(2);
      expect(run.stdout).to.equal("");
      expect(run.stderr).to.equal(
        'mutation: --group "nope" is not a group: use one of enablement, config-core, config-findings, config-scanning, regions, events, triage, kpis, gate, iam, policy\n',
      );
    });

    it("lists the groups with what each mutates", async () => {
      const run = await runCli(MUTATION, ["--list", "--group", "kpis,gate"]);
      expect(run.code).to.equal(0);
      expect(run.stderr).to.equal("");
      expect(run.stdout).to.equal(
        [
          "kpis: the KPI computations (MTTR, SLA breaches, coverage) (lib/kpis/compute.ts)",
          "gate: the image gate's thresholds, ignore file, SARIF and verdict (packages/inspector-gate/src/thresholds.ts, packages/inspector-gate/src/ignoreFile.ts, packages/inspector-gate/src/sarif.ts, packages/inspector-gate/src/evaluate.ts)",
          "",
        ].join("\n"),
      );
    });
  });
});
