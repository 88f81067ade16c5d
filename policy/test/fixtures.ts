/**
 * Compliant baselines: every fixture here passes every policy of the pack. Specs copy one and
 * change exactly one field per test (compliance-policies' resource.ts pattern).
 */
import * as aws from "@pulumi/aws";
import { MemberAssociations } from "../lib/inspector";
import type { StackFixtureResource } from "./helpers";

/** The delegated administrator of the fixtures. */
export const ADMIN = "222222222222";
/** Two member accounts. */
export const MEMBERS = ["333333333333", "444444444444"];
/** The governed regions of the fixtures (both support LAMBDA_CODE). */
export const REGIONS = ["us-east-1", "eu-west-1"];

/** A compliant Enabler's inputs. */
export function compliantEnabler(): Record<string, unknown> {
  return {
    accountIds: [...MEMBERS],
    resourceTypes: ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"],
    region: "us-east-1",
  };
}

/** A compliant OrganizationConfiguration's inputs. */
export function compliantOrgConfig(): Record<string, unknown> {
  return {
    autoEnable: { ec2: true, ecr: true, lambda: true, lambdaCode: true },
    region: "us-east-1",
  };
}

/** An Inspector event pattern for CRITICAL and HIGH findings. */
export const CRITICAL_PATTERN = JSON.stringify({
  source: ["aws.inspector2"],
  "detail-type": ["Inspector2 Finding"],
  detail: { severity: ["CRITICAL", "HIGH"] },
});

/** A compliant EventTarget's inputs. */
export function compliantEventTarget(rule = "findings-us-east-1"): Record<string, unknown> {
  return {
    rule,
    arn: "arn:aws:sqs:us-east-1:222222222222:findings",
    retryPolicy: { maximumRetryAttempts: 5, maximumEventAgeInSeconds: 3600 },
    deadLetterConfig: { arn: "arn:aws:sqs:us-east-1:222222222222:findings-dlq" },
  };
}

/** A compliant ECR repository's inputs. */
export function compliantRepository(): Record<string, unknown> {
  return {
    name: "app",
    imageScanningConfiguration: { scanOnPush: true },
    imageTagMutability: "IMMUTABLE",
  };
}

/** A lifecycle policy that expires untagged images after 14 days. */
export function compliantLifecyclePolicy(): string {
  return JSON.stringify({
    rules: [
      {
        rulePriority: 1,
        selection: {
          tagStatus: "untagged",
          countType: "sinceImagePushed",
          countUnit: "days",
          countNumber: 14,
        },
        action: { type: "expire" },
      },
    ],
  });
}

/** A least-privilege IAM policy document. */
export function compliantPolicyDocument(): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ReadFindings",
        Effect: "Allow",
        Action: ["inspector2:ListFindings", "inspector2:BatchGetFindingDetails"],
        Resource: "*",
      },
      {
        Sid: "WriteExports",
        Effect: "Allow",
        Action: ["s3:PutObject"],
        Resource: "arn:aws:s3:::inspector-export/*",
      },
    ],
  });
}

/** A bucket policy that denies requests without TLS. */
export const TLS_ONLY_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: ["arn:aws:s3:::inspector-export", "arn:aws:s3:::inspector-export/*"],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
  ],
});

const RETAIN = { retainOnDelete: true };

/**
 * A complete, compliant delegated-admin rollout in two regions: enablement, findings routing,
 * Security Hub, the export bucket, SSM coverage, remediation, and the functions and queues
 * around them.
 */
export function compliantRollout(): StackFixtureResource[] {
  const resources: StackFixtureResource[] = [];
  for (const region of REGIONS) {
    resources.push(
      {
        cls: aws.inspector2.DelegatedAdminAccount,
        name: `admin-${region}`,
        props: { accountId: ADMIN, region },
        opts: RETAIN,
      },
      {
        cls: aws.inspector2.Enabler,
        name: `admin-enabler-${region}`,
        props: { ...compliantEnabler(), accountIds: [ADMIN], region },
        opts: RETAIN,
      },
      {
        cls: aws.inspector2.Enabler,
        name: `members-${region}`,
        props: { ...compliantEnabler(), region },
        opts: RETAIN,
      },
      {
        cls: aws.inspector2.OrganizationConfiguration,
        name: `org-config-${region}`,
        props: { ...compliantOrgConfig(), region },
        opts: RETAIN,
      },
      {
        cls: MemberAssociations,
        name: `members-${region}-associations`,
        props: { accountIds: [...MEMBERS], region },
        opts: RETAIN,
      },
      {
        cls: aws.cloudwatch.EventRule,
        name: `findings-${region}`,
        props: { name: `findings-${region}`, eventPattern: CRITICAL_PATTERN, region },
      },
      {
        cls: aws.cloudwatch.EventTarget,
        name: `findings-target-${region}`,
        props: { ...compliantEventTarget(`findings-${region}`), region },
        dependsOn: [`findings-${region}`],
      },
    );
  }
  resources.push(
    { cls: aws.securityhub.Account, name: "securityhub", props: {} },
    {
      cls: aws.securityhub.FindingAggregator,
      name: "aggregator",
      props: { linkingMode: "ALL_REGIONS" },
    },
    { cls: aws.s3.Bucket, name: "export", props: { bucket: "inspector-export" } },
    {
      cls: aws.s3.BucketServerSideEncryptionConfiguration,
      name: "export-sse",
      props: {
        bucket: "inspector-export",
        rules: [
          {
            applyServerSideEncryptionByDefault: {
              sseAlgorithm: "aws:kms",
              kmsMasterKeyId: "arn:aws:kms:us-east-1:222222222222:key/1",
            },
          },
        ],
      },
    },
    {
      cls: aws.s3.BucketVersioning,
      name: "export-versioning",
      props: { bucket: "inspector-export", versioningConfiguration: { status: "Enabled" } },
    },
    {
      cls: aws.s3.BucketPublicAccessBlock,
      name: "export-public-access",
      props: {
        bucket: "inspector-export",
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
    },
    {
      cls: aws.s3.BucketPolicy,
      name: "export-policy",
      props: { bucket: "inspector-export", policy: TLS_ONLY_POLICY },
    },
    {
      cls: aws.s3.BucketLifecycleConfiguration,
      name: "export-lifecycle",
      props: {
        bucket: "inspector-export",
        rules: [{ id: "expire", status: "Enabled", expiration: { days: 400 } }],
      },
    },
    {
      cls: aws.cloudformation.StackSet,
      name: "ssm-coverage",
      props: {
        permissionModel: "SERVICE_MANAGED",
        autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      },
    },
    {
      cls: aws.ssm.Document,
      name: "patch",
      props: { documentType: "Automation", content: "{}" },
    },
    {
      cls: aws.sqs.Queue,
      name: "triage-dlq",
      props: { sqsManagedSseEnabled: true },
    },
    {
      cls: aws.sqs.Queue,
      name: "triage",
      props: { sqsManagedSseEnabled: true, redrivePolicy: "{}" },
      dependsOn: ["triage-dlq"],
    },
    {
      cls: aws.lambda.Function,
      name: "triage-fn",
      props: {
        name: "triage",
        role: "arn:aws:iam::222222222222:role/triage",
        environment: {
          variables: {
            REMEDIATION_SETTINGS: JSON.stringify({
              patchMode: "enforce",
              containmentMode: "dry-run",
            }),
          },
        },
      },
    },
    {
      cls: aws.lambda.EventSourceMapping,
      name: "triage-mapping",
      props: { functionName: "triage", scalingConfig: { maximumConcurrency: 5 } },
      dependsOn: ["triage", "triage-fn"],
    },
    {
      cls: aws.cloudwatch.LogGroup,
      name: "triage-logs",
      props: {
        name: "/aws/lambda/triage",
        retentionInDays: 30,
        kmsKeyId: "arn:aws:kms:us-east-1:222222222222:key/2",
      },
    },
    {
      cls: aws.sns.Topic,
      name: "notifications",
      props: { kmsMasterKeyId: "alias/aws/sns" },
    },
    {
      cls: aws.iam.RolePolicy,
      name: "triage-policy",
      props: { role: "triage", policy: compliantPolicyDocument() },
    },
    { cls: aws.ecr.Repository, name: "app", props: compliantRepository() },
    {
      cls: aws.ecr.LifecyclePolicy,
      name: "app-lifecycle",
      props: { repository: "app", policy: compliantLifecyclePolicy() },
      dependsOn: ["app"],
    },
    {
      cls: aws.ecr.RegistryScanningConfiguration,
      name: "registry-scanning",
      props: {
        scanType: "ENHANCED",
        rules: [
          {
            scanFrequency: "CONTINUOUS_SCAN",
            repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }],
          },
        ],
      },
    },
  );
  return resources;
}

/** The fixture without the resources of the given names. */
export function without(
  resources: readonly StackFixtureResource[],
  ...names: string[]
): StackFixtureResource[] {
  return resources.filter((r) => !names.includes(r.name));
}

/** The fixture with one resource's props replaced through `mutate`. */
export function mutate(
  resources: readonly StackFixtureResource[],
  name: string,
  change: (props: Record<string, unknown>) => void,
): StackFixtureResource[] {
  let found = false;
  const result = resources.map((r) => {
    if (r.name !== name) {
      return r;
    }
    found = true;
    const props = structuredClone(r.props);
    change(props);
    return { ...r, props };
  });
  if (!found) {
    throw new Error(`fixture has no resource named '${name}'`);
  }
  return result;
}
