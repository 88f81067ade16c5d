/**
 * How each importable resource type of the plan finds its existing counterpart in a captured
 * state, and the import ID it gets. ID formats are the `## Import` sections of @pulumi/aws 7.48
 * (node_modules/@pulumi/aws/<module>/<resource>.d.ts); a regional resource's ID carries
 * `@<region>` ("To import a resource in a specific Region, append @<region> to the import ID",
 * Terraform AWS provider 6 Enhanced Region Support, which @pulumi/aws 7 bridges).
 */
import type { RecordedResource } from "../offline/recorder";
import { RESOURCE_STATE_KEY } from "../day0/inspectorReads";
import type { ScanType } from "../regionCapabilities";
import type { CapturedRegion, CapturedState } from "./state";

/** What a matcher decides for one planned resource. */
export interface MatchResult {
  /** The import ID when the resource exists and can be imported. */
  readonly id?: string;
  /** What the first `pulumi up` will change on it (or do instead of importing it). */
  readonly changes: readonly string[];
  /** Why neither import nor create can work (the first `pulumi up` would fail). */
  readonly blocker?: string;
}

/** A matcher: the planned resource, the captured state, the delegated administrator. */
export type Matcher = (r: RecordedResource, state: CapturedState) => MatchResult | undefined;

function regionOf(r: RecordedResource): string {
  return typeof r.inputs.region === "string" ? r.inputs.region : "";
}

function regional(id: string, region: string): string {
  return `${id}@${region}`;
}

function stateOf(r: RecordedResource, state: CapturedState): CapturedRegion | undefined {
  return state.regions[regionOf(r)];
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

const isEnabled = (region: CapturedRegion, accountId: string, type: ScanType): boolean =>
  region.accounts.find((a) => a.accountId === accountId)?.[RESOURCE_STATE_KEY[type] as "ec2"] ===
  "ENABLED";

/** Trusted access: `pulumi import aws:organizations/awsServiceAccess:AwsServiceAccess <servicePrincipal>`. */
const serviceAccess: Matcher = (r, state) => {
  const principal = String(r.inputs.servicePrincipal);
  return state.trustedAccess.includes(principal) ? { id: principal, changes: [] } : undefined;
};

/** Inspector's delegated administrator: ID `accountId`. */
const inspectorDelegatedAdmin: Matcher = (r, state) => {
  const region = stateOf(r, state);
  const wanted = String(r.inputs.accountId);
  const same = region?.inspectorDelegatedAdmins.find((a) => a.accountId === wanted);
  const other = region?.inspectorDelegatedAdmins.find((a) => a.accountId !== wanted);
  if (other !== undefined) {
    return {
      changes: [],
      blocker: `${other.accountId} is Inspector's delegated administrator in ${regionOf(r)}; designating ${wanted} fails (npm run preflight names the way out)`,
    };
  }
  if (same?.status === "DISABLE_IN_PROGRESS") {
    return {
      changes: [],
      blocker: `${wanted} is being removed as delegated administrator in ${regionOf(r)}; wait until it is gone, then capture again`,
    };
  }
  return same === undefined ? undefined : { id: regional(wanted, regionOf(r)), changes: [] };
};

/**
 * An Enabler: ID `<accountId>:<accountId>...-<type>:<type>...`, ids ascending, types alphabetical.
 * The provider's Read keeps the accounts and types that are ENABLED, so the ID names the planned
 * accounts that have any planned type enabled, with the planned types all of them have.
 */
const enabler: Matcher = (r, state) => {
  const region = stateOf(r, state);
  if (region === undefined) {
    return undefined;
  }
  const accounts = strings(r.inputs.accountIds);
  const types = strings(r.inputs.resourceTypes) as ScanType[];
  const withAny = accounts.filter((a) => types.some((t) => isEnabled(region, a, t)));
  const common = types.filter((t) => withAny.every((a) => isEnabled(region, a, t)));
  if (withAny.length === 0 || common.length === 0) {
    return undefined;
  }
  const changes: string[] = [];
  const missing = accounts.filter((a) => !withAny.includes(a));
  if (missing.length > 0) {
    changes.push(
      `enables ${types.join(", ")} for ${missing.length} more account(s): ${missing.join(", ")}`,
    );
  }
  for (const t of types.filter((x) => !common.includes(x))) {
    const off = withAny.filter((a) => !isEnabled(region, a, t));
    changes.push(`enables ${t} for ${off.length} account(s) that lack it: ${off.join(", ")}`);
  }
  if (common.length < types.length) {
    // The provider's Update disables every type outside resourceTypes when they change.
    const extra = (Object.keys(RESOURCE_STATE_KEY) as ScanType[]).filter(
      (t) => !types.includes(t) && withAny.some((a) => isEnabled(region, a, t)),
    );
    if (extra.length > 0) {
      changes.push(`disables ${extra.join(", ")} (enabled now, not in scanTypes) for its accounts`);
    }
  }
  const id = `${[...withAny].sort().join(":")}-${[...common].sort().join(":")}`;
  return { id: regional(id, regionOf(r)), changes };
};

/** A member association: ID `accountId`. */
const memberAssociation: Matcher = (r, state) => {
  const accountId = String(r.inputs.accountId);
  const member = stateOf(r, state)?.members.find((m) => m.accountId === accountId);
  if (member?.relationshipStatus === "ENABLED") {
    return { id: regional(accountId, regionOf(r)), changes: [] };
  }
  return member === undefined
    ? undefined
    : { changes: [`associates ${accountId} (now ${member.relationshipStatus})`] };
};

/** Inspector's organization configuration has no import: the first `pulumi up` takes it over. */
const inspectorOrgConfiguration: Matcher = (r, state) => {
  const current = stateOf(r, state)?.organizationAutoEnable;
  if (current === undefined || current === null) {
    return undefined;
  }
  const planned = (r.inputs.autoEnable ?? {}) as Record<string, boolean>;
  const diffs = Object.entries(planned)
    .filter(
      ([k, v]) =>
        (current as Record<string, boolean | undefined>)[k] !== undefined &&
        (current as Record<string, boolean | undefined>)[k] !== v,
    )
    .map(
      ([k, v]) =>
        `${k} ${String((current as Record<string, boolean | undefined>)[k])} -> ${String(v)}`,
    );
  return {
    changes: [
      diffs.length === 0
        ? "cannot be imported (no import in @pulumi/aws); created over the existing configuration with the same auto-enable settings"
        : `cannot be imported (no import in @pulumi/aws); created over the existing configuration, changing auto-enable: ${diffs.join(", ")}`,
    ],
  };
};

/** An Inspector filter: ID its ARN (which names the Region). */
const filter: Matcher = (r, state) => {
  const existing = stateOf(r, state)?.filters.find((f) => f.name === r.inputs.name);
  if (existing === undefined) {
    return undefined;
  }
  const changes: string[] = [];
  if (existing.action !== r.inputs.action) {
    changes.push(`action ${existing.action} -> ${String(r.inputs.action)}`);
  }
  if ((existing.reason ?? "") !== (r.inputs.reason ?? "")) {
    changes.push("reason replaced by the configured one");
  }
  changes.push("criteria set to the configured suppression rule");
  return { id: existing.arn, changes };
};

function describeRules(
  rules: readonly { scanFrequency: string; repositoryFilters: readonly { filter: string }[] }[],
): string {
  return (
    rules
      .map((x) => `${x.scanFrequency} ${x.repositoryFilters.map((f) => f.filter).join(",")}`)
      .join("; ") || "none"
  );
}

/** The delegated administrator's ECR registry scanning configuration: ID the registry (account) id. */
function registryScanning(delegatedAdminAccountId: string): Matcher {
  return (r, state) => {
    const current = stateOf(r, state)?.ecrScanning;
    if (current === undefined || current === null) {
      return undefined;
    }
    const planned = (r.inputs.rules ?? []) as {
      scanFrequency: string;
      repositoryFilters: { filter: string }[];
    }[];
    const changes: string[] = [];
    if (current.scanType !== r.inputs.scanType) {
      changes.push(`scan type ${current.scanType} -> ${String(r.inputs.scanType)}`);
    }
    if (describeRules(current.rules) !== describeRules(planned)) {
      changes.push(`rules ${describeRules(current.rules)} -> ${describeRules(planned)}`);
    }
    return { id: regional(delegatedAdminAccountId, regionOf(r)), changes };
  };
}

/** Security Hub enabled in the delegated administrator: ID its account id. */
function securityHubAccount(delegatedAdminAccountId: string): Matcher {
  return (r, state) =>
    stateOf(r, state)?.securityHub.isHubEnabled === true
      ? { id: regional(delegatedAdminAccountId, regionOf(r)), changes: [] }
      : undefined;
}

/** Security Hub's delegated administrator: ID `adminAccountId`. */
const securityHubAdmin: Matcher = (r, state) => {
  const wanted = String(r.inputs.adminAccountId);
  const admins = stateOf(r, state)?.securityHub.adminAccountIds ?? [];
  const other = admins.find((a) => a !== wanted);
  if (other !== undefined) {
    return {
      changes: [],
      blocker: `${other} is Security Hub's delegated administrator in ${regionOf(r)}; designating ${wanted} fails`,
    };
  }
  return admins.includes(wanted) ? { id: regional(wanted, regionOf(r)), changes: [] } : undefined;
};

/** Security Hub's organization configuration: ID the administrator's account id. */
function securityHubOrgConfiguration(delegatedAdminAccountId: string): Matcher {
  return (r, state) =>
    stateOf(r, state)?.securityHub.adminAccountIds.includes(delegatedAdminAccountId) === true
      ? {
          id: regional(delegatedAdminAccountId, regionOf(r)),
          changes: ["auto-enable and configuration type set to the program's"],
        }
      : undefined;
}

/** An EventBridge rule on the default bus: ID its name. */
const eventRule: Matcher = (r, state) =>
  stateOf(r, state)?.eventRules.includes(String(r.inputs.name)) === true
    ? {
        id: regional(String(r.inputs.name), regionOf(r)),
        changes: [
          "event pattern, description and state set to the program's; its existing targets stay until removed by hand",
        ],
      }
    : undefined;

/** An S3 bucket: ID its name. */
const bucket: Matcher = (r, state) =>
  stateOf(r, state)?.buckets.includes(String(r.inputs.bucket)) === true
    ? {
        id: regional(String(r.inputs.bucket), regionOf(r)),
        changes: [
          "encryption, versioning, public access block, policy and lifecycle set by the program's bucket resources (created, then they replace the bucket's current settings)",
        ],
      }
    : undefined;

/** The matchers by type token; a planned type without one is always created. */
export function matchersFor(delegatedAdminAccountId: string): Readonly<Record<string, Matcher>> {
  return {
    "aws:organizations/awsServiceAccess:AwsServiceAccess": serviceAccess,
    "aws:inspector2/delegatedAdminAccount:DelegatedAdminAccount": inspectorDelegatedAdmin,
    "aws:inspector2/enabler:Enabler": enabler,
    "aws:inspector2/memberAssociation:MemberAssociation": memberAssociation,
    "aws:inspector2/organizationConfiguration:OrganizationConfiguration": inspectorOrgConfiguration,
    "aws:inspector2/filter:Filter": filter,
    "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration":
      registryScanning(delegatedAdminAccountId),
    "aws:securityhub/account:Account": securityHubAccount(delegatedAdminAccountId),
    "aws:securityhub/organizationAdminAccount:OrganizationAdminAccount": securityHubAdmin,
    "aws:securityhub/organizationConfiguration:OrganizationConfiguration":
      securityHubOrgConfiguration(delegatedAdminAccountId),
    "aws:cloudwatch/eventRule:EventRule": eventRule,
    "aws:s3/bucket:Bucket": bucket,
  };
}
