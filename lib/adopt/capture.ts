/**
 * Reads a brownfield organization's existing Inspector set-up, live, in the state file's shape:
 * the management account's view (trusted access, delegated administrators) and the delegated
 * administrator's (its organization configuration, account statuses, members, filters, ECR
 * scanning, Security Hub, and the rules and buckets the plan would create under the same names).
 * Regions are read in parallel; a failed read is recorded and the rest go on.
 */
import { DescribeRuleCommand } from "@aws-sdk/client-eventbridge";
import { GetRegistryScanningConfigurationCommand } from "@aws-sdk/client-ecr";
import {
  DescribeOrganizationConfigurationCommand,
  paginateListFilters,
} from "@aws-sdk/client-inspector2";
import {
  DescribeOrganizationCommand,
  paginateListAWSServiceAccessForOrganization,
} from "@aws-sdk/client-organizations";
import { HeadBucketCommand } from "@aws-sdk/client-s3";
import {
  DescribeHubCommand,
  paginateListOrganizationAdminAccounts,
} from "@aws-sdk/client-securityhub";
import type { Day0Clients } from "../day0/clients";
import { readOrReport, type RegionProblem } from "../day0/awsErrors";
import {
  batchGetAccountStatus,
  listDelegatedAdmins,
  listMembers,
  RESOURCE_STATE_KEYS,
} from "../day0/inspectorReads";
import { plannedOfType, type PlannedStack } from "../day0/plannedStack";
import type { StackContext } from "../day0/stack";
import type { CapturedAccount, CapturedRegion, CapturedState } from "./state";

/** Resolves to false when `read` fails with one of `absent` (the thing does not exist). */
async function exists(read: () => Promise<unknown>, absent: readonly string[]): Promise<boolean> {
  try {
    await read();
    return true;
  } catch (err) {
    if (absent.includes((err as Error).name)) {
      return false;
    }
    throw err;
  }
}

/** Planned names of a type in a Region, from an input (rule `name`, bucket `bucket`). */
function plannedNames(
  planned: PlannedStack,
  type: string,
  field: string,
  region: string,
): string[] {
  return plannedOfType(planned, type)
    .filter((r) => r.inputs.region === region && typeof r.inputs[field] === "string")
    .map((r) => r.inputs[field] as string);
}

async function captureRegion(
  ctx: StackContext,
  planned: PlannedStack,
  clients: Day0Clients,
  region: string,
  problems: RegionProblem[],
): Promise<CapturedRegion> {
  const da = clients.delegatedAdmin;
  const inspector = da.inspector(region);
  const read = <T>(call: string, fn: () => Promise<T>) => readOrReport(region, call, problems, fn);
  const admins = await read("inspector2:ListDelegatedAdminAccounts", () =>
    listDelegatedAdmins(clients.management.inspector(region)),
  );
  const autoEnable = await read("inspector2:DescribeOrganizationConfiguration", async () => {
    try {
      return (
        (await inspector.send(new DescribeOrganizationConfigurationCommand({}))).autoEnable ?? null
      );
    } catch (err) {
      // Not (yet) the delegated administrator: there is no organization configuration to read.
      if (
        (err as Error).name === "AccessDeniedException" ||
        (err as Error).name === "ValidationException"
      ) {
        return null;
      }
      throw err;
    }
  });
  const statuses = await read("inspector2:BatchGetAccountStatus", () =>
    batchGetAccountStatus(inspector, [
      ...new Set([...planned.outputs.accountsCovered, ctx.config.delegatedAdminAccountId]),
    ]),
  );
  const members = await read("inspector2:ListMembers", () => listMembers(inspector));
  const filters = await read("inspector2:ListFilters", async () => {
    const found: CapturedRegion["filters"] = [];
    for await (const page of paginateListFilters({ client: inspector }, {})) {
      for (const f of page.filters ?? []) {
        found.push({
          arn: f.arn ?? "",
          name: f.name ?? "",
          action: f.action ?? "NONE",
          ...(f.reason === undefined ? {} : { reason: f.reason }),
          ...(f.description === undefined ? {} : { description: f.description }),
        });
      }
    }
    return found;
  });
  const ecr = await read("ecr:GetRegistryScanningConfiguration", async () => {
    const c = (await da.ecr(region).send(new GetRegistryScanningConfigurationCommand({})))
      .scanningConfiguration;
    return c === undefined
      ? null
      : {
          scanType: c.scanType ?? "BASIC",
          rules: (c.rules ?? []).map((r) => ({
            scanFrequency: r.scanFrequency ?? "MANUAL",
            repositoryFilters: (r.repositoryFilters ?? []).map((f) => ({
              filter: f.filter ?? "",
              filterType: "WILDCARD" as const,
            })),
          })),
        };
  });
  const isHubEnabled = await read("securityhub:DescribeHub", () =>
    exists(
      () => da.securityHub(region).send(new DescribeHubCommand({})),
      ["InvalidAccessException", "ResourceNotFoundException"],
    ),
  );
  const hubAdmins = await read("securityhub:ListOrganizationAdminAccounts", async () => {
    const ids: string[] = [];
    for await (const page of paginateListOrganizationAdminAccounts(
      { client: clients.management.securityHub(region) },
      {},
    )) {
      ids.push(
        ...(page.AdminAccounts ?? []).flatMap((a) =>
          a.AccountId === undefined ? [] : [a.AccountId],
        ),
      );
    }
    return ids;
  });
  const eventRules: string[] = [];
  for (const name of plannedNames(planned, "aws:cloudwatch/eventRule:EventRule", "name", region)) {
    const found = await read(`events:DescribeRule ${name}`, () =>
      exists(
        () => da.eventBridge(region).send(new DescribeRuleCommand({ Name: name })),
        ["ResourceNotFoundException"],
      ),
    );
    if (found === true) {
      eventRules.push(name);
    }
  }
  const buckets: string[] = [];
  for (const bucket of plannedNames(planned, "aws:s3/bucket:Bucket", "bucket", region)) {
    const found = await read(`s3:HeadBucket ${bucket}`, () =>
      exists(
        () => da.s3(region).send(new HeadBucketCommand({ Bucket: bucket })),
        ["NotFound", "NoSuchBucket"],
      ),
    );
    if (found === true) {
      buckets.push(bucket);
    }
  }
  return {
    inspectorDelegatedAdmins: (admins ?? []).flatMap((a) =>
      a.accountId === undefined || a.status === undefined
        ? []
        : [{ accountId: a.accountId, status: a.status }],
    ),
    organizationAutoEnable:
      autoEnable === undefined || autoEnable === null
        ? null
        : {
            ec2: autoEnable.ec2 ?? false,
            ecr: autoEnable.ecr ?? false,
            ...(autoEnable.lambda === undefined ? {} : { lambda: autoEnable.lambda }),
            ...(autoEnable.lambdaCode === undefined ? {} : { lambdaCode: autoEnable.lambdaCode }),
            ...(autoEnable.codeRepository === undefined
              ? {}
              : { codeRepository: autoEnable.codeRepository }),
          },
    accounts: (statuses?.accounts ?? []).flatMap((a) => {
      if (a.accountId === undefined) {
        return [];
      }
      const entry: Record<string, string> = { accountId: a.accountId };
      for (const [, key] of RESOURCE_STATE_KEYS) {
        const s = a.resourceState?.[key]?.status;
        if (s !== undefined) {
          entry[key] = s;
        }
      }
      return [entry as unknown as CapturedAccount];
    }),
    members: (members?.members ?? []).flatMap((m) =>
      m.accountId === undefined
        ? []
        : [{ accountId: m.accountId, relationshipStatus: m.relationshipStatus ?? "UNKNOWN" }],
    ),
    filters: filters ?? [],
    ecrScanning: ecr ?? null,
    securityHub: { isHubEnabled: isHubEnabled === true, adminAccountIds: hubAdmins ?? [] },
    eventRules,
    buckets,
  };
}

/** Captures the organization's existing set-up for the stack's governed Regions. */
export async function captureState(
  ctx: StackContext,
  planned: PlannedStack,
  clients: Day0Clients,
  now: Date = new Date(),
): Promise<CapturedState> {
  const problems: RegionProblem[] = [];
  const organizations = clients.management.organizations();
  const organization = await readOrReport(
    "global",
    "organizations:DescribeOrganization",
    problems,
    async () => (await organizations.send(new DescribeOrganizationCommand({}))).Organization,
  );
  const trustedAccess = await readOrReport(
    "global",
    "organizations:ListAWSServiceAccessForOrganization",
    problems,
    async () => {
      const principals: string[] = [];
      for await (const page of paginateListAWSServiceAccessForOrganization(
        { client: organizations },
        {},
      )) {
        principals.push(
          ...(page.EnabledServicePrincipals ?? []).flatMap((p) =>
            p.ServicePrincipal === undefined ? [] : [p.ServicePrincipal],
          ),
        );
      }
      return principals;
    },
  );
  const regions = await Promise.all(
    ctx.config.regions.map(
      async (region) =>
        [region, await captureRegion(ctx, planned, clients, region, problems)] as const,
    ),
  );
  return {
    capturedAt: now.toISOString(),
    stack: ctx.stack,
    organizationId: organization?.Id ?? "unknown",
    managementAccountId: ctx.config.managementAccountId,
    delegatedAdminAccountId: ctx.config.delegatedAdminAccountId,
    trustedAccess: trustedAccess ?? [],
    regions: Object.fromEntries(regions),
    problems,
  };
}
