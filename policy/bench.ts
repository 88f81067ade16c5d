/**
 * Benchmark: the whole pack over a synthetic plan of 50,000 resources (issue 6 item 7; target
 * under 10 s). Run with `npx tsx policy/bench.ts [count]`.
 *
 * The plan mixes what an organization-wide rollout registers (admin per region, Enablers of 100
 * accounts, member associations, organization configuration) with the resources hygiene
 * policies read (IAM, Lambda, log groups, queues, topics, event rules and targets, buckets with
 * their companions, ECR repositories), wired by dependencies as the recorder records them.
 */
import { OfflineResource, runPolicies } from "./offline";

const REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"];
const ADMIN = "222222222222";

function urn(type: string, name: string): string {
  return `urn:pulumi:bench::inspector-rollout::${type}::${name}`;
}

function resource(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  dependencies: string[] = [],
): OfflineResource {
  return {
    type,
    name,
    urn: urn(type, name),
    inputs,
    dependencies,
    protect: false,
    retainOnDelete: true,
  };
}

/** Builds `count` resources (rounded to whole groups). */
export function syntheticPlan(count: number): OfflineResource[] {
  const resources: OfflineResource[] = [];
  for (const region of REGIONS) {
    resources.push(
      resource("aws:inspector2/delegatedAdminAccount:DelegatedAdminAccount", `admin-${region}`, {
        accountId: ADMIN,
        region,
      }),
      resource("aws:inspector2/enabler:Enabler", `admin-enabler-${region}`, {
        accountIds: [ADMIN],
        resourceTypes: ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"],
        region,
      }),
      resource(
        "aws:inspector2/organizationConfiguration:OrganizationConfiguration",
        `oc-${region}`,
        {
          autoEnable: { ec2: true, ecr: true, lambda: true, lambdaCode: true },
          region,
        },
      ),
    );
  }
  let group = 0;
  while (resources.length < count) {
    const g = group++;
    const region = REGIONS[g % REGIONS.length];
    const account = String(300000000000 + g);
    const fn = `fn-${g}`;
    const bucket = `bucket-${g}`;
    const rule = `rule-${g}`;
    const queue = resource("aws:sqs/queue:Queue", `queue-${g}`, { sqsManagedSseEnabled: true });
    const fnResource = resource("aws:lambda/function:Function", fn, {
      name: fn,
      role: "arn:aws:iam::1:role/r",
      deadLetterConfig: { targetArn: "arn:aws:sqs:us-east-1:1:dlq" },
    });
    const bucketResource = resource("aws:s3/bucket:Bucket", bucket, { bucket });
    const ruleResource = resource("aws:cloudwatch/eventRule:EventRule", rule, {
      name: rule,
      region,
      eventPattern: JSON.stringify({
        source: ["aws.inspector2"],
        detail: { severity: ["CRITICAL"] },
      }),
    });
    resources.push(
      resource("aws:inspector2/memberAssociation:MemberAssociation", `member-${account}`, {
        accountId: account,
        region,
      }),
      queue,
      fnResource,
      resource("aws:cloudwatch/logGroup:LogGroup", `${fn}-logs`, {
        name: `/aws/lambda/${fn}`,
        retentionInDays: 30,
        kmsKeyId: "k",
      }),
      resource("aws:sns/topic:Topic", `topic-${g}`, { kmsMasterKeyId: "alias/aws/sns" }),
      ruleResource,
      resource(
        "aws:cloudwatch/eventTarget:EventTarget",
        `${rule}-target`,
        {
          rule,
          arn: "arn:aws:sqs:us-east-1:1:q",
          retryPolicy: { maximumRetryAttempts: 3 },
          deadLetterConfig: { arn: "arn:aws:sqs:us-east-1:1:dlq" },
        },
        [ruleResource.urn],
      ),
      resource("aws:iam/rolePolicy:RolePolicy", `policy-${g}`, {
        role: "r",
        policy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Action: ["inspector2:ListFindings"], Resource: "*" },
            { Effect: "Allow", Action: ["s3:PutObject"], Resource: `arn:aws:s3:::${bucket}/*` },
          ],
        }),
      }),
      bucketResource,
      resource(
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        `${bucket}-pab`,
        {
          bucket,
          blockPublicAcls: true,
          blockPublicPolicy: true,
          ignorePublicAcls: true,
          restrictPublicBuckets: true,
        },
        [bucketResource.urn],
      ),
      resource(
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        `${bucket}-sse`,
        { bucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }] },
        [bucketResource.urn],
      ),
      resource("aws:ecr/repository:Repository", `repo-${g}`, {
        imageScanningConfiguration: { scanOnPush: true },
        imageTagMutability: "IMMUTABLE",
      }),
    );
  }
  // One member Enabler of up to 100 associated accounts per region.
  const members = resources.filter(
    (r) => r.type === "aws:inspector2/memberAssociation:MemberAssociation",
  );
  for (const region of REGIONS) {
    const ids = members
      .filter((m) => m.inputs["region"] === region)
      .map((m) => m.inputs["accountId"] as string);
    for (let i = 0; i < ids.length; i += 100) {
      resources.push(
        resource("aws:inspector2/enabler:Enabler", `members-${region}-${i / 100}`, {
          accountIds: ids.slice(i, i + 100),
          resourceTypes: ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"],
          region,
        }),
      );
    }
  }
  return resources;
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? "50000");
  // Warm-up on a small plan: loads the pack and the @pulumi/aws modules it touches, so the
  // figure below is the policy run itself.
  const loadStart = process.hrtime.bigint();
  await runPolicies(syntheticPlan(100));
  const loadMs = Number(process.hrtime.bigint() - loadStart) / 1e6;
  const resources = syntheticPlan(count);
  const start = process.hrtime.bigint();
  const violations = await runPolicies(resources, { stackName: "bench" });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const byPolicy = new Map<string, number>();
  for (const v of violations) {
    byPolicy.set(v.policyName, (byPolicy.get(v.policyName) ?? 0) + 1);
  }
  process.stdout.write(
    [
      `resources: ${resources.length}`,
      `pack load + warm-up: ${loadMs.toFixed(0)} ms`,
      `wall time: ${(ms / 1000).toFixed(2)} s`,
      `per resource: ${((ms * 1000) / resources.length).toFixed(1)} µs`,
      `violations: ${violations.length} ${JSON.stringify(Object.fromEntries(byPolicy))}`,
      "",
    ].join("\n"),
  );
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
