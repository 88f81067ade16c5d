/**
 * Per-Region preconditions: who is already Inspector's and Security Hub's delegated
 * administrator, and what Inspector state exists that `npm run adopt` should import first.
 * Regions are read in parallel; a failure in one Region is a not-checked line for that Region.
 */
import { paginateListFilters } from "@aws-sdk/client-inspector2";
import { paginateListOrganizationAdminAccounts } from "@aws-sdk/client-securityhub";
import {
  batchGetAccountStatus,
  listDelegatedAdmins,
  listMembers,
  RESOURCE_STATE_KEYS,
} from "../day0/inspectorReads";
import { guard } from "./guard";
import { needsRole } from "./accountChecks";
import type { CheckResult, PreflightCheck, PreflightInput } from "./checkTypes";

async function perRegion(
  input: PreflightInput,
  id: string,
  what: string,
  check: (region: string) => Promise<CheckResult[]>,
): Promise<CheckResult[]> {
  const results = await Promise.all(
    input.ctx.config.regions.map((region) => guard(id, what, region, () => check(region))),
  );
  return results.flat();
}

/** No other account is Inspector's delegated administrator in a governed Region. */
export const inspectorAdminConflictCheck: PreflightCheck = {
  id: "inspector-delegated-admin-conflict",
  description:
    "No account other than delegatedAdminAccountId is Inspector's delegated administrator in a governed Region.",
  run: (input) => {
    const id = "inspector-delegated-admin-conflict";
    const wanted = input.ctx.config.delegatedAdminAccountId;
    return perRegion(input, id, "inspector2:ListDelegatedAdminAccounts", async (region) => {
      const admins = await listDelegatedAdmins(input.clients.management.inspector(region));
      const other = admins.find((a) => a.accountId !== wanted);
      if (other !== undefined) {
        return [
          {
            id,
            region,
            status: "blocker",
            message: `${other.accountId ?? "?"} is already Inspector's delegated administrator (${other.status ?? "?"}); an organization has one per Region, so designating ${wanted} fails`,
            // Inspector UG, designating-admin: removing the administrator disassociates the
            // members but leaves their scanning on; the new administrator associates them again.
            fix: `either set delegatedAdminAccountId to ${other.accountId ?? "?"}, or remove it first: aws inspector2 disable-delegated-admin-account --delegated-admin-account-id ${other.accountId ?? "?"} --region ${region} (members stay enabled but are disassociated until pulumi up associates them with ${wanted})`,
          },
        ];
      }
      const same = admins.find((a) => a.accountId === wanted);
      return [
        same === undefined
          ? {
              id,
              region,
              status: "ok",
              message: "no delegated administrator yet; pulumi up designates it",
            }
          : {
              id,
              region,
              status: "warning",
              message: `${wanted} is already the delegated administrator (${same.status ?? "?"}); pulumi up would try to designate it again and fail`,
              fix: "import it first: npm run adopt, then pulumi import --file (docs/brownfield.md)",
            },
      ];
    });
  },
};

/** No other account is Security Hub's delegated administrator in a governed Region. */
export const securityHubAdminConflictCheck: PreflightCheck = {
  id: "securityhub-delegated-admin-conflict",
  description:
    "No account other than delegatedAdminAccountId is Security Hub's delegated administrator in a governed Region (when the stack manages Security Hub).",
  run: (input) => {
    const id = "securityhub-delegated-admin-conflict";
    const wanted = input.ctx.config.delegatedAdminAccountId;
    const regions = new Set(
      input.planned.resources
        .filter(
          (r) => r.type === "aws:securityhub/organizationAdminAccount:OrganizationAdminAccount",
        )
        .map((r) => r.inputs.region),
    );
    if (regions.size === 0) {
      return Promise.resolve([
        {
          id,
          status: "ok" as const,
          message: "the stack does not manage Security Hub administration",
        },
      ]);
    }
    return perRegion(input, id, "securityhub:ListOrganizationAdminAccounts", async (region) => {
      if (!regions.has(region)) {
        return [];
      }
      const admins: { AccountId?: string; Status?: string }[] = [];
      for await (const page of paginateListOrganizationAdminAccounts(
        { client: input.clients.management.securityHub(region) },
        {},
      )) {
        admins.push(...(page.AdminAccounts ?? []));
      }
      const other = admins.find((a) => a.AccountId !== wanted);
      if (other !== undefined) {
        return [
          {
            id,
            region,
            status: "blocker",
            message: `${other.AccountId ?? "?"} is already Security Hub's delegated administrator; designating ${wanted} fails`,
            fix: `either let Security Hub stay with ${other.AccountId ?? "?"} (and route findings there), or remove it: aws securityhub disable-organization-admin-account --admin-account-id ${other.AccountId ?? "?"} --region ${region}`,
          },
        ];
      }
      return [
        admins.length === 0
          ? {
              id,
              region,
              status: "ok",
              message: "no Security Hub administrator yet; pulumi up designates it",
            }
          : {
              id,
              region,
              status: "warning",
              message: `${wanted} is already Security Hub's delegated administrator`,
              fix: "import it first: npm run adopt, then pulumi import --file (docs/brownfield.md)",
            },
      ];
    });
  },
};

/** Existing Inspector state in the delegated administrator that adopt should import. */
export const existingStateCheck: PreflightCheck = {
  id: "existing-inspector-state",
  description:
    "Inspector state that already exists in the delegated administrator (its own scanning, members, filters) is listed, to be imported with npm run adopt before the first pulumi up.",
  run: (input) => {
    const id = "existing-inspector-state";
    const blocked = needsRole(id, input);
    if (blocked !== undefined) {
      return Promise.resolve(blocked);
    }
    const da = input.ctx.config.delegatedAdminAccountId;
    return perRegion(input, id, "inspector2 (delegated administrator)", async (region) => {
      const client = input.clients.delegatedAdmin.inspector(region);
      const status = await batchGetAccountStatus(client, [da]);
      const self = status.accounts[0];
      const enabled = RESOURCE_STATE_KEYS.filter(
        ([, key]) => self?.resourceState?.[key]?.status === "ENABLED",
      ).map(([type]) => type);
      const { members } = await listMembers(client);
      const associated = members.filter((m) => m.relationshipStatus === "ENABLED").length;
      let filters = 0;
      for await (const page of paginateListFilters({ client }, {})) {
        filters += page.filters?.length ?? 0;
      }
      if (enabled.length === 0 && associated === 0 && filters === 0) {
        return [{ id, region, status: "ok", message: "no Inspector state yet" }];
      }
      return [
        {
          id,
          region,
          status: "warning",
          message: `exists already: ${da} scanning ${enabled.join(", ") || "nothing"}; ${associated} associated member(s); ${filters} filter(s)`,
          fix: `npm run adopt -- --stack ${input.ctx.stack} --out import.json, then pulumi import --file import.json before the first pulumi up (docs/brownfield.md)`,
        },
      ];
    });
  },
};
