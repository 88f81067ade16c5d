/**
 * Reads `Pulumi.yaml` and `Pulumi.<stack>.yaml` the way the Pulumi CLI hands them to a program:
 * every value a string, lists and maps as JSON, project defaults applied, keys namespaced.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

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

/** Placeholder for a secret the offline plan cannot decrypt. */
export const UNDECRYPTED_SECRET = "[secret: not decrypted offline]";

function readYaml(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new PlanUsageError([`${path.basename(file)}: cannot be read at ${file}`]);
  }
  try {
    return parse(text) as unknown;
  } catch (err) {
    throw new PlanUsageError([
      `${path.basename(file)}: is not valid YAML (${(err as Error).message.split("\n")[0]})`,
    ]);
  }
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
  for (const [key, value] of Object.entries(config)) {
    const fullKey = key.includes(":") ? key : `${projectName}:${key}`;
    if (isRecord(value) && typeof value.secure === "string") {
      values[fullKey] = UNDECRYPTED_SECRET;
      secretKeys.push(fullKey);
    } else {
      values[fullKey] = toConfigString(value);
    }
  }
  return { project: projectName, stack, values, secretKeys };
}
