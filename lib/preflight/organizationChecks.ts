/**
 * Organization-wide preconditions, read from the management account: all features, trusted
 * access, the INSPECTOR_POLICY type, and the delegated administrator's member limit.
 */
import {
  DescribeOrganizationCommand,
  paginateListAWSServiceAccessForOrganization,
  paginateListRoots,
} from "@aws-sdk/client-organizations";
import { plannedOfType } from "../day0/plannedStack";
import { guard } from "./guard";
import type { CheckResult, PreflightCheck, PreflightInput } from "./checkTypes";

/** Type token of trusted access in the plan. */
const SERVICE_ACCESS_TYPE = "aws:organizations/awsServiceAccess:AwsServiceAccess";
/** Type token of the INSPECTOR_POLICY type on the root (a dynamic resource of the program). */
const POLICY_TYPE_TYPE = "pulumi-nodejs:dynamic/inspector:OrganizationsPolicyType";

/** Service principals of the trusted access the rollout relies on. */
export const INSPECTOR_PRINCIPAL = "inspector2.amazonaws.com";
export const STACKSETS_PRINCIPAL = "member.org.stacksets.cloudformation.amazonaws.com";
export const SECURITY_HUB_PRINCIPAL = "securityhub.amazonaws.com";

/**
 * "A delegated administrator can manage a maximum of 10,000 members" (Inspector UG, managing
 * multiple accounts; ../shared/DESIGN.md "Limits").
 */
export const MAX_INSPECTOR_MEMBERS = 10_000;

/** All features: Organizations policies and trusted access need them. */
export const allFeaturesCheck: PreflightCheck = {
  id: "organizations-all-features",
  description: "The organization has all features enabled (not consolidated billing only).",
  run: ({ clients }) =>
    guard(
      "organizations-all-features",
      "organizations:DescribeOrganization",
      undefined,
      async () => {
        const org = (
          await clients.management.organizations().send(new DescribeOrganizationCommand({}))
        ).Organization;
        return [
          org?.FeatureSet === "ALL"
            ? {
                id: "organizations-all-features",
                status: "ok",
                message: `organization ${org.Id ?? "?"} has all features enabled`,
              }
            : {
                id: "organizations-all-features",
                status: "blocker",
                message: `organization ${org?.Id ?? "?"} has feature set ${org?.FeatureSet ?? "unknown"}; trusted access, delegated administrators and Inspector policies need ALL`,
                fix: "aws organizations enable-all-features, then every member account approves the request (Organizations UG, orgs_manage_org_support-all-features)",
              },
        ];
      },
    ),
};

/** One read of the enabled principals per run, shared by the three trusted-access checks. */
const principalsRead = new WeakMap<object, Promise<Set<string>>>();

async function readEnabledPrincipals(input: PreflightInput): Promise<Set<string>> {
  const principals = new Set<string>();
  for await (const page of paginateListAWSServiceAccessForOrganization(
    { client: input.clients.management.organizations() },
    {},
  )) {
    for (const p of page.EnabledServicePrincipals ?? []) {
      if (p.ServicePrincipal !== undefined) {
        principals.add(p.ServicePrincipal);
      }
    }
  }
  return principals;
}

function enabledPrincipals(input: PreflightInput): Promise<Set<string>> {
  let read = principalsRead.get(input.clients);
  if (read === undefined) {
    read = readEnabledPrincipals(input);
    principalsRead.set(input.clients, read);
  }
  return read;
}

/** When is a trusted access needed, and how a person turns it on when the program does not. */
interface TrustedAccessSpec {
  readonly id: string;
  readonly principal: string;
  readonly service: string;
  /** Whether the plan needs it; undefined: always. */
  readonly isNeeded?: (input: PreflightInput) => boolean;
  readonly fix: string;
}

function trustedAccessCheck(spec: TrustedAccessSpec): PreflightCheck {
  return {
    id: spec.id,
    description: `Trusted access for ${spec.service} (${spec.principal}) is enabled in Organizations, or the program enables it.`,
    run: (input) =>
      guard(spec.id, "organizations:ListAWSServiceAccessForOrganization", undefined, async () => {
        if (spec.isNeeded !== undefined && !spec.isNeeded(input)) {
          return [
            {
              id: spec.id,
              status: "ok",
              message: `not needed: the stack does not use ${spec.service}`,
            },
          ];
        }
        const isEnabled = (await enabledPrincipals(input)).has(spec.principal);
        const isProgramEnabling = plannedOfType(input.planned, SERVICE_ACCESS_TYPE).some(
          (r) => r.inputs.servicePrincipal === spec.principal,
        );
        const result: CheckResult = isEnabled
          ? {
              id: spec.id,
              status: "ok",
              message: `trusted access for ${spec.principal} is enabled`,
            }
          : isProgramEnabling
            ? {
                id: spec.id,
                status: "ok",
                message: `trusted access for ${spec.principal} is not enabled yet; pulumi up enables it (aws:organizations/awsServiceAccess)`,
              }
            : {
                id: spec.id,
                status: "blocker",
                message: `trusted access for ${spec.principal} is not enabled and the program does not enable it`,
                fix: spec.fix,
              };
        return [result];
      }),
  };
}

function usesSecurityHub(input: PreflightInput): boolean {
  return input.planned.resources.some((r) => r.type.startsWith("aws:securityhub/"));
}

/** Trusted access for Inspector (the program enables it). */
export const inspectorTrustedAccessCheck = trustedAccessCheck({
  id: "trusted-access-inspector2",
  principal: INSPECTOR_PRINCIPAL,
  service: "Amazon Inspector",
  fix: `aws organizations enable-aws-service-access --service-principal ${INSPECTOR_PRINCIPAL}`,
});

/** Trusted access for CloudFormation StackSets (service-managed StackSets of the member baseline). */
export const stackSetsTrustedAccessCheck = trustedAccessCheck({
  id: "trusted-access-stacksets",
  principal: STACKSETS_PRINCIPAL,
  service: "CloudFormation StackSets",
  isNeeded: (input) =>
    input.planned.resources.some((r) => r.type === "aws:cloudformation/stackSet:StackSet"),
  // CloudFormation UG, stacksets-orgs-activate-trusted-access: activate it from CloudFormation so
  // the service-linked role AWSServiceRoleForCloudFormationStackSetsOrgAdmin is created too.
  fix: "aws cloudformation activate-organizations-access (from the management account)",
});

/** Trusted access for Security Hub (its delegated administrator and organization configuration). */
export const securityHubTrustedAccessCheck = trustedAccessCheck({
  id: "trusted-access-securityhub",
  principal: SECURITY_HUB_PRINCIPAL,
  service: "AWS Security Hub",
  isNeeded: usesSecurityHub,
  fix: `aws organizations enable-aws-service-access --service-principal ${SECURITY_HUB_PRINCIPAL} (or designate the administrator once from the Security Hub console)`,
});

/** The INSPECTOR_POLICY type on the root (organization-policy mode). */
export const inspectorPolicyTypeCheck: PreflightCheck = {
  id: "inspector-policy-type",
  description:
    "In organization-policy mode, the INSPECTOR_POLICY policy type is enabled on the root, or the program enables it.",
  run: (input) =>
    guard("inspector-policy-type", "organizations:ListRoots", undefined, async () => {
      const id = "inspector-policy-type";
      if (input.ctx.config.enablementMode !== "organization-policy") {
        return [{ id, status: "ok", message: "not needed in delegated-admin mode" }];
      }
      const roots = [];
      for await (const page of paginateListRoots(
        { client: input.clients.management.organizations() },
        {},
      )) {
        roots.push(...(page.Roots ?? []));
      }
      const root = roots[0];
      const type = root?.PolicyTypes?.find((t) => t.Type === "INSPECTOR_POLICY");
      if (type?.Status === "ENABLED") {
        return [
          { id, status: "ok", message: `INSPECTOR_POLICY is enabled on ${root?.Id ?? "the root"}` },
        ];
      }
      if (type?.Status === "PENDING_DISABLE") {
        return [
          {
            id,
            status: "blocker",
            message: `INSPECTOR_POLICY is being disabled on ${root?.Id ?? "the root"} (PENDING_DISABLE)`,
            fix: "wait until it is DISABLED (aws organizations list-roots), then run preflight again",
          },
        ];
      }
      const isProgramEnabling = plannedOfType(input.planned, POLICY_TYPE_TYPE).length > 0;
      return [
        isProgramEnabling
          ? {
              id,
              status: "ok",
              message: `INSPECTOR_POLICY is not enabled on ${root?.Id ?? "the root"} yet; pulumi up enables it (OrganizationsPolicyType)`,
            }
          : {
              id,
              status: "blocker",
              message: `INSPECTOR_POLICY is not enabled on ${root?.Id ?? "the root"} and the program does not enable it`,
              fix: `aws organizations enable-policy-type --root-id ${root?.Id ?? "<root id>"} --policy-type INSPECTOR_POLICY`,
            },
      ];
    }),
};

/** The delegated administrator's member limit. */
export const memberLimitCheck: PreflightCheck = {
  id: "inspector-member-limit",
  description: `The stack covers at most ${MAX_INSPECTOR_MEMBERS.toLocaleString("en-US")} member accounts, Inspector's limit per delegated administrator.`,
  run: ({ planned, ctx }) => {
    const members = planned.outputs.accountsCovered.filter(
      (id) => id !== ctx.config.delegatedAdminAccountId,
    ).length;
    return Promise.resolve([
      members <= MAX_INSPECTOR_MEMBERS
        ? {
            id: "inspector-member-limit",
            status: "ok",
            message: `${members} member accounts, within the limit of ${MAX_INSPECTOR_MEMBERS}`,
          }
        : {
            id: "inspector-member-limit",
            status: "blocker",
            message: `${members} member accounts exceed the limit of ${MAX_INSPECTOR_MEMBERS} per delegated administrator`,
            fix: "scope the stack to fewer accounts (organizationalUnitIds) and govern the rest with another organization's stack",
          },
    ]);
  },
};
