/** A minimal valid stack configuration, and what `validateConfig` makes of it with changes. */
import { validateConfig } from "../../stacks/config";

/** The raw keys a stack cannot do without, valid. */
export const MINIMAL_RAW_CONFIG: Readonly<Record<string, string>> = {
  managementAccountId: "111111111111",
  delegatedAdminAccountId: "222222222222",
  homeRegion: "us-east-1",
  regions: '["us-east-1","eu-west-1"]',
};

/**
 * The problem lines of {@link MINIMAL_RAW_CONFIG} with `patch` applied (a key patched to
 * `undefined` is removed), or the validated configuration when there are none.
 */
export function configOutcome(
  patch: Readonly<Record<string, string | undefined>>,
): string[] | Record<string, unknown> {
  const raw: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...MINIMAL_RAW_CONFIG, ...patch })) {
    if (value !== undefined) {
      raw[key] = value;
    }
  }
  const result = validateConfig(raw);
  return "problems" in result
    ? result.problems
    : (result.config as unknown as Record<string, unknown>);
}
