/**
 * The stack a day-0 or day-2 command works on: `Pulumi.<stack>.yaml` validated by the program's
 * own configuration rules (stacks/config.ts), and the rollout the program would plan for it
 * (stacks/rollout.ts) against the organization it reads.
 */
import * as path from "node:path";
import { type InspectorConfig, validateConfig } from "../../stacks/config";
import {
  discoverInventory,
  InventoryError,
  loadInventoryFile,
  type OrgInventory,
} from "../../stacks/inventory";
import { planRollout, type RolloutPlan } from "../../stacks/rollout";
import { loadStackConfig, PlanUsageError } from "../offline/stackConfig";
import type { OrganizationsClient } from "@aws-sdk/client-organizations";

/** A usage or configuration problem (exit 2); one line per problem. */
export class Day0UsageError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(problems.join("\n"));
    this.name = "Day0UsageError";
  }
}

/** The validated configuration of one stack. */
export interface StackContext {
  readonly dir: string;
  readonly stack: string;
  readonly project: string;
  readonly config: InspectorConfig;
}

/** Stack names as the Pulumi CLI accepts them (letters, digits, `-`, `_`, `.`). */
const STACK_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

/**
 * Reads and validates `Pulumi.<stack>.yaml` of `dir`. Throws {@link Day0UsageError} naming the
 * key for every problem, as `npm run plan` reports them.
 */
export function loadStackContext(dir: string, stack: string): StackContext {
  if (!STACK_NAME.test(stack)) {
    throw new Day0UsageError([
      `--stack (${JSON.stringify(stack)}) is not a stack name (letters, digits, "-", "_", ".")`,
    ]);
  }
  let loaded;
  try {
    loaded = loadStackConfig(dir, stack);
  } catch (err) {
    if (err instanceof PlanUsageError) {
      throw new Day0UsageError(err.problems);
    }
    throw err;
  }
  const prefix = `${loaded.project}:`;
  const raw = Object.fromEntries(
    Object.entries(loaded.values)
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, value]) => [key.slice(prefix.length), value]),
  );
  const result = validateConfig(raw);
  if ("problems" in result) {
    throw new Day0UsageError(result.problems.map((p) => `Pulumi.${stack}.yaml: ${p}`));
  }
  return { dir, stack, project: loaded.project, config: result.config };
}

/**
 * The organization as the program reads it: the stack's `inventoryFile` (relative to the
 * project directory) when set, else the live Organizations API (paginated).
 */
export async function readOrganization(
  ctx: StackContext,
  organizations: OrganizationsClient,
): Promise<OrgInventory> {
  const file = ctx.config.inventoryFile;
  try {
    return file === undefined
      ? await discoverInventory(organizations)
      : loadInventoryFile(path.resolve(ctx.dir, file));
  } catch (err) {
    if (err instanceof InventoryError) {
      throw new Day0UsageError(err.message.split("\n"));
    }
    throw err;
  }
}

/** The program's rollout plan for the stack; inventory problems are usage errors (exit 2). */
export function planFor(ctx: StackContext, inventory: OrgInventory): RolloutPlan {
  try {
    return planRollout(ctx.config, inventory);
  } catch (err) {
    if (err instanceof InventoryError) {
      throw new Day0UsageError(err.message.split("\n"));
    }
    throw err;
  }
}
