import type { ECRClient } from "@aws-sdk/client-ecr";
import * as path from "path";
import type { Inspector2Client } from "@aws-sdk/client-inspector2";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import {
  parseGateArgs,
  USAGE,
  type CommonOptions,
  type EcrOptions,
  type SbomOptions,
} from "./args";
import { findBlockedRecords, listImageFindings, resolveDigest, waitForScan } from "./ecr";
import { GateAwsError, GateUsageError, ScanIncompleteError } from "./errors";
import { evaluate, type Evaluation } from "./evaluate";
import { fileErrorReason, userDirectory } from "./files";
import { parseIgnoreFile, type IgnoreList } from "./ignoreFile";
import {
  checkInputSize,
  decodeInputText,
  MAX_IGNORE_FILE_BYTES,
  MAX_SBOM_BYTES,
  quote,
} from "./inputText";
import {
  InspectorScanError,
  InspectorScanValidationError,
  type InspectorScanApi,
} from "./inspectorScanClient";
import { formatMarkdown, formatTable, jsonReport, type GateTarget } from "./report";
import { buildSarif } from "./sarif";
import { parseScanSbomResponse, readCycloneDxSbom } from "./sbom";

/** Exit codes of the `inspector-gate` contract (DESIGN.md). */
export const EXIT = { PASS: 0, FAIL: 1, USAGE: 2, INCOMPLETE: 3 } as const;

/** The AWS clients of one Region. */
export interface GateClients {
  readonly ecr: ECRClient;
  readonly inspector2: Inspector2Client;
  readonly dynamo: DynamoDBDocumentClient;
  readonly inspectorScan: InspectorScanApi;
}

/** Everything the gate touches outside its own logic; tests replace all of it. */
export interface GateDeps {
  /** The clients for a Region (created lazily, so sbom mode never builds ECR clients). */
  readonly clients: (region: string) => GateClients;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  /** stdout: the report (table or JSON). */
  readonly out: (text: string) => void;
  /** stderr: progress and the one-line error. */
  readonly err: (text: string) => void;
  /** Reads a UTF-8 file; may refuse one over `maxBytes` (errno EFBIG) without reading it. */
  readonly readFile: (path: string, maxBytes: number) => string;
  readonly writeFile: (path: string, text: string) => void;
  /** Throws the errno error writing the file would meet, changing nothing. */
  readonly checkWritable: (path: string) => void;
  /** The process's working directory (relative paths: see {@link userDirectory}). */
  readonly cwd: () => string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Version for SARIF `tool.driver.version`. */
  readonly version: string;
}

const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const TABLE_ARN = /^arn:aws[a-z-]*:dynamodb:([a-z0-9-]+):\d{12}:table\/[A-Za-z0-9_.-]{3,255}$/;

/** Where the process opens a path the user gave: relative to the user's directory. */
function located(deps: GateDeps, file: string): string {
  return path.resolve(userDirectory(deps.env, deps.cwd()), file);
}

/** `FILE` or `FILE (/abs/FILE)` when relative, so a "not found" names where the gate looked. */
function shownPath(deps: GateDeps, file: string): string {
  return path.isAbsolute(file) ? file : `${file} (${located(deps, file)})`;
}

function readInput(deps: GateDeps, label: string, file: string, maxBytes: number): string {
  let text: string;
  try {
    text = deps.readFile(located(deps, file), maxBytes);
  } catch (e) {
    throw new GateUsageError(
      `${label} ${shownPath(deps, file)}: cannot be read: ${fileErrorReason(e)}`,
    );
  }
  checkInputSize(`${label} ${file}`, text, maxBytes);
  return decodeInputText(`${label} ${file}`, text);
}

/**
 * Checks before any AWS call that every report file can be written, and that no report would
 * overwrite an input or the other report: a bad path must not cost a scan, nor lose its verdict.
 */
function checkOutputs(options: CommonOptions & { sbomFile?: string }, deps: GateDeps): void {
  const outputs = [
    ["sarif", options.sarifFile],
    ["markdown", options.markdownFile],
  ].filter((o): o is [string, string] => o[1] !== undefined);
  const inputs = [
    ["the SBOM", options.sbomFile],
    ["the --ignore-file", options.ignoreFile],
  ].filter((o): o is [string, string] => o[1] !== undefined);
  outputs.forEach(([flag, file], index) => {
    const target = located(deps, file);
    const earlier = outputs
      .slice(0, index)
      .map(([other, f]): [string, string] => [`--${other}`, f]);
    const clash = [...inputs, ...earlier].find(([, f]) => located(deps, f) === target)?.[0];
    if (clash !== undefined) {
      throw new GateUsageError(
        `--${flag} ${file}: is the same file as ${clash}; give the report its own file`,
      );
    }
    try {
      deps.checkWritable(target);
    } catch (e) {
      const missingDir = (e as NodeJS.ErrnoException).code === "ENOENT";
      throw new GateUsageError(
        missingDir
          ? `--${flag} ${shownPath(deps, file)}: the directory ${path.dirname(target)} does not exist (ENOENT); create it first`
          : `--${flag} ${shownPath(deps, file)}: cannot be written: ${fileErrorReason(e)}`,
      );
    }
  });
}

function resolveRegion(options: CommonOptions, deps: GateDeps, fromImage?: string): string {
  const region = options.region ?? fromImage ?? deps.env.AWS_REGION ?? deps.env.AWS_DEFAULT_REGION;
  if (!region) {
    throw new GateUsageError("--region: no AWS Region; pass --region or set AWS_REGION");
  }
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
    throw new GateUsageError(
      `--region ${quote(region)} is not an AWS Region name (e.g. us-east-1)${options.region === undefined ? "; check AWS_REGION" : ""}`,
    );
  }
  return region;
}

function loadIgnores(options: CommonOptions, deps: GateDeps): IgnoreList {
  if (options.ignoreFile === undefined) {
    return { active: [], expired: [] };
  }
  const text = readInput(deps, "--ignore-file", options.ignoreFile, MAX_IGNORE_FILE_BYTES);
  return parseIgnoreFile(options.ignoreFile, text, deps.now());
}

interface Judged {
  readonly target: GateTarget;
  readonly evaluation: Evaluation;
  /** Where SARIF results point. */
  readonly artifactUri: string;
}

async function judgeEcr(options: EcrOptions, deps: GateDeps): Promise<Judged> {
  const ignores = loadIgnores(options, deps);
  const region = resolveRegion(options, deps, options.image.region);
  let tableRegion = region;
  if (options.blockedTable !== undefined) {
    const arn = TABLE_ARN.exec(options.blockedTable);
    if (arn) {
      tableRegion = arn[1];
    } else if (!TABLE_NAME.test(options.blockedTable)) {
      throw new GateUsageError(
        `--blocked-table ${quote(options.blockedTable)} is neither a DynamoDB table name nor a table ARN`,
      );
    }
  }
  const { ecr, inspector2 } = deps.clients(region);
  const digest = await resolveDigest(ecr, options.image);
  const status = await waitForScan(ecr, options.image, digest, {
    timeoutSeconds: options.timeoutSeconds,
    pollIntervalSeconds: options.pollIntervalSeconds,
    now: deps.now,
    sleep: deps.sleep,
    log: (line) => deps.err(`inspector-gate: ${line}`),
  });
  const findings = await listImageFindings(
    inspector2,
    options.image.repositoryName,
    digest,
    options.image.registryId,
  );
  const blocked =
    options.blockedTable === undefined
      ? []
      : await findBlockedRecords(
          deps.clients(tableRegion).dynamo,
          options.blockedTable,
          digest,
          deps.now(),
        );
  const subject = options.imageUri
    ? options.imageUri.includes("@")
      ? options.imageUri
      : `${options.imageUri}@${digest}`
    : `${options.image.repositoryName}@${digest}`;
  return {
    target: { mode: "ecr", subject, scanStatus: status },
    evaluation: evaluate({
      findings,
      thresholds: options.thresholds,
      fixableOnly: options.fixableOnly,
      ignores,
      blocked,
    }),
    artifactUri: "Dockerfile",
  };
}

async function judgeSbom(options: SbomOptions, deps: GateDeps): Promise<Judged> {
  const ignores = loadIgnores(options, deps);
  const text = readInput(deps, "SBOM", options.sbomFile, MAX_SBOM_BYTES);
  const sbom = readCycloneDxSbom(options.sbomFile, text);
  const region = resolveRegion(options, deps);
  let response: unknown;
  try {
    response = await deps
      .clients(region)
      .inspectorScan.scanSbom({ sbom, outputFormat: "CYCLONE_DX_1_5" });
  } catch (e) {
    if (e instanceof InspectorScanValidationError) {
      throw new GateUsageError(`SBOM ${options.sbomFile}: ${e.message}`);
    }
    throw e;
  }
  const result = parseScanSbomResponse(response);
  return {
    target: { mode: "sbom", subject: options.sbomFile },
    evaluation: evaluate({
      findings: result.findings,
      thresholds: options.thresholds,
      fixableOnly: options.fixableOnly,
      ignores,
      scannerCounts: result.scannerCounts,
    }),
    artifactUri: options.sbomFile,
  };
}

function exitCodeOf(e: unknown): number {
  if (e instanceof GateUsageError) {
    return EXIT.USAGE;
  }
  return EXIT.INCOMPLETE;
}

function errorLine(e: unknown): string {
  if (
    e instanceof GateUsageError ||
    e instanceof ScanIncompleteError ||
    e instanceof GateAwsError
  ) {
    return e.message;
  }
  if (e instanceof InspectorScanError) {
    return `AWS error: ${e.message}`;
  }
  if (e instanceof Error) {
    // SDK service exceptions carry $metadata; credential errors are plain errors with a name.
    const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    // A network failure is a plain Error; its errno code (ENOTFOUND, ECONNRESET) says more.
    const code = (e as NodeJS.ErrnoException).code;
    const name = e.name === "Error" && code ? code : e.name;
    return `AWS error (${name}${status ? `, HTTP ${status}` : ""}): ${e.message.split("\n")[0]}`;
  }
  return `error: ${String(e)}`;
}

/** Longest error line printed: AWS messages can be long. */
const MAX_ERROR_LINE = 1000;

function writeReport(deps: GateDeps, flag: string, file: string, text: string): void {
  try {
    deps.writeFile(located(deps, file), text);
  } catch (e) {
    throw new GateUsageError(`--${flag} ${file}: cannot be written: ${fileErrorReason(e)}`);
  }
}

/**
 * Whether the command line asks for `--json`, read before the arguments are parsed so that an
 * argument error is also reported as one JSON document. Tokens after `--` are operands.
 */
function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  return (end === -1 ? argv : argv.slice(0, end)).includes("--json");
}

/**
 * Runs `inspector-gate` with argv (without `node` and the script) and returns the exit code:
 * 0 pass, 1 threshold exceeded or digest blocked, 2 usage or input error, 3 scan incomplete,
 * timed out or AWS error. Reports go to `deps.out` (and files); one error line to `deps.err`.
 */
export async function runGate(argv: readonly string[], deps: GateDeps): Promise<number> {
  const json = wantsJson(argv);
  try {
    const options = parseGateArgs(argv);
    if (options.mode === "help") {
      deps.out(USAGE);
      return EXIT.PASS;
    }
    checkOutputs(options, deps);
    const judged =
      options.mode === "ecr" ? await judgeEcr(options, deps) : await judgeSbom(options, deps);
    const { target, evaluation } = judged;
    const code = evaluation.passed ? EXIT.PASS : EXIT.FAIL;
    if (options.sarifFile !== undefined) {
      const sarif = buildSarif(target, evaluation, {
        version: deps.version,
        artifactUri: judged.artifactUri,
      });
      writeReport(deps, "sarif", options.sarifFile, `${JSON.stringify(sarif, null, 2)}\n`);
    }
    if (options.markdownFile !== undefined) {
      writeReport(deps, "markdown", options.markdownFile, formatMarkdown(target, evaluation));
    }
    deps.out(
      json
        ? JSON.stringify(jsonReport(target, evaluation, code), null, 2)
        : formatTable(target, evaluation),
    );
    return code;
  } catch (e) {
    const code = exitCodeOf(e);
    const full = errorLine(e);
    const line = full.length > MAX_ERROR_LINE ? `${full.slice(0, MAX_ERROR_LINE)}…` : full;
    const problems = e instanceof GateUsageError ? e.problems : [];
    deps.err([line, ...problems].map((l) => `inspector-gate: ${l}`).join("\n"));
    if (json) {
      const doc = { result: "error", exitCode: code, error: line, problems };
      deps.out(JSON.stringify(doc, null, 2));
    }
    return code;
  }
}
