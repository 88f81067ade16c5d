import { expect } from "chai";
import {
  GATE_PIPELINE_CFN_FRAGMENT,
  GATE_PIPELINE_POLICY,
  gatePipelineTemplatePiece,
} from "../../../lib/gate/pipelinePolicy";

describe("GATE_PIPELINE_POLICY", () => {
  it("grants exactly the calls inspector-gate makes, scoped where IAM allows", () => {
    expect(GATE_PIPELINE_POLICY).to.deep.equal({
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
          Resource: "${InspectorGateBlockedDigestTableArn}",
        },
      ],
    });
  });

  it("grants no write, delete or wildcard action", () => {
    const actions = GATE_PIPELINE_POLICY.Statement.flatMap((s) => [...s.Action]);
    expect(
      actions.filter((a) => a.includes("*") || /:(Put|Delete|Update|Create|Batch)/.test(a)),
    ).to.deep.equal([]);
  });
});

describe("GATE_PIPELINE_CFN_FRAGMENT", () => {
  it("declares the table ARN parameter and its condition", () => {
    expect(GATE_PIPELINE_CFN_FRAGMENT.Parameters).to.deep.equal({
      InspectorGateBlockedDigestTableArn: {
        Type: "String",
        Default: "",
        Description:
          "ARN of the blocked-digest DynamoDB table the image gate reads (empty: the gate runs without --blocked-table).",
        AllowedPattern:
          "^$|^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\\d{12}:table/[A-Za-z0-9_.-]{3,255}$",
      },
    });
    expect(GATE_PIPELINE_CFN_FRAGMENT.Conditions).to.deep.equal({
      InspectorGateHasBlockedDigestTable: {
        "Fn::Not": [{ "Fn::Equals": [{ Ref: "InspectorGateBlockedDigestTableArn" }, ""] }],
      },
    });
  });

  it("is an AWS::IAM::ManagedPolicy whose statements are the policy's, resources through Fn::Sub", () => {
    expect(GATE_PIPELINE_CFN_FRAGMENT.Resources).to.deep.equal({
      InspectorGatePipelinePolicy: {
        Type: "AWS::IAM::ManagedPolicy",
        Properties: {
          ManagedPolicyName: "inspector-gate-pipeline",
          Description:
            "Least privilege for application pipelines running inspector-gate (ECR scan status, Inspector findings, ScanSbom, blocked digests).",
          Path: "/inspector/",
          PolicyDocument: {
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "InspectorGateReadEcrImageScan",
                Effect: "Allow",
                Action: ["ecr:DescribeImages", "ecr:DescribeImageScanFindings"],
                Resource: {
                  "Fn::Sub": "arn:${AWS::Partition}:ecr:*:${AWS::AccountId}:repository/*",
                },
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
                "Fn::If": [
                  "InspectorGateHasBlockedDigestTable",
                  {
                    Sid: "InspectorGateReadBlockedDigests",
                    Effect: "Allow",
                    Action: ["dynamodb:Query"],
                    Resource: { "Fn::Sub": "${InspectorGateBlockedDigestTableArn}" },
                  },
                  { Ref: "AWS::NoValue" },
                ],
              },
            ],
          },
        },
      },
    });
    expect(GATE_PIPELINE_CFN_FRAGMENT.Outputs).to.deep.equal({
      InspectorGatePipelinePolicyArn: {
        Description: "Attach to pipeline roles that run inspector-gate.",
        Value: { Ref: "InspectorGatePipelinePolicy" },
      },
    });
  });
});

describe("gatePipelineTemplatePiece", () => {
  it("is the managed policy without the blocked-digest statement, once per account", () => {
    const piece = gatePipelineTemplatePiece();
    expect(piece.resources).to.deep.equal({
      InspectorGatePipelinePolicy: {
        Type: "AWS::IAM::ManagedPolicy",
        Condition: "IsAccountWideRegion",
        Properties: {
          ManagedPolicyName: "inspector-gate-pipeline",
          Description:
            "Least privilege for application pipelines running inspector-gate (ECR scan status, Inspector findings, ScanSbom).",
          Path: "/inspector/",
          PolicyDocument: {
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "InspectorGateReadEcrImageScan",
                Effect: "Allow",
                Action: ["ecr:DescribeImages", "ecr:DescribeImageScanFindings"],
                Resource: {
                  "Fn::Sub": "arn:${AWS::Partition}:ecr:*:${AWS::AccountId}:repository/*",
                },
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
            ],
          },
        },
      },
    });
  });

  it("adds the Query on the delegated administrator's blocked-digest table when given its ARN", () => {
    const arn = "arn:aws:dynamodb:us-east-1:222222222222:table/inspector-blocked-digests";
    const piece = gatePipelineTemplatePiece(arn);
    const policy = piece.resources.InspectorGatePipelinePolicy.Properties as {
      Description: string;
      PolicyDocument: { Statement: { Sid: string }[] };
    };
    expect([
      piece.purpose,
      policy.Description,
      policy.PolicyDocument.Statement.map((s) => s.Sid),
      policy.PolicyDocument.Statement[3],
    ]).to.deep.equal([
      "the inspector-gate pipeline policy (with the blocked-digest table)",
      "Least privilege for application pipelines running inspector-gate (ECR scan status, Inspector findings, ScanSbom, blocked digests).",
      [
        "InspectorGateReadEcrImageScan",
        "InspectorGateListImageFindings",
        "InspectorGateScanSbom",
        "InspectorGateReadBlockedDigests",
      ],
      {
        Sid: "InspectorGateReadBlockedDigests",
        Effect: "Allow",
        Action: ["dynamodb:Query"],
        Resource: arn,
      },
    ]);
  });
});
