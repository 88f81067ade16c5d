/** Hygiene policies, for this stack and any other program. */
import * as aws from "@pulumi/aws";
import { ecrRepositoryEnableScanOnPush } from "../../policies/ecrRepository/enableScanOnPush";
import { ecrRepositoryMissingLifecyclePolicy } from "../../policies/ecrRepository/missingLifecyclePolicy";
import { ecrRepositoryEnforceImmutableTags } from "../../policies/ecrRepository/enforceImmutableTags";
import { eventTargetMissingDeadLetter } from "../../policies/eventTarget/missingDeadLetter";
import { eventTargetMissingRetryPolicy } from "../../policies/eventTarget/missingRetryPolicy";
import { iamPolicyDisallowWildcardAction } from "../../policies/iamPolicy/disallowWildcardAction";
import { iamPolicyDisallowWildcardResource } from "../../policies/iamPolicy/disallowWildcardResource";
import { lambdaFunctionMissingFailureDestination } from "../../policies/lambdaFunction/missingFailureDestination";
import { lambdaFunctionMissingLogRetention } from "../../policies/lambdaFunction/missingLogRetention";
import { logGroupEnableEncryption } from "../../policies/logGroup/enableEncryption";
import { resourcePolicyDisallowPublicPrincipal } from "../../policies/resourcePolicy/disallowPublicPrincipal";
import { s3BucketDisallowPublicAccess } from "../../policies/s3Bucket/disallowPublicAccess";
import { s3BucketEnableEncryption } from "../../policies/s3Bucket/enableEncryption";
import { snsTopicEnableEncryption } from "../../policies/snsTopic/enableEncryption";
import { sqsQueueEnableEncryption } from "../../policies/sqsQueue/enableEncryption";
import {
  compliantEventTarget,
  compliantPolicyDocument,
  compliantRepository,
  compliantRollout,
  mutate,
  without,
} from "../fixtures";
import {
  type ResourceClass,
  StackFixtureResource,
  checkResource,
  checkStack,
  expectMessages,
  expectNoViolations,
  expectNotApplicable,
} from "../helpers";

function documentWith(statement: Record<string, unknown>): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: [statement] });
}

describe("inspector-iam-policy-disallow-wildcard-action", () => {
  for (const cls of [aws.iam.Policy, aws.iam.RolePolicy]) {
    it(`passes a scoped ${cls.name}`, async () => {
      expectNoViolations(
        await checkResource(iamPolicyDisallowWildcardAction, cls, {
          policy: compliantPolicyDocument(),
        }),
      );
    });
  }

  it("reports a service wildcard", async () => {
    const policy = documentWith({ Sid: "All", Effect: "Allow", Action: ["s3:*"], Resource: "*" });
    expectMessages(
      await checkResource(
        iamPolicyDisallowWildcardAction,
        aws.iam.Policy,
        { policy },
        { name: "p" },
      ),
      [
        "IAM policy 'p' statement 'All' allows the wildcard action \"s3:*\"; list the specific actions the principal needs (policy config allowedWildcardActions).",
      ],
    );
  });

  it('reports "*" in a role policy, numbering a statement without Sid', async () => {
    const policy = documentWith({ Effect: "Allow", Action: "*", Resource: "*" });
    expectMessages(
      await checkResource(
        iamPolicyDisallowWildcardAction,
        aws.iam.RolePolicy,
        { role: "r", policy },
        { name: "p" },
      ),
      [
        "IAM role policy 'p' statement #1 allows the wildcard action \"*\"; list the specific actions the principal needs (policy config allowedWildcardActions).",
      ],
    );
  });

  it("reports Allow with NotAction", async () => {
    const policy = documentWith({
      Sid: "Most",
      Effect: "Allow",
      NotAction: "iam:*",
      Resource: "*",
    });
    expectMessages(
      await checkResource(
        iamPolicyDisallowWildcardAction,
        aws.iam.Policy,
        { policy },
        { name: "p" },
      ),
      [
        "IAM policy 'p' statement 'Most' allows NotAction, which grants every other action; list the allowed actions in Action instead.",
      ],
    );
  });

  it("reports a document that is not JSON", async () => {
    expectMessages(
      await checkResource(
        iamPolicyDisallowWildcardAction,
        aws.iam.Policy,
        { policy: "{" },
        { name: "p" },
      ),
      [
        `IAM policy 'p' has a policy document that is not valid JSON (${(() => {
          try {
            JSON.parse("{");
          } catch (e) {
            return (e as Error).message;
          }
          return "";
        })()}); build it with pulumi.jsonStringify or aws.iam.getPolicyDocumentOutput.`,
      ],
    );
  });

  it("accepts Deny wildcards and configured exceptions", async () => {
    const deny = documentWith({ Effect: "Deny", Action: "*", Resource: "*" });
    expectNoViolations(
      await checkResource(iamPolicyDisallowWildcardAction, aws.iam.Policy, { policy: deny }),
    );
    const allowed = documentWith({ Effect: "Allow", Action: "inspector2:*", Resource: "*" });
    expectNoViolations(
      await checkResource(
        iamPolicyDisallowWildcardAction,
        aws.iam.Policy,
        { policy: allowed },
        {
          config: { allowedWildcardActions: ["inspector2:*"] },
        },
      ),
    );
  });

  it("skips a document that is not known yet", async () => {
    expectNoViolations(await checkResource(iamPolicyDisallowWildcardAction, aws.iam.Policy, {}));
  });
});

describe("inspector-resource-policy-disallow-public-principal", () => {
  const TABLE = "arn:aws:dynamodb:us-east-1:222222222222:table/inspector-blocked-digests";
  const query = { Effect: "Allow", Action: ["dynamodb:Query"], Resource: TABLE };
  const check = (
    statement: Record<string, unknown>,
    cls: ResourceClass = aws.dynamodb.ResourcePolicy,
  ) =>
    checkResource(
      resourcePolicyDisallowPublicPrincipal,
      cls,
      { policy: documentWith(statement) },
      { name: "p" },
    );
  const message = (label: string, statement: string) =>
    `${label} 'p' statement ${statement} allows any principal ("*") without a condition on aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:PrincipalAccount, aws:PrincipalArn, aws:SourceAccount, aws:SourceArn, aws:SourceOrgID, aws:SourceOrgPaths, aws:SourceVpc, aws:SourceVpce; name the principals, or add one of those conditions with an exact value.`;

  it("passes any principal tied to the organization (the blocked-digest table's policy)", async () => {
    expectNoViolations(
      await check({
        ...query,
        Sid: "Org",
        Principal: { AWS: "*" },
        Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } },
      }),
    );
  });

  it("passes named principals and services, and ignores Deny statements", async () => {
    expectNoViolations(
      await check({ ...query, Principal: { AWS: "arn:aws:iam::111111111111:root" } }),
    );
    expectNoViolations(
      await check(
        {
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sqs:SendMessage",
          Resource: "*",
        },
        aws.sqs.QueuePolicy,
      ),
    );
    expectNoViolations(
      await check(
        {
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: "*",
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        aws.s3.BucketPolicy,
      ),
    );
  });

  it("reports any principal without a condition, on every resource policy type", async () => {
    const cases: [ResourceClass, string][] = [
      [aws.dynamodb.ResourcePolicy, "DynamoDB resource policy"],
      [aws.sqs.QueuePolicy, "SQS queue policy"],
      [aws.sns.TopicPolicy, "SNS topic policy"],
      [aws.s3.BucketPolicy, "S3 bucket policy"],
    ];
    for (const [cls, label] of cases) {
      expectMessages(await check({ ...query, Sid: "Open", Principal: "*" }, cls), [
        message(label, "'Open'"),
      ]);
    }
  });

  it("reports a condition with a wildcard value or an unrelated key", async () => {
    expectMessages(
      await check({
        ...query,
        Principal: { AWS: ["*"] },
        Condition: { StringLike: { "aws:PrincipalOrgID": "o-*" } },
      }),
      [message("DynamoDB resource policy", "#1")],
    );
    expectMessages(
      await check({
        ...query,
        Principal: "*",
        Condition: { Bool: { "aws:SecureTransport": "true" } },
      }),
      [message("DynamoDB resource policy", "#1")],
    );
  });

  it("reports an open KMS key policy", async () => {
    const policy = documentWith({
      Effect: "Allow",
      Principal: "*",
      Action: "kms:Decrypt",
      Resource: "*",
    });
    expectMessages(
      await checkResource(
        resourcePolicyDisallowPublicPrincipal,
        aws.kms.Key,
        { policy },
        { name: "p" },
      ),
      [message("KMS key policy", "#1")],
    );
  });
});

describe("inspector-iam-policy-disallow-wildcard-resource", () => {
  it('passes a scoped policy (unscopable actions on "*" included)', async () => {
    expectNoViolations(
      await checkResource(iamPolicyDisallowWildcardResource, aws.iam.Policy, {
        policy: compliantPolicyDocument(),
      }),
    );
  });

  it('reports scopable actions on Resource "*"', async () => {
    const policy = documentWith({
      Sid: "Objects",
      Effect: "Allow",
      Action: ["s3:GetObject", "ec2:DescribeInstances", "s3:PutObject"],
      Resource: "*",
    });
    expectMessages(
      await checkResource(
        iamPolicyDisallowWildcardResource,
        aws.iam.RolePolicy,
        { role: "r", policy },
        { name: "p" },
      ),
      [
        "IAM role policy 'p' statement 'Objects' grants s3:GetObject, s3:PutObject on Resource \"*\"; these actions support resource-level permissions, so list the ARNs they need (policy config unscopableActions lists the exceptions).",
      ],
    );
  });

  it("follows the configured unscopable actions", async () => {
    const policy = documentWith({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" });
    expectNoViolations(
      await checkResource(
        iamPolicyDisallowWildcardResource,
        aws.iam.Policy,
        { policy },
        {
          config: { unscopableActions: ["s3:Get*"] },
        },
      ),
    );
  });
});

describe("inspector-lambda-function-missing-failure-destination", () => {
  const fn: StackFixtureResource = {
    cls: aws.lambda.Function,
    name: "fn",
    props: { name: "notify", role: "arn:aws:iam::1:role/r" },
  };

  it("passes the compliant rollout (an SQS-fed function with a redrive policy)", async () => {
    expectNoViolations(
      await checkStack(lambdaFunctionMissingFailureDestination, compliantRollout()),
    );
  });

  it("passes a function with a dead-letter queue", async () => {
    expectNoViolations(
      await checkStack(lambdaFunctionMissingFailureDestination, [
        {
          ...fn,
          props: { ...fn.props, deadLetterConfig: { targetArn: "arn:aws:sqs:us-east-1:1:dlq" } },
        },
      ]),
    );
  });

  it("passes a function with an on-failure destination", async () => {
    expectNoViolations(
      await checkStack(lambdaFunctionMissingFailureDestination, [
        fn,
        {
          cls: aws.lambda.FunctionEventInvokeConfig,
          name: "fn-invoke",
          props: {
            functionName: "notify",
            destinationConfig: { onFailure: { destination: "arn:aws:sqs:us-east-1:1:dlq" } },
          },
        },
      ]),
    );
  });

  it("reports a function without either", async () => {
    expectMessages(await checkStack(lambdaFunctionMissingFailureDestination, [fn]), [
      "Lambda function 'fn' has no dead-letter queue or on-failure destination, so failed events are lost; set deadLetterConfig.targetArn, add a FunctionEventInvokeConfig with destinationConfig.onFailure, or feed it from an SQS queue with a redrivePolicy.",
    ]);
  });

  it("reports an SQS-fed function whose queue has no redrive policy", async () => {
    const run = await checkStack(
      lambdaFunctionMissingFailureDestination,
      mutate(compliantRollout(), "triage", (p) => {
        delete p["redrivePolicy"];
      }),
    );
    expectMessages(run, [
      "Lambda function 'triage-fn' has no dead-letter queue or on-failure destination, so failed events are lost; set deadLetterConfig.targetArn, add a FunctionEventInvokeConfig with destinationConfig.onFailure, or feed it from an SQS queue with a redrivePolicy.",
    ]);
  });
});

describe("inspector-lambda-function-missing-log-retention", () => {
  it("passes the compliant rollout", async () => {
    expectNoViolations(await checkStack(lambdaFunctionMissingLogRetention, compliantRollout()));
  });

  it("reports a function without its log group", async () => {
    expectMessages(
      await checkStack(
        lambdaFunctionMissingLogRetention,
        without(compliantRollout(), "triage-logs"),
      ),
      [
        "Lambda function 'triage-fn' has no log group with retention, so Lambda creates one that keeps logs forever; add an aws.cloudwatch.LogGroup named /aws/lambda/<function name> with retentionInDays, or set loggingConfig.logGroup to one.",
      ],
    );
  });

  it("reports a log group without retention", async () => {
    const run = await checkStack(
      lambdaFunctionMissingLogRetention,
      mutate(compliantRollout(), "triage-logs", (p) => {
        delete p["retentionInDays"];
      }),
    );
    expectMessages(run, [
      "Log group 'triage-logs' of Lambda function 'triage-fn' keeps logs forever; set retentionInDays to at least 1 (policy config minimumRetentionDays).",
    ]);
  });

  it("reports retention under the configured minimum", async () => {
    const run = await checkStack(lambdaFunctionMissingLogRetention, compliantRollout(), {
      minimumRetentionDays: 90,
    });
    expectMessages(run, [
      "Log group 'triage-logs' of Lambda function 'triage-fn' keeps logs for 30 days; set retentionInDays to at least 90 (policy config minimumRetentionDays).",
    ]);
  });

  it("passes retention equal to the configured minimum (30 of 30) and reports one day short", async () => {
    const atMinimum = await checkStack(lambdaFunctionMissingLogRetention, compliantRollout(), {
      minimumRetentionDays: 30,
    });
    const oneShort = await checkStack(lambdaFunctionMissingLogRetention, compliantRollout(), {
      minimumRetentionDays: 31,
    });
    expectNoViolations(atMinimum);
    expectMessages(oneShort, [
      "Log group 'triage-logs' of Lambda function 'triage-fn' keeps logs for 30 days; set retentionInDays to at least 31 (policy config minimumRetentionDays).",
    ]);
  });

  it("accepts loggingConfig.logGroup naming a log group with retention", async () => {
    expectNoViolations(
      await checkStack(lambdaFunctionMissingLogRetention, [
        {
          cls: aws.lambda.Function,
          name: "fn",
          props: { role: "r", loggingConfig: { logFormat: "JSON", logGroup: "/shared/functions" } },
        },
        {
          cls: aws.cloudwatch.LogGroup,
          name: "shared",
          props: { name: "/shared/functions", retentionInDays: 14 },
        },
      ]),
    );
  });

  it("accepts a log group whose name is built from the function (a dependency)", async () => {
    expectNoViolations(
      await checkStack(lambdaFunctionMissingLogRetention, [
        { cls: aws.lambda.Function, name: "fn", props: { role: "r" } },
        {
          cls: aws.cloudwatch.LogGroup,
          name: "fn-logs",
          props: { retentionInDays: 14 },
          dependsOn: ["fn"],
        },
      ]),
    );
  });

  it("does not apply to a stack without functions", async () => {
    expectNotApplicable(
      await checkStack(lambdaFunctionMissingLogRetention, []),
      "The stack has no Lambda functions.",
    );
  });
});

describe("encryption at rest", () => {
  const cases: {
    policy: Parameters<typeof checkResource>[0];
    cls: Parameters<typeof checkResource>[1];
    compliant: Record<string, unknown>;
    violating: Record<string, unknown>;
    message: string;
  }[] = [
    {
      policy: sqsQueueEnableEncryption,
      cls: aws.sqs.Queue,
      compliant: { kmsMasterKeyId: "alias/app" },
      violating: { sqsManagedSseEnabled: false },
      message:
        "SQS queue 'r' is not encrypted at rest; set sqsManagedSseEnabled: true or kmsMasterKeyId.",
    },
    {
      policy: snsTopicEnableEncryption,
      cls: aws.sns.Topic,
      compliant: { kmsMasterKeyId: "alias/aws/sns" },
      violating: {},
      message: "SNS topic 'r' is not encrypted at rest; set kmsMasterKeyId to a KMS key.",
    },
    {
      policy: logGroupEnableEncryption,
      cls: aws.cloudwatch.LogGroup,
      compliant: { kmsKeyId: "arn:aws:kms:us-east-1:1:key/k" },
      violating: { retentionInDays: 7 },
      message:
        "CloudWatch log group 'r' is not encrypted with a KMS key; set kmsKeyId to a key whose policy allows the CloudWatch Logs service.",
    },
  ];
  for (const c of cases) {
    describe(c.policy.name, () => {
      it("passes an encrypted resource", async () => {
        expectNoViolations(await checkResource(c.policy, c.cls, c.compliant));
      });

      it("reports an unencrypted resource", async () => {
        expectMessages(await checkResource(c.policy, c.cls, c.violating, { name: "r" }), [
          c.message,
        ]);
      });
    });
  }
});

describe("inspector-event-target-missing-retry-policy", () => {
  it("passes a compliant target", async () => {
    expectNoViolations(
      await checkResource(
        eventTargetMissingRetryPolicy,
        aws.cloudwatch.EventTarget,
        compliantEventTarget(),
      ),
    );
  });

  it("reports a target without retryPolicy", async () => {
    const props = { ...compliantEventTarget(), retryPolicy: undefined };
    expectMessages(
      await checkResource(eventTargetMissingRetryPolicy, aws.cloudwatch.EventTarget, props, {
        name: "t",
      }),
      [
        "EventBridge target 't' has no retryPolicy; set retryPolicy { maximumRetryAttempts, maximumEventAgeInSeconds }.",
      ],
    );
  });
});

describe("inspector-event-target-missing-dead-letter", () => {
  it("passes a compliant target", async () => {
    expectNoViolations(
      await checkResource(
        eventTargetMissingDeadLetter,
        aws.cloudwatch.EventTarget,
        compliantEventTarget(),
      ),
    );
  });

  it("reports a target without a dead-letter queue", async () => {
    const props = { ...compliantEventTarget(), deadLetterConfig: undefined };
    expectMessages(
      await checkResource(eventTargetMissingDeadLetter, aws.cloudwatch.EventTarget, props, {
        name: "t",
      }),
      [
        "EventBridge target 't' has no dead-letter queue, so undeliverable events are dropped; set deadLetterConfig.arn to an SQS queue.",
      ],
    );
  });
});

describe("inspector-ecr-repository-enable-scan-on-push", () => {
  it("passes a compliant repository", async () => {
    expectNoViolations(
      await checkResource(ecrRepositoryEnableScanOnPush, aws.ecr.Repository, compliantRepository()),
    );
  });

  it("reports scan on push off", async () => {
    const props = { ...compliantRepository(), imageScanningConfiguration: { scanOnPush: false } };
    expectMessages(
      await checkResource(ecrRepositoryEnableScanOnPush, aws.ecr.Repository, props, {
        name: "repo",
      }),
      [
        "ECR repository 'repo' does not scan images on push; set imageScanningConfiguration.scanOnPush to true.",
      ],
    );
  });
});

describe("inspector-ecr-repository-missing-lifecycle-policy", () => {
  it("passes a repository with a lifecycle policy", async () => {
    expectNoViolations(await checkStack(ecrRepositoryMissingLifecyclePolicy, compliantRollout()));
  });

  it("passes a lifecycle policy that names the repository without depending on it", async () => {
    const resources = compliantRollout().map((r) =>
      r.name === "app-lifecycle" ? { ...r, dependsOn: [] } : r,
    );
    expectNoViolations(await checkStack(ecrRepositoryMissingLifecyclePolicy, resources));
  });

  it("reports a repository without one", async () => {
    expectMessages(
      await checkStack(
        ecrRepositoryMissingLifecyclePolicy,
        without(compliantRollout(), "app-lifecycle"),
      ),
      [
        "ECR repository 'app' has no lifecycle policy, so every image it keeps is re-scanned and billed until deleted; add an aws.ecr.LifecyclePolicy for it that expires old images.",
      ],
    );
  });

  it("reports a lifecycle policy of another repository", async () => {
    const resources = mutate(compliantRollout(), "app-lifecycle", (props) => {
      props.repository = "other";
    }).map((r) => (r.name === "app-lifecycle" ? { ...r, dependsOn: [] } : r));
    expectMessages(await checkStack(ecrRepositoryMissingLifecyclePolicy, resources), [
      "ECR repository 'app' has no lifecycle policy, so every image it keeps is re-scanned and billed until deleted; add an aws.ecr.LifecyclePolicy for it that expires old images.",
    ]);
  });

  it("is not applicable without ECR repositories", async () => {
    expectNotApplicable(
      await checkStack(
        ecrRepositoryMissingLifecyclePolicy,
        without(compliantRollout(), "app", "app-lifecycle"),
      ),
      "The stack has no ECR repository.",
    );
  });
});

describe("inspector-ecr-repository-enforce-immutable-tags", () => {
  it("passes a compliant repository", async () => {
    expectNoViolations(
      await checkResource(
        ecrRepositoryEnforceImmutableTags,
        aws.ecr.Repository,
        compliantRepository(),
      ),
    );
  });

  it("reports mutable tags (the default when unset)", async () => {
    const props = { ...compliantRepository(), imageTagMutability: undefined };
    expectMessages(
      await checkResource(ecrRepositoryEnforceImmutableTags, aws.ecr.Repository, props, {
        name: "repo",
      }),
      [
        "ECR repository 'repo' has MUTABLE image tags, so a scanned tag can be moved to another image; set imageTagMutability to \"IMMUTABLE\" (policy config allowExclusions).",
      ],
    );
  });

  it("accepts IMMUTABLE_WITH_EXCLUSION only when allowExclusions is on", async () => {
    const props = { ...compliantRepository(), imageTagMutability: "IMMUTABLE_WITH_EXCLUSION" };
    expectNoViolations(
      await checkResource(ecrRepositoryEnforceImmutableTags, aws.ecr.Repository, props, {
        config: { allowExclusions: true },
      }),
    );
    expectMessages(
      await checkResource(ecrRepositoryEnforceImmutableTags, aws.ecr.Repository, props, {
        name: "repo",
      }),
      [
        "ECR repository 'repo' has IMMUTABLE_WITH_EXCLUSION image tags, so a scanned tag can be moved to another image; set imageTagMutability to \"IMMUTABLE\" (policy config allowExclusions).",
      ],
    );
  });
});

describe("inspector-s3-bucket-enable-encryption", () => {
  it("passes the compliant rollout", async () => {
    expectNoViolations(await checkStack(s3BucketEnableEncryption, compliantRollout()));
  });

  it("reports a bucket without default encryption", async () => {
    expectMessages(
      await checkStack(s3BucketEnableEncryption, without(compliantRollout(), "export-sse")),
      [
        "S3 bucket 'export' declares no default encryption; add an aws.s3.BucketServerSideEncryptionConfiguration with bucket set to this bucket.",
      ],
    );
  });

  it("pairs an autonamed bucket with its configuration through the dependency", async () => {
    expectNoViolations(
      await checkStack(s3BucketEnableEncryption, [
        { cls: aws.s3.Bucket, name: "b", props: {} },
        {
          cls: aws.s3.BucketServerSideEncryptionConfiguration,
          name: "b-sse",
          props: {
            bucket: "b-id",
            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }],
          },
          dependsOn: ["b"],
        },
      ]),
    );
  });
});

describe("inspector-s3-bucket-disallow-public-access", () => {
  it("passes the compliant rollout", async () => {
    expectNoViolations(await checkStack(s3BucketDisallowPublicAccess, compliantRollout()));
  });

  it("reports a bucket without a public access block", async () => {
    expectMessages(
      await checkStack(
        s3BucketDisallowPublicAccess,
        without(compliantRollout(), "export-public-access"),
      ),
      [
        "S3 bucket 'export' has no public access block; add an aws.s3.BucketPublicAccessBlock with bucket set to this bucket and all four settings true.",
      ],
    );
  });

  it("reports settings left off", async () => {
    const run = await checkStack(
      s3BucketDisallowPublicAccess,
      mutate(compliantRollout(), "export-public-access", (p) => {
        p["blockPublicPolicy"] = false;
        delete p["restrictPublicBuckets"];
      }),
    );
    expectMessages(run, [
      "S3 bucket 'export' has a public access block with blockPublicPolicy, restrictPublicBuckets off; set them to true.",
    ]);
  });
});
