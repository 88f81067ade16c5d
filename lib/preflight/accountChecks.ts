/**
 * Preconditions of the two accounts: the delegated administrator's role, the service-linked roles
 * of the management account, Lambda concurrency for the program's functions, Regions enabled.
 */
import { DescribeRegionsCommand } from "@aws-sdk/client-ec2";
import { GetRoleCommand } from "@aws-sdk/client-iam";
import { GetAccountSettingsCommand } from "@aws-sdk/client-lambda";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { delegatedAdminRoleArn } from "../../stacks/providers";
import { describeError } from "../day0/awsErrors";
import { plannedOfType } from "../day0/plannedStack";
import { guard } from "./guard";
import type { CheckResult, PreflightCheck, PreflightInput } from "./checkTypes";

/** The role a delegated administrator check needs, when it could not be assumed. */
function needsRole(id: string, input: PreflightInput): CheckResult[] | undefined {
  return input.canAssumeRole
    ? undefined
    : [
        {
          id,
          status: "not-checked",
          message: "needs the delegated administrator role, which could not be assumed",
          fix: "fix delegated-admin-role-assumable first",
        },
      ];
}

/** The delegated administrator role can be assumed from the management credentials. */
export const roleAssumableCheck: PreflightCheck = {
  id: "delegated-admin-role-assumable",
  description:
    "The management credentials can assume delegatedAdminRoleName in the delegated administrator, as the program's delegated-admin provider does.",
  run: async ({ ctx, clients }) => {
    const arn = delegatedAdminRoleArn(ctx.config);
    try {
      const who = await clients.delegatedAdmin.sts().send(new GetCallerIdentityCommand({}));
      if (who.Account !== ctx.config.delegatedAdminAccountId) {
        return [
          {
            id: "delegated-admin-role-assumable",
            status: "blocker",
            message: `assuming ${arn} gave account ${who.Account ?? "?"}, not ${ctx.config.delegatedAdminAccountId}`,
            fix: "set delegatedAdminAccountId and delegatedAdminRoleName to the security tooling account's role",
          },
        ];
      }
      return [
        { id: "delegated-admin-role-assumable", status: "ok", message: `${arn} can be assumed` },
      ];
    } catch (err) {
      return [
        {
          id: "delegated-admin-role-assumable",
          status: "blocker",
          message: `${arn} cannot be assumed from the management credentials (${describeError(err)})`,
          fix: `create the role in ${ctx.config.delegatedAdminAccountId} with a trust policy allowing arn:aws:iam::${ctx.config.managementAccountId}:root (README, "Deploying for real" step 2), or set delegatedAdminRoleName`,
        },
      ];
    }
  },
};

/**
 * Inspector's service-linked roles in the management account. In organization-policy mode,
 * without them "organization policies will enforce Amazon Inspector enablement, but member
 * accounts will not be associated with the Amazon Inspector organization" (Inspector UG, getting
 * started; README "Deploying for real" step 3).
 */
export const SERVICE_LINKED_ROLES: readonly { readonly role: string; readonly service: string }[] =
  [
    { role: "AWSServiceRoleForAmazonInspector2", service: "inspector2.amazonaws.com" },
    {
      role: "AWSServiceRoleForAmazonInspector2Agentless",
      service: "agentless.inspector2.amazonaws.com",
    },
  ];

/** The service-linked roles exist in the management account (organization-policy mode). */
export const serviceLinkedRolesCheck: PreflightCheck = {
  id: "service-linked-roles",
  description:
    "In organization-policy mode, Inspector's service-linked roles exist in the management account.",
  run: async ({ ctx, clients }) => {
    const id = "service-linked-roles";
    if (ctx.config.enablementMode !== "organization-policy") {
      return [
        {
          id,
          status: "ok",
          message:
            "not needed in delegated-admin mode: Inspector creates them when it enables an account",
        },
      ];
    }
    const results = await Promise.all(
      SERVICE_LINKED_ROLES.map(({ role, service }) =>
        guard(id, `iam:GetRole ${role}`, undefined, async () => {
          try {
            await clients.management.iam().send(new GetRoleCommand({ RoleName: role }));
            return [{ id, status: "ok", message: `${role} exists in the management account` }];
          } catch (err) {
            if ((err as Error).name !== "NoSuchEntityException") {
              throw err;
            }
            return [
              {
                id,
                status: "blocker",
                message: `${role} is missing in the management account: members would be enabled by the policy but not associated with the delegated administrator`,
                fix: `aws iam create-service-linked-role --aws-service-name ${service}`,
              },
            ];
          }
        }),
      ),
    );
    return results.flat();
  },
};

/**
 * "You can reserve concurrency for as many functions as you like, as long as you leave at least
 * 100 simultaneous executions unreserved" (Lambda API reference, PutFunctionConcurrency).
 */
export const UNRESERVED_MINIMUM = 100;

/** Reserved concurrency the plan's functions need, per Region of the delegated administrator. */
export function reservedConcurrencyByRegion(input: PreflightInput): Map<string, number> {
  const byRegion = new Map<string, number>();
  const add = (inputs: Record<string, unknown>, n: unknown) => {
    if (typeof n === "number" && n > 0) {
      const region =
        typeof inputs.region === "string" ? inputs.region : input.ctx.config.homeRegion;
      byRegion.set(region, (byRegion.get(region) ?? 0) + n);
    }
  };
  for (const fn of plannedOfType(input.planned, "aws:lambda/function:Function")) {
    add(fn.inputs, fn.inputs.reservedConcurrentExecutions);
  }
  // An SQS mapping's maximumConcurrency is what its function may run at once from that queue: it
  // comes out of the account's unreserved pool, which a new account may have at 10.
  for (const esm of plannedOfType(
    input.planned,
    "aws:lambda/eventSourceMapping:EventSourceMapping",
  )) {
    const scaling = esm.inputs.scalingConfig as { maximumConcurrency?: unknown } | undefined;
    add(esm.inputs, scaling?.maximumConcurrency);
  }
  return byRegion;
}

/** Lambda concurrency of the delegated administrator covers the functions' reservations. */
export const lambdaConcurrencyCheck: PreflightCheck = {
  id: "lambda-concurrency",
  description: `The delegated administrator's unreserved Lambda concurrency covers the functions' reserved concurrency and keeps ${UNRESERVED_MINIMUM} unreserved.`,
  run: async (input) => {
    const id = "lambda-concurrency";
    const needs = reservedConcurrencyByRegion(input);
    if (needs.size === 0) {
      return [
        { id, status: "ok", message: "no function of the stack reserves or bounds concurrency" },
      ];
    }
    const blocked = needsRole(id, input);
    if (blocked !== undefined) {
      return blocked;
    }
    const results = await Promise.all(
      [...needs.entries()].map(([region, reserved]) =>
        guard(id, "lambda:GetAccountSettings", region, async () => {
          const limit = (
            await input.clients.delegatedAdmin
              .lambda(region)
              .send(new GetAccountSettingsCommand({}))
          ).AccountLimit;
          const unreserved = limit?.UnreservedConcurrentExecutions ?? 0;
          const available = unreserved - UNRESERVED_MINIMUM;
          return [
            reserved <= available
              ? {
                  id,
                  region,
                  status: "ok" as const,
                  message: `the functions reserve or may run ${reserved} of ${unreserved} unreserved concurrent executions`,
                }
              : {
                  id,
                  region,
                  status: "blocker" as const,
                  message: `the functions reserve ${reserved} concurrent executions but only ${Math.max(available, 0)} can be reserved (unreserved ${unreserved}, account limit ${limit?.ConcurrentExecutions ?? "?"}, ${UNRESERVED_MINIMUM} must stay unreserved)`,
                  fix: `request a higher "Concurrent executions" quota (L-B99A9384) in ${region}: aws service-quotas request-service-quota-increase --service-code lambda --quota-code L-B99A9384 --desired-value 1000 --region ${region}`,
                },
          ];
        }),
      ),
    );
    return results.flat();
  },
};

async function disabledRegions(
  input: PreflightInput,
  account: "management" | "delegatedAdmin",
): Promise<Map<string, string>> {
  const answer = await input.clients[account]
    .ec2(input.ctx.config.homeRegion)
    .send(new DescribeRegionsCommand({ AllRegions: true }));
  return new Map(
    (answer.Regions ?? []).flatMap((r) =>
      r.RegionName === undefined ? [] : [[r.RegionName, r.OptInStatus ?? "unknown"]],
    ),
  );
}

/** Every governed Region is enabled in the management account and the delegated administrator. */
export const regionsOptedInCheck: PreflightCheck = {
  id: "regions-opted-in",
  description:
    "Every governed Region is enabled (opted in) in the management account and in the delegated administrator.",
  run: async (input) => {
    const id = "regions-opted-in";
    const accounts: ("management" | "delegatedAdmin")[] = input.canAssumeRole
      ? ["management", "delegatedAdmin"]
      : ["management"];
    const results = await Promise.all(
      accounts.map((account) =>
        guard(id, `ec2:DescribeRegions (${account})`, undefined, async () => {
          const accountId =
            account === "management"
              ? input.ctx.config.managementAccountId
              : input.ctx.config.delegatedAdminAccountId;
          const status = await disabledRegions(input, account);
          const off = input.ctx.config.regions.filter(
            (r) => status.get(r) !== "opted-in" && status.get(r) !== "opt-in-not-required",
          );
          return off.length === 0
            ? [
                {
                  id,
                  status: "ok" as const,
                  message: `every governed Region is enabled in ${accountId}`,
                },
              ]
            : off.map((region) => ({
                id,
                region,
                status: "blocker" as const,
                message: `${region} is ${status.get(region) ?? "not offered"} in ${accountId}`,
                fix: `aws account enable-region --region-name ${region}${account === "management" ? "" : ` --account-id ${accountId}`}, or remove it from \`regions\``,
              }));
        }),
      ),
    );
    return [...results.flat(), ...(needsRole(id, input) ?? [])];
  },
};

export { needsRole };
