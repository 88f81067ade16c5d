/**
 * Reading policy config: the schema's defaults merged under what the stack's policy config sets.
 *
 * The engine validates config against `configSchema`; filling the defaults here as well keeps a
 * policy correct whether or not the caller (engine, offline runner, test) applied them.
 */
import type { PolicyConfigSchema } from "@pulumi/policy";

/** The arguments of a resource or stack validation that can return policy config. */
export interface ConfigSource {
  getConfig<T extends object>(): T;
}

/** The defaults declared in a config schema, keyed by property. */
export function schemaDefaults(schema: PolicyConfigSchema | undefined): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(schema?.properties ?? {})) {
    if (typeof property === "object" && property.default !== undefined) {
      defaults[key] = property.default;
    }
  }
  return defaults;
}

/**
 * The policy's config: schema defaults, overridden by the configured values.
 *
 * @example
 * const { requiredResourceTypes } = readConfig<EnablerConfig>(args, enablerSchema);
 */
export function readConfig<T extends object>(args: ConfigSource, schema: PolicyConfigSchema): T {
  const configured = args.getConfig<Record<string, unknown>>();
  return { ...schemaDefaults(schema), ...configured } as T;
}
