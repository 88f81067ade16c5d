/** The validated configuration of an example stack, read as the offline plan reads it. */
import { validateConfig, type InspectorConfig } from "../../stacks/config";
import { loadStackConfig } from "../../lib/offline/stackConfig";

/** Loads and validates `Pulumi.<stack>.yaml` of `dir`; throws on problems. */
export function loadConfigFromPlan(dir: string, stack: string): InspectorConfig {
  const { project, values } = loadStackConfig(dir, stack);
  const prefix = `${project}:`;
  const raw = Object.fromEntries(
    Object.entries(values)
      .filter(([k]) => k.startsWith(prefix))
      .map(([k, v]) => [k.slice(prefix.length), v]),
  );
  const result = validateConfig(raw);
  if ("problems" in result) {
    throw new Error(result.problems.join("\n"));
  }
  return result.config;
}
