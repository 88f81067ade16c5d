/**
 * Reads `Pulumi.yaml` and `Pulumi.<stack>.yaml` the way the Pulumi CLI hands them to a program:
 * every value a string, lists and maps as JSON, project defaults applied, keys namespaced.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { UNDECRYPTED_SECRET } from "../../stacks/configSchema";
import { truncate } from "../cli/command";
import { jsonDepth, MAX_JSON_DEPTH, MB, readTextFile } from "../cli/input";

/** A usage or configuration problem of the offline plan (exit 2). */
export class PlanUsageError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(problems.join("\n"));
    this.name = "PlanUsageError";
  }
}

/** The stack configuration as the runtime receives it. */
export interface StackConfig {
  readonly project: string;
  readonly stack: string;
  /** `<namespace>:<key>` -> string value. */
  readonly values: Record<string, string>;
  /** Keys whose values are `secure:` ciphertexts no offline run can decrypt. */
  readonly secretKeys: string[];
}

/** Placeholder for a secret the offline plan cannot decrypt (checked for presence only). */
export { UNDECRYPTED_SECRET };

/** The largest stack or project file read: Pulumi's own are a few kilobytes. */
const MAX_YAML_BYTES = 4 * MB;

/** Stack names as Pulumi allows them: letters, digits, `-`, `_` and `.`. */
const STACK_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

function readYaml(file: string): unknown {
  const name = path.basename(file);
  let text: string;
  try {
    text = readTextFile(file, name, MAX_YAML_BYTES);
  } catch (err) {
    throw new PlanUsageError([
      `${(err as Error).message.replace(/^[^:]*: /, `${name}: `)} at ${file}`,
    ]);
  }
  let doc: unknown;
  try {
    // The yaml library caps alias expansion (maxAliasCount 100) against "billion laughs".
    doc = parse(text) as unknown;
  } catch (err) {
    throw new PlanUsageError([
      `${name}: is not valid YAML (${(err as Error).message.split("\n")[0]})`,
    ]);
  }
  if (jsonDepth(doc) > MAX_JSON_DEPTH) {
    throw new PlanUsageError([
      `${name}: nests deeper than ${MAX_JSON_DEPTH} levels; a stack's configuration is a map of keys to values`,
    ]);
  }
  return doc;
}

/**
 * The value with every `{ secure: <ciphertext> }` (a `--secret` value, also nested with
 * `--path`) replaced by {@link UNDECRYPTED_SECRET}; `bad` collects a `secure:` that is not one.
 */
function withoutCiphertexts(value: unknown, bad: string[]): { value: unknown; secret: boolean } {
  if (Array.isArray(value)) {
    const items = value.map((v) => withoutCiphertexts(v, bad));
    return { value: items.map((i) => i.value), secret: items.some((i) => i.secret) };
  }
  if (!isRecord(value)) {
    return { value, secret: false };
  }
  if ("secure" in value && Object.keys(value).length === 1) {
    if (typeof value.secure !== "string" || !/^[A-Za-z0-9+/=:_-]+$/.test(value.secure)) {
      bad.push(show(value.secure));
    }
    return { value: UNDECRYPTED_SECRET, secret: true };
  }
  const entries = Object.entries(value).map(([k, v]) => [k, withoutCiphertexts(v, bad)] as const);
  return {
    value: Object.fromEntries(entries.map(([k, v]) => [k, v.value])),
    secret: entries.some(([, v]) => v.secret),
  };
}

function show(value: unknown): string {
  return truncate(JSON.stringify(value) ?? String(value), 80);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function toConfigString(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * Loads the project and stack configuration from `dir`. Throws {@link PlanUsageError} when the
 * stack file is missing or malformed.
 */
export function loadStackConfig(
  dir: string,
  stack: string,
  allowMissingStack = false,
): StackConfig {
  if (!STACK_NAME.test(stack)) {
    throw new PlanUsageError([
      `--stack (${show(stack)}) is not a stack name; use letters, digits, -, _ and . (the NAME of Pulumi.NAME.yaml)`,
    ]);
  }
  const projectFile = path.join(dir, "Pulumi.yaml");
  const project = readYaml(projectFile);
  if (!isRecord(project) || typeof project.name !== "string") {
    throw new PlanUsageError([`Pulumi.yaml: has no project \`name\``]);
  }
  const projectName = project.name;
  const stackFile = path.join(dir, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(stackFile) && allowMissingStack) {
    return { project: projectName, stack, values: {}, secretKeys: [] };
  }
  if (!fs.existsSync(stackFile)) {
    const stacks = fs
      .readdirSync(dir)
      .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
      .filter((s): s is string => s !== undefined);
    throw new PlanUsageError([
      `--stack: no Pulumi.${stack}.yaml in ${dir}; stacks here: ${stacks.join(", ") || "none"}`,
    ]);
  }
  const stackDoc = readYaml(stackFile) ?? {};
  if (!isRecord(stackDoc)) {
    throw new PlanUsageError([`Pulumi.${stack}.yaml: must be a YAML map with a \`config:\` key`]);
  }
  const values: Record<string, string> = {};
  const secretKeys: string[] = [];
  // Project-level defaults, as the CLI applies them (Pulumi.yaml `config: key: { default }`).
  const declared = isRecord(project.config) ? project.config : {};
  for (const [key, decl] of Object.entries(declared)) {
    if (isRecord(decl) && decl.default !== undefined) {
      values[key.includes(":") ? key : `${projectName}:${key}`] = toConfigString(decl.default);
    }
  }
  const config = stackDoc.config ?? {};
  if (!isRecord(config)) {
    throw new PlanUsageError([`Pulumi.${stack}.yaml: \`config\` must be a map of keys to values`]);
  }
  const problems: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    const fullKey = key.includes(":") ? key : `${projectName}:${key}`;
    const bad: string[] = [];
    const plain = withoutCiphertexts(value, bad);
    if (bad.length > 0) {
      problems.push(
        `Pulumi.${stack}.yaml: \`${key}\` has a \`secure:\` value that is not a Pulumi ciphertext (${bad[0]}); set it again with \`pulumi config set --secret ${key.replace(`${projectName}:`, "")} <value>\``,
      );
    }
    values[fullKey] = toConfigString(plain.value);
    if (plain.secret) {
      secretKeys.push(fullKey);
    }
  }
  if (problems.length > 0) {
    throw new PlanUsageError(problems);
  }
  return { project: projectName, stack, values, secretKeys };
}
