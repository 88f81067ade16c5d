/**
 * The triage function's IAM: its permissions (its trust is the findings flow's Lambda trust), as typed values that the
 * component turns into JSON and the tests assert exactly (STYLE.md rule 41).
 */
import type { PolicyDocument, PolicyStatement, ResourcePolicyStatement } from "./iamPolicy";
import { EXECUTION_ROLE_NAME, REMEDIATION_ROLE_PATH } from "./remediationNames";

/** The ARNs the triage function's permissions are scoped to. */
export interface TriagePolicyResources {
  /** The delegated administrator's account id. */
  readonly accountId: string;
  /** The home Region (of the topic). */
  readonly region: string;
  readonly queueArn: string;
  readonly idempotencyTableArn: string;
  readonly auditTableArn: string;
  readonly lockTableArn: string;
  readonly blockedDigestsTableArn: string;
  readonly notificationTopicArn: string;
  readonly logGroupArn: string;
  /** Member roles may be assumed only inside this organization (never any account's role). */
  readonly organizationId: string;
  /** The ticket webhook's secret, when tickets are configured. */
  readonly ticketSecretArn?: string;
  /** The KMS key of an encrypted notification topic (customer managed). */
  readonly notificationKeyArn?: string;
}

/** The triage function's permissions. */
export function buildTriagePolicy(r: TriagePolicyResources): PolicyDocument {
  const statements: PolicyStatement[] = [
    {
      Sid: "ConsumeTriageQueue",
      Effect: "Allow",
      Action: [
        "sqs:ReceiveMessage",
        "sqs:DeleteMessage",
        "sqs:GetQueueAttributes",
        "sqs:ChangeMessageVisibility",
      ],
      Resource: r.queueArn,
    },
    {
      Sid: "IdempotencyRecords",
      Effect: "Allow",
      Action: [
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
      ],
      Resource: r.idempotencyTableArn,
    },
    {
      Sid: "AuditTrail",
      Effect: "Allow",
      Action: ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query"],
      Resource: [r.auditTableArn, `${r.auditTableArn}/index/*`],
    },
    {
      Sid: "InstanceLocks",
      Effect: "Allow",
      Action: ["dynamodb:PutItem", "dynamodb:DeleteItem"],
      Resource: r.lockTableArn,
    },
    {
      Sid: "BlockedImageDigests",
      Effect: "Allow",
      Action: ["dynamodb:UpdateItem"],
      Resource: r.blockedDigestsTableArn,
    },
    {
      Sid: "PublishNotifications",
      Effect: "Allow",
      Action: ["sns:Publish"],
      Resource: r.notificationTopicArn,
    },
    {
      // ListFindings has no resource-level permissions.
      Sid: "LookUpRelatedFindings",
      Effect: "Allow",
      Action: ["inspector2:ListFindings"],
      Resource: "*",
    },
    {
      Sid: "AssumeMemberExecutionRole",
      Effect: "Allow",
      Action: ["sts:AssumeRole"],
      Resource: `arn:aws:iam::*:role${REMEDIATION_ROLE_PATH}${EXECUTION_ROLE_NAME}`,
      Condition: { StringEquals: { "aws:ResourceOrgID": r.organizationId } },
    },
    {
      Sid: "WriteOwnLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: `${r.logGroupArn}:*`,
    },
  ];
  if (r.notificationKeyArn !== undefined) {
    statements.push({
      Sid: "EncryptNotifications",
      Effect: "Allow",
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: r.notificationKeyArn,
      Condition: { StringEquals: { "kms:ViaService": `sns.${r.region}.amazonaws.com` } },
    });
  }
  if (r.ticketSecretArn !== undefined) {
    statements.push({
      Sid: "ReadTicketWebhookSecret",
      Effect: "Allow",
      Action: ["secretsmanager:GetSecretValue"],
      Resource: r.ticketSecretArn,
    });
  }
  return { Version: "2012-10-17", Statement: statements };
}

/**
 * The blocked-digests table's resource policy: the image gate in any account of the organization
 * may Query it (cross-account reads need this policy and the caller's own identity policy, the
 * member baseline's `inspector-gate-pipeline`). Nothing else is granted: writes stay with the
 * triage function's role, in this account, through its identity policy. `Principal: *` limited by
 * `aws:PrincipalOrgID` (no wildcard in the value) is not public for DynamoDB's block public
 * access, which lists that key among its trusted condition keys (DynamoDB developer guide,
 * rbac-bpa-rbp).
 */
export function buildBlockedDigestReadPolicy(
  tableArn: string,
  organizationId: string,
): PolicyDocument<ResourcePolicyStatement> {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ImageGateReadsFromTheOrganization",
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: ["dynamodb:Query"],
        Resource: tableArn,
        Condition: { StringEquals: { "aws:PrincipalOrgID": organizationId } },
      },
    ],
  };
}
