import { parseArgs } from "util";
import {
  DIGEST_PATTERN,
  parseImageUri,
  REPOSITORY_PATTERN,
  TAG_PATTERN,
  type EcrImageRef,
} from "./imageRef";
import { GateUsageError } from "./errors";
import { SEVERITIES } from "./findings";
import { quote } from "./inputText";
import type { Thresholds } from "./thresholds";

/** `inspector-gate --help`. */
export const USAGE = `usage: inspector-gate ecr (--image URI | --repository NAME (--digest sha256:HEX | --tag TAG))
                      [--registry-id ACCOUNT] [--region REGION] [--timeout SECONDS]
                      [--poll-interval SECONDS] [--blocked-table NAME_OR_ARN] [options]
       inspector-gate sbom FILE [--region REGION] [options]

Judges a container image's Amazon Inspector findings (ecr) or a CycloneDX 1.5 SBOM scanned with
the Inspector Scan API (sbom) against per-severity thresholds.

options:
  --critical N --high N --medium N --low N --other N
                         fail when that many findings (or more) of the severity are counted;
                         0 disables a severity (defaults: --critical 1, the others 0)
  --fixable-only         count only findings that have a fixed version
  --ignore-file FILE     YAML or JSON list of { id, reason, expires: YYYY-MM-DD }
  --json                 print one JSON document instead of the table
  --sarif FILE           write a SARIF 2.1.0 log (code scanning)
  --markdown FILE        write a markdown summary (pull-request comment, $GITHUB_STEP_SUMMARY)
  --help                 show this help

exit codes: 0 pass, 1 threshold exceeded or digest blocked, 2 usage or input error,
            3 scan incomplete, timed out or AWS error`;

/** Default thresholds: fail on any critical finding; the other severities off until set. */
export const DEFAULT_THRESHOLDS: Thresholds = Object.freeze({
  critical: 1,
  high: 0,
  medium: 0,
  low: 0,
  other: 0,
});

/** Default `--timeout`: 10 minutes for the enhanced scan to finish. */
export const DEFAULT_TIMEOUT_SECONDS = 600;
/** Default `--poll-interval`. */
export const DEFAULT_POLL_INTERVAL_SECONDS = 15;

/** Options shared by both modes. */
export interface CommonOptions {
  readonly thresholds: Thresholds;
  readonly fixableOnly: boolean;
  readonly ignoreFile?: string;
  readonly json: boolean;
  readonly sarifFile?: string;
  readonly markdownFile?: string;
  readonly region?: string;
}

/** `inspector-gate ecr ...`. */
export interface EcrOptions extends CommonOptions {
  readonly mode: "ecr";
  readonly image: EcrImageRef;
  /** The `--image` URI as given, for the reports. */
  readonly imageUri?: string;
  readonly timeoutSeconds: number;
  readonly pollIntervalSeconds: number;
  readonly blockedTable?: string;
}

/** `inspector-gate sbom FILE ...`. */
export interface SbomOptions extends CommonOptions {
  readonly mode: "sbom";
  readonly sbomFile: string;
}

/** Parsed command line. */
export type GateOptions = EcrOptions | SbomOptions | { readonly mode: "help" };

const OPTIONS = {
  image: { type: "string" },
  repository: { type: "string" },
  digest: { type: "string" },
  tag: { type: "string" },
  "registry-id": { type: "string" },
  region: { type: "string" },
  timeout: { type: "string" },
  "poll-interval": { type: "string" },
  "blocked-table": { type: "string" },
  critical: { type: "string" },
  high: { type: "string" },
  medium: { type: "string" },
  low: { type: "string" },
  other: { type: "string" },
  "fixable-only": { type: "boolean" },
  "ignore-file": { type: "string" },
  json: { type: "boolean" },
  sarif: { type: "string" },
  markdown: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

const ECR_ONLY = [
  "image",
  "repository",
  "digest",
  "tag",
  "registry-id",
  "timeout",
  "poll-interval",
  "blocked-table",
] as const;

/** Largest threshold: a count above it is a typo, not a policy (0 turns a severity off). */
export const MAX_THRESHOLD = 100_000;
/**
 * Longest `--timeout`: 36 hours, the longest a CodeBuild build can run (CodeBuild
 * `timeoutInMinutes` 5 to 2160); a GitHub-hosted job stops after 6 hours anyway.
 */
export const MAX_TIMEOUT_SECONDS = 36 * 60 * 60;

function wholeNumber(flag: string, value: string, unit: string, example: string): number {
  const text = value.trim();
  if (!/^\d+$/.test(text)) {
    const hint = /^\d+(\.\d+)?\s*[a-z]+$/i.test(text)
      ? `; give ${unit} as a whole number without a unit, e.g. --${flag} ${example}`
      : `; expected a whole number of ${unit}, e.g. --${flag} ${example}`;
    throw new GateUsageError(`--${flag} ${quote(value)} is not a whole number${hint}`);
  }
  return Number(text);
}

function threshold(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) {
    return fallback;
  }
  const n = wholeNumber(flag, value, "findings", "1");
  if (n > MAX_THRESHOLD) {
    throw new GateUsageError(
      `--${flag} ${n} is above ${MAX_THRESHOLD}; give a count of findings from 1 to ${MAX_THRESHOLD}, or 0 to turn ${flag} off`,
    );
  }
  return n;
}

function seconds(flag: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) {
    return fallback;
  }
  const n = wholeNumber(flag, value, "seconds", String(fallback));
  if (n < 1 || n > max) {
    throw new GateUsageError(`--${flag} ${n} is out of range; give 1 to ${max} seconds`);
  }
  return n;
}

/** A string flag that must not be empty (`--sarif ""` from an unset shell variable). */
function nonEmpty(flag: string, value: string | undefined): string | undefined {
  if (value !== undefined && value.trim() === "") {
    throw new GateUsageError(
      `--${flag} is empty; give a value (an unset shell variable expands to nothing)`,
    );
  }
  return value;
}

/** Parses argv (without `node` and the script). Throws {@link GateUsageError} naming the flag. */
export function parseGateArgs(argv: readonly string[]): GateOptions {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    const first = e instanceof Error ? e.message.split(". ")[0] : String(e);
    const message = first.length > 200 ? `${first.slice(0, 200)}…` : first;
    throw new GateUsageError(`${message}; see inspector-gate --help`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    return { mode: "help" };
  }
  const [mode, ...rest] = positionals;
  if (mode !== "ecr" && mode !== "sbom") {
    throw new GateUsageError(
      mode === undefined
        ? "missing mode: inspector-gate ecr ... or inspector-gate sbom FILE; see --help"
        : `unknown mode ${quote(mode)}: use ecr or sbom`,
    );
  }
  const thresholds = Object.fromEntries(
    SEVERITIES.map((s) => [s, threshold(s, values[s], DEFAULT_THRESHOLDS[s])]),
  ) as unknown as Thresholds;
  const common: CommonOptions = {
    thresholds,
    fixableOnly: values["fixable-only"] ?? false,
    ignoreFile: nonEmpty("ignore-file", values["ignore-file"]),
    json: values.json ?? false,
    sarifFile: nonEmpty("sarif", values.sarif),
    markdownFile: nonEmpty("markdown", values.markdown),
    region: nonEmpty("region", values.region),
  };
  if (mode === "sbom") {
    const used = ECR_ONLY.filter((f) => values[f] !== undefined);
    if (used.length > 0) {
      throw new GateUsageError(
        `--${used[0]} is an ecr-mode flag; sbom mode takes only the SBOM file`,
      );
    }
    if (rest.length !== 1) {
      throw new GateUsageError(
        rest.length === 0
          ? "sbom mode needs the SBOM file: inspector-gate sbom FILE"
          : `sbom mode takes one SBOM file, got ${rest.length}: ${quote(rest.join(" "))}`,
      );
    }
    return { mode, sbomFile: nonEmpty("sbom FILE", rest[0]) as string, ...common };
  }
  if (rest.length > 0) {
    throw new GateUsageError(`unexpected argument ${quote(rest[0])} in ecr mode`);
  }
  const timeoutSeconds = seconds(
    "timeout",
    values.timeout,
    DEFAULT_TIMEOUT_SECONDS,
    MAX_TIMEOUT_SECONDS,
  );
  const pollIntervalSeconds = seconds(
    "poll-interval",
    values["poll-interval"],
    Math.min(DEFAULT_POLL_INTERVAL_SECONDS, timeoutSeconds),
    timeoutSeconds,
  );
  const registryId = values["registry-id"];
  if (registryId !== undefined && !/^\d{12}$/.test(registryId)) {
    throw new GateUsageError(
      `--registry-id ${quote(registryId)} is not a 12-digit AWS account id (quote it in YAML if it starts with 0)`,
    );
  }
  let image: EcrImageRef;
  if (values.image !== undefined) {
    const clash = (["repository", "digest", "tag", "registry-id"] as const).find(
      (f) => values[f] !== undefined,
    );
    if (clash) {
      throw new GateUsageError(
        `--image and --${clash} cannot be combined: the URI names the image`,
      );
    }
    image = parseImageUri(values.image);
    if (values.region !== undefined && values.region !== image.region) {
      throw new GateUsageError(
        `--region ${quote(values.region)} does not match the Region of --image (${image.region})`,
      );
    }
  } else {
    const repositoryName = values.repository;
    if (repositoryName === undefined) {
      throw new GateUsageError(
        "ecr mode needs --image URI, or --repository with --digest or --tag",
      );
    }
    if (!REPOSITORY_PATTERN.test(repositoryName)) {
      throw new GateUsageError(
        `--repository ${quote(repositoryName)} is not a valid ECR repository name (lowercase letters, digits, . _ - and / between parts)`,
      );
    }
    if ((values.digest === undefined) === (values.tag === undefined)) {
      throw new GateUsageError("--repository needs exactly one of --digest or --tag");
    }
    if (values.digest !== undefined && !DIGEST_PATTERN.test(values.digest)) {
      throw new GateUsageError(
        `--digest ${quote(values.digest)} is not an image digest (sha256: and 64 lowercase hex digits)`,
      );
    }
    if (values.tag !== undefined && !TAG_PATTERN.test(values.tag)) {
      throw new GateUsageError(
        `--tag ${quote(values.tag)} is not an image tag (up to 128 letters, digits, _ . -)`,
      );
    }
    image = { repositoryName, registryId, digest: values.digest, tag: values.tag };
  }
  return {
    mode,
    image,
    imageUri: values.image,
    timeoutSeconds,
    pollIntervalSeconds,
    blockedTable: nonEmpty("blocked-table", values["blocked-table"]),
    ...common,
  };
}
