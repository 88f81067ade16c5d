/**
 * `npm run mutation -- [--group NAME]... [--incremental] [--list]`: mutation testing with StrykerJS
 * (mocha runner, TypeScript checker, per-test coverage) of the groups in ./mutationGroups.ts, one
 * group after another, and the mutation score of every mutated file (docs/mutation.md).
 *
 * Exit 0: every file of the groups run scores at least {@link GOAL_SCORE}; 1: a file scores below
 * it (the table says which); 2: usage error or a Stryker run that failed.
 *
 * `--incremental` reuses `reports/mutation/<group>/incremental.json` from the last run and tests
 * again only the mutants whose code or covering tests changed (Stryker's incremental mode), for a
 * pull request. The file is the result of a local or cached run, not part of the repository.
 */
import * as fs from "fs";
import * as path from "path";
import { EXIT_INPUT, runCommand, type CommandIo } from "../lib/cli/command";
import { MUTATION_GROUPS, type MutationGroup } from "./mutationGroups";

/** The goal of issue 18: at least 85% of each module's mutants detected. */
export const GOAL_SCORE = 85;

/** Exit code when a file scores below {@link GOAL_SCORE}. */
export const EXIT_BELOW_GOAL = 1;

/** The repository root: Stryker runs there. */
const ROOT = path.resolve(__dirname, "..");

/** What the command line asked for. */
export interface MutationArgs {
  readonly groups: readonly MutationGroup[];
  readonly incremental: boolean;
  readonly list: boolean;
}

/** A command-line error: one line naming the argument and the fix. */
export class MutationUsageError extends Error {}

/** Parses the arguments; throws {@link MutationUsageError} naming the bad one. */
export function parseMutationArgs(argv: readonly string[]): MutationArgs {
  const names: string[] = [];
  let incremental = false;
  let list = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--incremental") {
      incremental = true;
    } else if (arg === "--list") {
      list = true;
    } else if (arg === "--group") {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith("--")) {
        throw new MutationUsageError(`--group needs a group name: one of ${groupNames()}`);
      }
      names.push(...value.split(","));
      i++;
    } else {
      throw new MutationUsageError(
        `unknown argument "${arg}"; usage: npm run mutation -- [--group NAME]... [--incremental] [--list]`,
      );
    }
  }
  const groups = names.map((name) => {
    const group = MUTATION_GROUPS.find((g) => g.name === name);
    if (group === undefined) {
      throw new MutationUsageError(`--group "${name}" is not a group: use one of ${groupNames()}`);
    }
    return group;
  });
  return { groups: groups.length > 0 ? groups : MUTATION_GROUPS, incremental, list };
}

function groupNames(): string {
  return MUTATION_GROUPS.map((g) => g.name).join(", ");
}

/**
 * Where {@link checkerTsconfigOf} is written for the group being run (gitignored): the sandbox
 * Stryker copies must contain it, so it sits in the repository, not under reports/.
 */
export const CHECKER_TSCONFIG = "tsconfig.mutation.json";

/**
 * The TypeScript checker's project: the group's tsconfig narrowed to the mutated files (and what
 * they import). Checking each mutant against the whole program, tests and commands included,
 * made the checker the bottleneck (2 GB, about 50 s a mutant on this machine under load).
 */
export function checkerTsconfigOf(group: MutationGroup): Record<string, unknown> {
  return {
    extends: `./${group.tsconfigFile}`,
    include: group.mutate.filter((p) => !p.startsWith("!")).map((p) => p.replace(/:\d+-\d+$/, "")),
  };
}

/** The Stryker options of one group (https://stryker-mutator.io/docs/stryker-js/configuration/). */
export function strykerOptionsOf(
  group: MutationGroup,
  incremental: boolean,
): Record<string, unknown> {
  const reportDir = `reports/mutation/${group.name}`;
  return {
    mutate: [...group.mutate],
    testRunner: "mocha",
    // The runner reads .mocharc.json (ts-node transpile-only, test/setup.ts's root hooks).
    mochaOptions: { config: ".mocharc.json", spec: [...group.spec] },
    checkers: ["typescript"],
    tsconfigFile: CHECKER_TSCONFIG,
    coverageAnalysis: "perTest",
    // The machine is shared: two test-runner processes at most.
    concurrency: 2,
    incremental,
    incrementalFile: `${reportDir}/incremental.json`,
    reporters: ["clear-text", "progress-append-only", "html", "json"],
    clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
    htmlReporter: { fileName: `${reportDir}/index.html` },
    jsonReporter: { fileName: `${reportDir}/mutation.json` },
    tempDirName: ".stryker-tmp",
    cleanTempDir: "always",
    ignorePatterns: ["reports", ".bench", "functions/dist", "packages/*/dist", "bin-out"],
    thresholds: { high: 90, low: GOAL_SCORE, break: null },
  };
}

/** The part of Stryker's MutantResult this command reads. */
export interface MutantOutcome {
  readonly fileName: string;
  readonly status: string;
}

/** One file's counts and score. */
export interface FileScore {
  readonly file: string;
  readonly mutants: number;
  readonly killed: number;
  readonly survived: number;
  readonly noCoverage: number;
  readonly timeout: number;
  /** Killed + timed out over killed + timed out + survived + no coverage, in percent. */
  readonly score: number;
}

/**
 * Scores per file as Stryker counts them: a timeout detects the mutant, a compile or runtime
 * error and an ignored mutant count neither way.
 */
export function scoreByFile(results: readonly MutantOutcome[], root: string): FileScore[] {
  const byFile = new Map<string, MutantOutcome[]>();
  for (const r of results) {
    const file = path.relative(root, path.resolve(root, r.fileName));
    byFile.set(file, [...(byFile.get(file) ?? []), r]);
  }
  return [...byFile.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([file, rs]) => {
      const count = (status: string) => rs.filter((r) => r.status === status).length;
      const killed = count("Killed");
      const timeout = count("Timeout");
      const survived = count("Survived");
      const noCoverage = count("NoCoverage");
      const valid = killed + timeout + survived + noCoverage;
      const score = valid === 0 ? 100 : Math.round(((killed + timeout) / valid) * 10_000) / 100;
      return { file, mutants: rs.length, killed, survived, noCoverage, timeout, score };
    });
}

/** The score table, one markdown row per file. */
export function formatScores(
  group: string,
  scores: readonly FileScore[],
  seconds: number,
): string[] {
  return [
    `group ${group}: ${seconds} s`,
    "| file | score | mutants | killed | survived | no coverage | timeout |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...scores.map(
      (s) =>
        `| ${s.file} | ${s.score.toFixed(2)}% | ${s.mutants} | ${s.killed} | ${s.survived} | ${s.noCoverage} | ${s.timeout} |`,
    ),
  ];
}

interface StrykerModule {
  readonly Stryker: new (options: Record<string, unknown>) => {
    runMutationTest(): Promise<MutantOutcome[]>;
  };
}

/** Runs the command; returns the exit code. */
export async function main(argv: readonly string[], io: CommandIo): Promise<number> {
  let args: MutationArgs;
  try {
    args = parseMutationArgs(argv);
  } catch (err) {
    if (err instanceof MutationUsageError) {
      io.err(`mutation: ${err.message}`);
      return EXIT_INPUT;
    }
    throw err;
  }
  if (args.list) {
    for (const g of args.groups) {
      io.out(`${g.name}: ${g.description} (${g.mutate.join(", ")})`);
    }
    return 0;
  }
  // An ES module package; its types do not resolve under this repository's `node` resolution.
  const strykerCore: string = "@stryker-mutator/core";
  const { Stryker } = (await import(strykerCore)) as StrykerModule;
  process.chdir(ROOT);
  const below: string[] = [];
  for (const group of args.groups) {
    const started = Date.now();
    fs.writeFileSync(CHECKER_TSCONFIG, `${JSON.stringify(checkerTsconfigOf(group), null, 2)}\n`);
    let results: MutantOutcome[];
    try {
      results = await new Stryker(strykerOptionsOf(group, args.incremental)).runMutationTest();
    } finally {
      fs.rmSync(CHECKER_TSCONFIG, { force: true });
    }
    const scores = scoreByFile(results, ROOT);
    for (const line of formatScores(
      group.name,
      scores,
      Math.round((Date.now() - started) / 1000),
    )) {
      io.out(line);
    }
    below.push(...scores.filter((s) => s.score < GOAL_SCORE).map((s) => `${s.file} (${s.score}%)`));
  }
  if (below.length > 0) {
    io.err(`mutation: below the goal of ${GOAL_SCORE}%: ${below.join(", ")}`);
    return EXIT_BELOW_GOAL;
  }
  return 0;
}

if (require.main === module) {
  runCommand("mutation", (io) => main(process.argv.slice(2), io));
}
