/**
 * Least privilege for application pipelines that run `inspector-gate`: exactly the calls the gate
 * makes, and nothing else. The member baseline StackSet deploys it as a customer managed policy
 * that pipeline roles (CodeBuild service roles, GitHub OIDC roles) attach.
 */

import { ACCOUNT_WIDE_CONDITION } from "../../components/memberBaselineTemplate";

/** An IAM policy statement as the gate's policy uses it. */
export interface GatePolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow";
  readonly Action: readonly string[];
  readonly Resource: string;
}

/** An IAM policy document. */
export interface GatePolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly GatePolicyStatement[];
}

/** The StackSet parameter holding the blocked-digest table ARN (empty: no table, no statement). */
export const BLOCKED_DIGEST_TABLE_PARAMETER = "InspectorGateBlockedDigestTableArn";

/**
 * The policy, with CloudFormation `Fn::Sub` placeholders for the partition, the member account and
 * the blocked-digest table ARN: the document the StackSet deploys in every member account.
 *
 * - ECR reads are scoped to the account's own repositories (ecr:DescribeImages resolves a tag,
 *   ecr:DescribeImageScanFindings reports whether the enhanced scan is complete).
 * - inspector2:ListFindings and inspector-scan:ScanSbom support no resource-level permissions
 *   (Service Authorization Reference: no resource types), so `*`; ListFindings only returns the
 *   account's own findings. ListCoverage is not granted: the gate reads the scan state from ECR.
 * - dynamodb:Query on the blocked-digest table only: the gate reads the digest's whole partition
 *   (a block under any repository applies), so GetItem is not needed. A table in the security
 *   tooling account also needs a resource-based policy on the table that allows these principals.
 */
export const GATE_PIPELINE_POLICY: GatePolicyDocument = {
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "InspectorGateReadEcrImageScan",
      Effect: "Allow",
      Action: ["ecr:DescribeImages", "ecr:DescribeImageScanFindings"],
      Resource: "arn:${AWS::Partition}:ecr:*:${AWS::AccountId}:repository/*",
    },
    {
      Sid: "InspectorGateListImageFindings",
      Effect: "Allow",
      Action: ["inspector2:ListFindings"],
      Resource: "*",
    },
    {
      Sid: "InspectorGateScanSbom",
      Effect: "Allow",
      Action: ["inspector-scan:ScanSbom"],
      Resource: "*",
    },
    {
      Sid: "InspectorGateReadBlockedDigests",
      Effect: "Allow",
      Action: ["dynamodb:Query"],
      Resource: `\${${BLOCKED_DIGEST_TABLE_PARAMETER}}`,
    },
  ],
};

/** A statement as CloudFormation takes it: `${...}` resources go through Fn::Sub. */
function toCfnStatement(s: GatePolicyStatement) {
  return {
    Sid: s.Sid,
    Effect: s.Effect,
    Action: [...s.Action],
    Resource: s.Resource === "*" ? "*" : { "Fn::Sub": s.Resource },
  };
}

/** The managed policy's name: one per account (IAM names are account-wide). */
export const GATE_PIPELINE_POLICY_NAME = "inspector-gate-pipeline";

/** Logical id of the managed policy in the member baseline template. */
export const GATE_PIPELINE_POLICY_LOGICAL_ID = "InspectorGatePipelinePolicy";

/** Condition: a blocked-digest table ARN was given. */
export const HAS_BLOCKED_DIGEST_TABLE_CONDITION = "InspectorGateHasBlockedDigestTable";

/**
 * The CloudFormation fragment for the member baseline StackSet: a parameter, a condition and the
 * `AWS::IAM::ManagedPolicy` resource. Every `Resource` goes through `Fn::Sub`; the DynamoDB statement
 * is left out (`AWS::NoValue`) when the table parameter is empty.
 */
export const GATE_PIPELINE_CFN_FRAGMENT = {
  Parameters: {
    [BLOCKED_DIGEST_TABLE_PARAMETER]: {
      Type: "String",
      Default: "",
      Description:
        "ARN of the blocked-digest DynamoDB table the image gate reads (empty: the gate runs without --blocked-table).",
      AllowedPattern: "^$|^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\\d{12}:table/[A-Za-z0-9_.-]{3,255}$",
    },
  },
  Conditions: {
    [HAS_BLOCKED_DIGEST_TABLE_CONDITION]: {
      "Fn::Not": [{ "Fn::Equals": [{ Ref: BLOCKED_DIGEST_TABLE_PARAMETER }, ""] }],
    },
  },
  Resources: {
    [GATE_PIPELINE_POLICY_LOGICAL_ID]: {
      Type: "AWS::IAM::ManagedPolicy",
      Properties: {
        ManagedPolicyName: GATE_PIPELINE_POLICY_NAME,
        Description:
          "Least privilege for application pipelines running inspector-gate (ECR scan status, Inspector findings, ScanSbom, blocked digests).",
        Path: "/inspector/",
        PolicyDocument: {
          Version: GATE_PIPELINE_POLICY.Version,
          Statement: GATE_PIPELINE_POLICY.Statement.map((s) => {
            const statement = toCfnStatement(s);
            return s.Sid === "InspectorGateReadBlockedDigests"
              ? {
                  "Fn::If": [
                    HAS_BLOCKED_DIGEST_TABLE_CONDITION,
                    statement,
                    { Ref: "AWS::NoValue" },
                  ],
                }
              : statement;
          }),
        },
      },
    },
  },
  Outputs: {
    InspectorGatePipelinePolicyArn: {
      Description: "Attach to pipeline roles that run inspector-gate.",
      Value: { Ref: GATE_PIPELINE_POLICY_LOGICAL_ID },
    },
  },
} as const;

/**
 * The gate's managed policy as a member baseline piece, once in every member account: a
 * managed policy is account-wide (IAM is global, and its statements name every Region's
 * repositories), so it carries the template's account-wide condition and only the stack of the
 * account-wide Region creates it, under one name pipelines can attach in any Region. With `blockedDigestTableArn` (remediation on: the
 * table has a fixed name in the delegated administrator, and a resource policy that lets the
 * organization's accounts Query it), the policy may also Query that table; without it, the
 * blocked-digest statement is left out.
 */
export function gatePipelineTemplatePiece(blockedDigestTableArn?: string): {
  purpose: string;
  resources: Record<
    string,
    { Type: string; Condition: string; Properties: Record<string, unknown> }
  >;
} {
  const statements = GATE_PIPELINE_POLICY.Statement.filter(
    (s) => s.Sid !== "InspectorGateReadBlockedDigests",
  ).map(toCfnStatement);
  const blocked = GATE_PIPELINE_POLICY.Statement.find(
    (s) => s.Sid === "InspectorGateReadBlockedDigests",
  ) as GatePolicyStatement;
  return {
    purpose:
      blockedDigestTableArn === undefined
        ? "the inspector-gate pipeline policy"
        : "the inspector-gate pipeline policy (with the blocked-digest table)",
    resources: {
      [GATE_PIPELINE_POLICY_LOGICAL_ID]: {
        Type: "AWS::IAM::ManagedPolicy",
        Condition: ACCOUNT_WIDE_CONDITION,
        Properties: {
          ManagedPolicyName: GATE_PIPELINE_POLICY_NAME,
          Description:
            blockedDigestTableArn === undefined
              ? "Least privilege for application pipelines running inspector-gate (ECR scan status, Inspector findings, ScanSbom)."
              : "Least privilege for application pipelines running inspector-gate (ECR scan status, Inspector findings, ScanSbom, blocked digests).",
          Path: "/inspector/",
          PolicyDocument: {
            Version: GATE_PIPELINE_POLICY.Version,
            Statement:
              blockedDigestTableArn === undefined
                ? statements
                : [
                    ...statements,
                    {
                      Sid: blocked.Sid,
                      Effect: blocked.Effect,
                      Action: [...blocked.Action],
                      Resource: blockedDigestTableArn,
                    },
                  ],
          },
        },
      },
    },
  };
}
