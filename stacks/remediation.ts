/**
 * Remediation wiring: the triage settings from the stack configuration, the delegated
 * administrator's remediation resources, and the member baseline fragment. The lead wires
 * {@link deployRemediation} into the security tooling deployment and targets its queue with the
 * findings flow's triage rule; the member baseline StackSet merges
 * {@link buildRemediationMemberResources}.
 */
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { Remediation } from "../components/remediation";
import type { RemediationSettings } from "../functions/lib/settings";
import {
  buildRemediationMemberFragment,
  type CfnFragment,
} from "../lib/memberBaseline/remediation";
import { blockedDigestTableArn } from "../lib/blockedDigests";
import {
  AUDIT_TABLE_NAME,
  automationRoleArn,
  CONTAINMENT_DOCUMENT_NAME,
  EXECUTION_ROLE_NAME,
  PATCH_DOCUMENT_NAME,
} from "../lib/remediationNames";
import { TRIAGE_FUNCTION_NAME } from "../components/remediation";
import type { InspectorConfig } from "./config";

/** Whether any remediation capability runs (dry-run included: it needs the role to look). */
export function isRemediationOn(cfg: InspectorConfig): boolean {
  return [
    cfg.remediationPatchMode,
    cfg.remediationContainmentMode,
    cfg.remediationBlockImageMode,
  ].some((mode) => mode !== "off");
}

/** The triage function's settings from the stack configuration. */
export function buildRemediationSettings(cfg: InspectorConfig): RemediationSettings {
  return {
    patchMode: cfg.remediationPatchMode,
    containmentMode: cfg.remediationContainmentMode,
    blockImageMode: cfg.remediationBlockImageMode,
    autoContain: cfg.remediationAutoContain,
    patchTagKey: cfg.remediationPatchTagKey,
    rebootTagKey: cfg.remediationRebootTagKey,
    ownerTagKey: cfg.remediationOwnerTagKey,
    lockWindowMinutes: cfg.remediationLockWindowMinutes,
    auditRetentionDays: cfg.remediationAuditRetentionDays,
    ticketWebhookUrl: cfg.remediationTicketWebhookUrl,
    ecrKeepLastImages: cfg.remediationEcrKeepLastImages,
    executionRoleName: EXECUTION_ROLE_NAME,
    patchDocumentName: PATCH_DOCUMENT_NAME,
    containmentDocumentName: CONTAINMENT_DOCUMENT_NAME,
  };
}

/** What a person needs to find remediation's records and resources (stack output). */
export interface RemediationOutputs {
  readonly patchMode: string;
  readonly containmentMode: string;
  readonly blockImageMode: string;
  /** The audit trail (by finding; GSIs byResource and byAccount), in the home Region. */
  readonly auditTable: string;
  /** The blocked-digest table: `inspector-gate --blocked-table` takes this ARN. */
  readonly blockedDigestTableArn: string;
  readonly triageFunction: string;
  /** The role every member's execution role trusts. */
  readonly automationRoleArn: string;
}

/** The remediation stack outputs: plain values, known before anything exists; none when off. */
export function buildRemediationOutputs(cfg: InspectorConfig): RemediationOutputs | undefined {
  if (!isRemediationOn(cfg)) {
    return undefined;
  }
  return {
    patchMode: cfg.remediationPatchMode,
    containmentMode: cfg.remediationContainmentMode,
    blockImageMode: cfg.remediationBlockImageMode,
    auditTable: AUDIT_TABLE_NAME,
    blockedDigestTableArn: blockedDigestTableArn(cfg.homeRegion, cfg.delegatedAdminAccountId),
    triageFunction: TRIAGE_FUNCTION_NAME,
    automationRoleArn: automationRoleArn(cfg.delegatedAdminAccountId),
  };
}

/** What the findings flow passes in, when it exists. */
export interface RemediationWiring {
  /** The findings flow's notification topic (and its customer managed key, if any). */
  readonly notificationTopicArn?: pulumi.Input<string>;
  readonly notificationKeyArn?: pulumi.Input<string>;
  /** The topic of the dead-letter alarm (the operations topic). */
  readonly alarmTopicArn?: pulumi.Input<string>;
  /** The HIGH/CRITICAL triage rule(s) that send to the queue. */
  readonly triageRuleArns?: pulumi.Input<string>[];
  /** The organization id from the inventory (scopes sts:AssumeRole to it). */
  readonly organizationId: string;
}

/** The delegated administrator's remediation resources in the home Region. */
export function deployRemediation(
  cfg: InspectorConfig,
  provider: aws.Provider,
  wiring: RemediationWiring,
): Remediation {
  return new Remediation(
    "remediation",
    {
      region: cfg.homeRegion,
      accountId: cfg.delegatedAdminAccountId,
      settings: buildRemediationSettings(cfg),
      ticketSecretArn: cfg.remediationTicketSecretArn,
      protect: cfg.protectOrgResources,
      ...wiring,
    },
    { provider },
  );
}

/** The member baseline's remediation resources (execution role and documents). */
export function buildRemediationMemberResources(cfg: InspectorConfig): CfnFragment {
  return buildRemediationMemberFragment({
    delegatedAdminAccountId: cfg.delegatedAdminAccountId,
    patchTagKey: cfg.remediationPatchTagKey,
    tags: cfg.tags,
  });
}
