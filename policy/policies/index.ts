/**
 * Every policy of the pack, one import per file (STYLE.md rule 29). The pack's index.ts passes
 * `allPolicies` to the PolicyPack; tests import the policies from here, never from index.ts.
 */
import type { Policies } from "@pulumi/policy";
import { delegatedAdminEnforceSingleAccount } from "./delegatedAdmin/enforceSingleAccount";
import { delegatedAdminMissingRegion } from "./delegatedAdmin/missingRegion";
import { ecrRegistryConfigureEnhancedScanning } from "./ecrRegistry/configureEnhancedScanning";
import { ecrRepositoryEnableScanOnPush } from "./ecrRepository/enableScanOnPush";
import { ecrRepositoryEnforceImmutableTags } from "./ecrRepository/enforceImmutableTags";
import { ecrRepositoryMissingLifecyclePolicy } from "./ecrRepository/missingLifecyclePolicy";
import { enablementEnforceRetainOnDelete } from "./enablement/enforceRetainOnDelete";
import { enablerDisallowMixedAdmin } from "./enabler/disallowMixedAdmin";
import { enablerDisallowUnsupportedResourceType } from "./enabler/disallowUnsupportedResourceType";
import { enablerEnforceAccountLimit } from "./enabler/enforceAccountLimit";
import { enablerMissingAccount } from "./enabler/missingAccount";
import { enablerMissingResourceType } from "./enabler/missingResourceType";
import { eventRuleDisallowNumericSeverity } from "./eventRule/disallowNumericSeverity";
import { eventRuleMissingCriticalPlaybook } from "./eventRule/missingCriticalPlaybook";
import { eventRuleMissingRegion } from "./eventRule/missingRegion";
import { eventTargetMissingDeadLetter } from "./eventTarget/missingDeadLetter";
import { eventTargetMissingRetryPolicy } from "./eventTarget/missingRetryPolicy";
import { exportBucketEnforceControls } from "./exportBucket/enforceControls";
import { iamPolicyDisallowWildcardAction } from "./iamPolicy/disallowWildcardAction";
import { iamPolicyDisallowWildcardResource } from "./iamPolicy/disallowWildcardResource";
import { iamPolicyMissingRequiredResourceType } from "./iamPolicy/missingRequiredResourceType";
import { lambdaEventSourceConfigureMaximumConcurrency } from "./lambdaEventSource/configureMaximumConcurrency";
import { lambdaFunctionMissingFailureDestination } from "./lambdaFunction/missingFailureDestination";
import { lambdaFunctionMissingLogRetention } from "./lambdaFunction/missingLogRetention";
import { logGroupEnableEncryption } from "./logGroup/enableEncryption";
import { memberAssociationMissingAccount } from "./memberAssociation/missingAccount";
import { organizationConfigurationDisallowPolicyConflict } from "./organizationConfiguration/disallowPolicyConflict";
import { organizationConfigurationMissingAutoEnable } from "./organizationConfiguration/missingAutoEnable";
import { organizationConfigurationMissingRegion } from "./organizationConfiguration/missingRegion";
import { organizationsPolicyMissingAttachment } from "./organizationsPolicy/missingAttachment";
import { remediationMissingPatchDocuments } from "./remediation/missingPatchDocuments";
import { resourcePolicyDisallowPublicPrincipal } from "./resourcePolicy/disallowPublicPrincipal";
import { s3BucketDisallowPublicAccess } from "./s3Bucket/disallowPublicAccess";
import { s3BucketEnableEncryption } from "./s3Bucket/enableEncryption";
import { securityhubMissingIntegration } from "./securityhub/missingIntegration";
import { snsTopicEnableEncryption } from "./snsTopic/enableEncryption";
import { sqsQueueEnableEncryption } from "./sqsQueue/enableEncryption";
import { stackSetDisallowRepeatedIamNames } from "./stackSet/disallowRepeatedIamNames";
import { stackSetMissingSsmCoverage } from "./stackSet/missingSsmCoverage";

/** Every checklist (Inspector rollout) and hygiene policy, in directory order. */
export const allPolicies: Policies = [
  delegatedAdminEnforceSingleAccount,
  delegatedAdminMissingRegion,
  ecrRegistryConfigureEnhancedScanning,
  ecrRepositoryEnableScanOnPush,
  ecrRepositoryEnforceImmutableTags,
  ecrRepositoryMissingLifecyclePolicy,
  enablementEnforceRetainOnDelete,
  enablerDisallowMixedAdmin,
  enablerDisallowUnsupportedResourceType,
  enablerEnforceAccountLimit,
  enablerMissingAccount,
  enablerMissingResourceType,
  eventRuleDisallowNumericSeverity,
  eventRuleMissingCriticalPlaybook,
  eventRuleMissingRegion,
  eventTargetMissingDeadLetter,
  eventTargetMissingRetryPolicy,
  exportBucketEnforceControls,
  iamPolicyDisallowWildcardAction,
  iamPolicyDisallowWildcardResource,
  iamPolicyMissingRequiredResourceType,
  lambdaEventSourceConfigureMaximumConcurrency,
  lambdaFunctionMissingFailureDestination,
  lambdaFunctionMissingLogRetention,
  logGroupEnableEncryption,
  memberAssociationMissingAccount,
  organizationConfigurationDisallowPolicyConflict,
  organizationConfigurationMissingAutoEnable,
  organizationConfigurationMissingRegion,
  organizationsPolicyMissingAttachment,
  remediationMissingPatchDocuments,
  resourcePolicyDisallowPublicPrincipal,
  s3BucketDisallowPublicAccess,
  s3BucketEnableEncryption,
  securityhubMissingIntegration,
  snsTopicEnableEncryption,
  sqsQueueEnableEncryption,
  stackSetDisallowRepeatedIamNames,
  stackSetMissingSsmCoverage,
];

export {
  delegatedAdminEnforceSingleAccount,
  delegatedAdminMissingRegion,
  ecrRegistryConfigureEnhancedScanning,
  ecrRepositoryEnableScanOnPush,
  ecrRepositoryEnforceImmutableTags,
  ecrRepositoryMissingLifecyclePolicy,
  enablementEnforceRetainOnDelete,
  enablerDisallowMixedAdmin,
  enablerDisallowUnsupportedResourceType,
  enablerEnforceAccountLimit,
  enablerMissingAccount,
  enablerMissingResourceType,
  eventRuleDisallowNumericSeverity,
  eventRuleMissingCriticalPlaybook,
  eventRuleMissingRegion,
  eventTargetMissingDeadLetter,
  eventTargetMissingRetryPolicy,
  exportBucketEnforceControls,
  iamPolicyDisallowWildcardAction,
  iamPolicyDisallowWildcardResource,
  iamPolicyMissingRequiredResourceType,
  lambdaEventSourceConfigureMaximumConcurrency,
  lambdaFunctionMissingFailureDestination,
  lambdaFunctionMissingLogRetention,
  logGroupEnableEncryption,
  memberAssociationMissingAccount,
  organizationConfigurationDisallowPolicyConflict,
  organizationConfigurationMissingAutoEnable,
  organizationConfigurationMissingRegion,
  organizationsPolicyMissingAttachment,
  remediationMissingPatchDocuments,
  resourcePolicyDisallowPublicPrincipal,
  s3BucketDisallowPublicAccess,
  s3BucketEnableEncryption,
  securityhubMissingIntegration,
  snsTopicEnableEncryption,
  sqsQueueEnableEncryption,
  stackSetMissingSsmCoverage,
};
