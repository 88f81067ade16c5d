/**
 * The stack configuration: one typed, validated, frozen object. Nothing else reads Pulumi config.
 *
 * Pulumi's own getters stop at the first bad key and `requireObject` does not validate shapes, so
 * every key is read as its raw string and checked here with zod, and every problem is reported at
 * once, one line per problem naming the key, the bad value, the rule and the fix.
 *
 * Each capability declares its keys in a section file; add a section to {@link SECTIONS} and its
 * interface to {@link InspectorConfig}.
 */
import * as pulumi from "@pulumi/pulumi";
import { CORE_SECTION, type CoreConfig } from "./configCore";
import { SCANNING_SECTION, type ScanningConfig } from "./configScanning";
import { FINDINGS_SECTION, type FindingsConfig } from "./configFindings";
import { REMEDIATION_SECTION, type RemediationConfig } from "./configRemediation";
import { KPI_SECTION, type KpiConfig } from "./configKpis";
import { COST_SECTION, type CostConfig } from "./configCosts";
import { SELECTIVE_SECTION, type SelectiveConfig } from "./configSelective";
import {
  type ConfigProblem,
  type ConfigSection,
  decode,
  formatPath,
  type KeySpec,
  UNDECRYPTED_SECRET,
} from "./configSchema";

export { ENABLEMENT_MODES, type EnablementMode } from "./configCore";

/** The Pulumi project name: the namespace of every configuration key. */
export const PROJECT = "inspector-rollout";

/** The fully defaulted, validated stack configuration. */
export type InspectorConfig = CoreConfig &
  ScanningConfig &
  FindingsConfig &
  RemediationConfig &
  KpiConfig &
  CostConfig &
  SelectiveConfig;

/** Every section, in the order problems are reported. */
const SECTIONS: readonly ConfigSection<unknown>[] = [
  CORE_SECTION,
  SCANNING_SECTION,
  FINDINGS_SECTION,
  REMEDIATION_SECTION,
  KPI_SECTION,
  COST_SECTION,
  SELECTIVE_SECTION,
];

const KEYS: Readonly<Record<string, KeySpec>> = Object.freeze(
  Object.assign({}, ...SECTIONS.map((s) => s.keys)) as Record<string, KeySpec>,
);

/** Every configuration key the program reads. */
export const CONFIG_KEYS: readonly string[] = Object.keys(KEYS);

/** The default of every key that has one. */
export const CONFIG_DEFAULTS: Readonly<Record<string, unknown>> = Object.freeze(
  Object.fromEntries(
    Object.entries(KEYS)
      .filter(([, spec]) => spec.default !== undefined)
      .map(([key, spec]) => [key, spec.default]),
  ),
);

/** Raised when the stack configuration is invalid; `problems` has one line per problem. */
export class ConfigValidationError extends pulumi.RunError {
  constructor(public readonly problems: readonly string[]) {
    super(
      `the stack configuration has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n` +
        problems.map((p) => `  - ${p}`).join("\n"),
    );
    this.name = "ConfigValidationError";
  }
}

/** Raw configuration: key without the project prefix -> the string Pulumi stores. */
export type RawConfig = Partial<Record<string, string>>;

function setCommand(path: string, placeholder: string): string {
  const isPath = path.includes("[") || path.includes(".");
  return `pulumi config set ${isPath ? "--path " : ""}'${path}' ${placeholder}`;
}

/** One line per problem: the key, what is wrong, and the fix. */
function line(p: ConfigProblem): string {
  if (p.fix !== undefined) {
    return `\`${p.path}\` ${p.message}; ${p.fix}`;
  }
  // A whole list is set one item at a time, a map one entry at a time.
  const kind = KEYS[p.path]?.kind;
  const suffix = kind === "list" ? "[0]" : kind === "map" ? ".<name>" : "";
  return `\`${p.path}\` ${p.message}; fix it with \`${setCommand(`${p.path}${suffix}`, p.placeholder)}\``;
}

/** Freezes a value and everything it holds (frozen first, so a cycle ends the walk). */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    Object.values(value).forEach(deepFreeze);
  }
  return value;
}

/** Suggests a declared key for a misspelt one. */
function nearestKey(key: string): string | undefined {
  const stem = key.toLowerCase().slice(0, 6);
  return CONFIG_KEYS.find((k) => k.toLowerCase().startsWith(stem));
}

/**
 * What the offline plan uses for a secret it cannot decrypt: the key's default, an empty list or
 * map, or the placeholder text for an optional string. A key the plan cannot do without (no
 * default, required, or the inventory file it must read) is a problem.
 */
function secretStandIn(
  key: string,
  spec: KeySpec,
): { value: unknown } | { problem: ConfigProblem } {
  if (spec.default !== undefined) {
    return { value: structuredClone(spec.default) };
  }
  if (spec.optional === true && key !== "inventoryFile") {
    return { value: spec.kind === "string" ? UNDECRYPTED_SECRET : undefined };
  }
  return {
    problem: {
      path: key,
      message:
        "is a secret (secure:), which the offline plan cannot decrypt, and the plan needs its value; it is not sensitive",
      fix: `store it in plain text with \`pulumi config set ${key} ${spec.placeholder}\``,
    },
  };
}

/**
 * Validates raw configuration. Returns the frozen configuration, or every problem found, one
 * line each.
 */
export function validateConfig(
  raw: RawConfig,
): { config: InspectorConfig } | { problems: string[] } {
  const problems: ConfigProblem[] = [];
  const values: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(KEYS)) {
    const text = raw[key];
    if (text === undefined) {
      if (spec.default !== undefined || spec.optional === true) {
        values[key] = structuredClone(spec.default);
      } else {
        problems.push({
          path: key,
          placeholder: spec.placeholder,
          message: "is required and not set",
        });
      }
      continue;
    }
    if (text.includes(UNDECRYPTED_SECRET)) {
      // A secret the offline plan cannot decrypt: present, its value unknown (lib/offline).
      const secret = secretStandIn(key, spec);
      if ("problem" in secret) {
        problems.push(secret.problem);
      } else {
        values[key] = secret.value;
      }
      continue;
    }
    const decoded = decode(spec.kind, text);
    if ("message" in decoded) {
      problems.push({ path: key, placeholder: spec.placeholder, message: decoded.message });
      continue;
    }
    const parsed = spec.schema.safeParse(decoded.value);
    if (parsed.success) {
      values[key] = parsed.data;
      continue;
    }
    for (const issue of parsed.error.issues) {
      problems.push({
        path: formatPath(key, issue.path),
        placeholder: spec.placeholder,
        message: issue.message,
      });
    }
  }
  for (const key of Object.keys(raw)) {
    if (!(key in KEYS)) {
      const near = nearestKey(key);
      problems.push({
        path: key,
        message: `is not a configuration key of ${PROJECT}${near === undefined ? "" : ` (did you mean \`${near}\`?)`}`,
        fix: `remove it with \`pulumi config rm '${key}'\``,
      });
    }
  }
  for (const section of SECTIONS) {
    problems.push(...(section.check?.(values) ?? []));
  }
  if (problems.length > 0) {
    return { problems: problems.map(line) };
  }
  return { config: deepFreeze(values) as unknown as InspectorConfig };
}

/** Reads this project's keys from the Pulumi runtime configuration, without the prefix. */
export function readRawConfig(): RawConfig {
  const prefix = `${PROJECT}:`;
  const raw: RawConfig = {};
  for (const [key, value] of Object.entries(pulumi.runtime.allConfig())) {
    if (key.startsWith(prefix)) {
      raw[key.slice(prefix.length)] = value;
    }
  }
  return raw;
}

/**
 * Loads and validates the stack configuration. Throws {@link ConfigValidationError} (a
 * `pulumi.RunError`, so `pulumi up` prints it without a stack trace) before any resource exists.
 */
export function loadConfig(): Readonly<InspectorConfig> {
  const result = validateConfig(readRawConfig());
  if ("problems" in result) {
    throw new ConfigValidationError(result.problems);
  }
  return result.config;
}
