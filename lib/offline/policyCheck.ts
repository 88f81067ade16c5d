/**
 * Runs the CrossGuard pack in policy/ over what the offline plan registered: the same policies
 * `pulumi preview --policy-pack policy` runs, with the stack's policy config.
 */
import * as fs from "fs";
import * as path from "path";
import { loadPolicyConfig, PolicyConfigError, runPolicies } from "../../policy/offline";
import { preconditionViolations } from "../preconditions/check";
import { plannedResources, rolloutOutputs, type PlanResult } from "./plan";
import { type RemoteComponent, remoteComponentsOf } from "./remoteComponents";
import type { PlanViolation } from "./report";
import { PlanUsageError } from "./stackConfig";

/**
 * The policy config of a stack: `--policy-config FILE`, else `policy/config/<stack>.json`, else
 * none, in which case every policy runs at the pack's default level, mandatory: a stack without
 * config fails closed.
 */
export function policyConfigFile(
  dir: string,
  stack: string,
  explicit?: string,
): string | undefined {
  if (explicit !== undefined) {
    return path.resolve(explicit);
  }
  const perStack = path.join(dir, "policy", "config", `${stack}.json`);
  return fs.existsSync(perStack) ? perStack : undefined;
}

/**
 * A violation on an input view names the component whose inputs to fix: the view's resource is
 * not in the program, the component is.
 */
function fromInputsOf(
  message: string,
  urn: string | undefined,
  viewedBy: ReadonlyMap<string, RemoteComponent>,
): string {
  const component = urn === undefined ? undefined : viewedBy.get(urn);
  return component === undefined
    ? message
    : `${message} (checked from the inputs of ${component.type} "${component.name}": fix them there)`;
}

/** Runs the pack; a broken policy config is a usage error (exit 2). */
export async function checkPolicies(
  result: PlanResult,
  configFile: string | undefined,
): Promise<PlanViolation[]> {
  try {
    const config = configFile === undefined ? {} : loadPolicyConfig(configFile);
    // A multi-language component's children are rebuilt from its inputs where they can be
    // (lib/offline/remoteComponents.ts), so the rules on them run offline too.
    const { components, inputViews } = remoteComponentsOf(result.registrations);
    const viewedBy = new Map(
      components.flatMap((c) => c.checkedFromInputs.map((urn) => [urn, c] as const)),
    );
    const violations = await runPolicies([...result.registrations, ...inputViews], {
      config,
      stackName: result.stack,
    });
    const outputs = rolloutOutputs(result);
    // This program's plan is also checked against its resources' documented preconditions.
    const unmet =
      outputs === undefined
        ? []
        : preconditionViolations(plannedResources(result), {
            delegatedAdminAccountId: outputs.delegatedAdminAccountId,
            regions: Object.keys(outputs.regionScanTypes),
            homeRegion: outputs.homeRegion,
          });
    return [
      ...violations.map((v) => ({
        policyName: v.policyName,
        enforcementLevel: v.enforcementLevel,
        resourceName: v.resourceName,
        resourceType: v.resourceType,
        resourceUrn: v.resourceUrn,
        message: fromInputsOf(v.message, v.resourceUrn, viewedBy),
      })),
      ...unmet,
    ];
  } catch (err) {
    if (err instanceof PolicyConfigError) {
      throw new PlanUsageError([`--policy-config: ${err.message}`]);
    }
    throw err;
  }
}
