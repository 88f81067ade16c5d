import { parseArgs } from "util";
import { DIGEST_PATTERN, parseImageUri, REPOSITORY_PATTERN, type EcrImageRef } from "./ecr";
import { GateUsageError } from "./errors";
import { SEVERITIES } from "./findings";
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

function nonNegativeInteger(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) {
    return fallback;
  }
  if (!/^\d+$/.test(value.trim())) {
    throw new GateUsageError(`--${flag} "${value}" is not a whole number (0 or more)`);
  }
  return Number(value.trim());
}

function positiveInteger(flag: string, value: string | undefined, fallback: number): number {
  const n = nonNegativeInteger(flag, value, fallback);
  if (n < 1) {
    throw new GateUsageError(`--${flag} must be at least 1 second`);
  }
  return n;
}

/** Parses argv (without `node` and the script). Throws {@link GateUsageError} naming the flag. */
export function parseGateArgs(argv: readonly string[]): GateOptions {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    const message = e instanceof Error ? e.message.split(". ")[0] : String(e);
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
        : `unknown mode "${mode}": use ecr or sbom`,
    );
  }
  const thresholds = Object.fromEntries(
    SEVERITIES.map((s) => [s, nonNegativeInteger(s, values[s], DEFAULT_THRESHOLDS[s])]),
  ) as unknown as Thresholds;
  const common: CommonOptions = {
    thresholds,
    fixableOnly: values["fixable-only"] ?? false,
    ignoreFile: values["ignore-file"],
    json: values.json ?? false,
    sarifFile: values.sarif,
    markdownFile: values.markdown,
    region: values.region,
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
          : `sbom mode takes one SBOM file, got ${rest.length}: ${rest.join(" ")}`,
      );
    }
    return { mode, sbomFile: rest[0], ...common };
  }
  if (rest.length > 0) {
    throw new GateUsageError(`unexpected argument "${rest[0]}" in ecr mode`);
  }
  const timeoutSeconds = positiveInteger("timeout", values.timeout, DEFAULT_TIMEOUT_SECONDS);
  const pollIntervalSeconds = positiveInteger(
    "poll-interval",
    values["poll-interval"],
    DEFAULT_POLL_INTERVAL_SECONDS,
  );
  const registryId = values["registry-id"];
  if (registryId !== undefined && !/^\d{12}$/.test(registryId)) {
    throw new GateUsageError(`--registry-id "${registryId}" is not a 12-digit AWS account id`);
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
        `--region ${values.region} does not match the Region of --image (${image.region})`,
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
        `--repository "${repositoryName}" is not a valid ECR repository name`,
      );
    }
    if ((values.digest === undefined) === (values.tag === undefined)) {
      throw new GateUsageError("--repository needs exactly one of --digest or --tag");
    }
    if (values.digest !== undefined && !DIGEST_PATTERN.test(values.digest)) {
      throw new GateUsageError(
        `--digest "${values.digest}" is not an image digest (sha256: and 64 lowercase hex digits)`,
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
    blockedTable: values["blocked-table"],
    ...common,
  };
}
