/** The two account providers: the management account and the delegated administrator. */
import * as aws from "@pulumi/aws";
import * as awsNative from "@pulumi/aws-native";
import type { InspectorConfig } from "./config";

/** The session name CloudTrail shows for the program's calls in the delegated administrator. */
export const SESSION_NAME = "inspector-rollout";

/** The ARN of the role the program assumes in the delegated administrator. */
export function delegatedAdminRoleArn(cfg: InspectorConfig): string {
  return `arn:aws:iam::${cfg.delegatedAdminAccountId}:role/${cfg.delegatedAdminRoleName}`;
}

/**
 * The management account provider: the stack's default credentials, pinned to the configured
 * account so that a run with the wrong credentials stops before it changes anything.
 */
export function createManagementProvider(cfg: InspectorConfig): aws.Provider {
  return new aws.Provider("management", {
    region: cfg.homeRegion,
    allowedAccountIds: [cfg.managementAccountId],
    defaultTags: { tags: { ...cfg.tags } },
  });
}

/**
 * The delegated administrator provider: assumes the configured role from the management account's
 * credentials. One provider covers every Region through @pulumi/aws v7's per-resource `region`.
 */
export function createDelegatedAdminProvider(cfg: InspectorConfig): aws.Provider {
  return new aws.Provider("delegated-admin", {
    region: cfg.homeRegion,
    allowedAccountIds: [cfg.delegatedAdminAccountId],
    assumeRoles: [{ roleArn: delegatedAdminRoleArn(cfg), sessionName: SESSION_NAME }],
    defaultTags: { tags: { ...cfg.tags } },
  });
}

/**
 * An aws-native provider for the delegated administrator in one Region: aws-native resources
 * have no per-resource Region, so CIS scan configurations need one provider per governed Region.
 * It assumes the same role as {@link createDelegatedAdminProvider}. No default tags: the
 * delegated administrator cannot tag CIS scan configurations the organization owns (Inspector UG,
 * scanning-cis).
 */
export function createDelegatedAdminNativeProvider(
  cfg: InspectorConfig,
  region: string,
): awsNative.Provider {
  return new awsNative.Provider(`delegated-admin-native-${region}`, {
    region: region as awsNative.Region,
    allowedAccountIds: [cfg.delegatedAdminAccountId],
    assumeRole: { roleArn: delegatedAdminRoleArn(cfg), sessionName: SESSION_NAME },
  });
}
