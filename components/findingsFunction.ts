/** A findings-flow Lambda function with its role, encrypted log group and failure handling. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { buildLambdaTrustPolicy } from "../lib/findingsPolicies";
import { TOKEN_PREFIX } from "./common";

/** Arguments of {@link FindingsFunction}. */
export interface FindingsFunctionArgs {
  readonly region: string;
  /** The function's name; fixed so its log group (and the ARN policies name) is known up front. */
  readonly functionName: string;
  /** The bundle directory under functions/dist (`npm run build:lambdas`), e.g. `notify`. */
  readonly bundle: string;
  /** The execution role's inline policy document (JSON). */
  readonly policy: pulumi.Input<string>;
  /** Environment variables. Defaults to none. */
  readonly environment?: Readonly<Record<string, pulumi.Input<string>>>;
  /** The KMS key of the log group. */
  readonly logKeyArn: pulumi.Input<string>;
  /** Log retention in days. Defaults to 90. */
  readonly logRetentionDays?: number;
  /** Timeout in seconds. Defaults to 60. */
  readonly timeoutSeconds?: number;
  /** Memory in MiB. Defaults to 256. */
  readonly memoryMb?: number;
  /** Where failed asynchronous invocations go (SQS ARN). Defaults to none (SQS-fed functions). */
  readonly onFailureDestinationArn?: pulumi.Input<string>;
}

/** The Lambda runtime of the bundles (esbuild target node20 runs on it). */
export const LAMBDA_RUNTIME = "nodejs22.x";

/** Where `npm run build:lambdas` writes the bundles, relative to the project directory. */
export const BUNDLE_ROOT = "functions/dist";

/**
 * The function's code: the esbuild bundle, `functions/dist/<bundle>` relative to the project
 * directory (where `pulumi up` runs). The Pulumi SDK does not read the archive, only the engine
 * does, so the offline plan and the tests work without `npm run build:lambdas` (checked on the
 * mock runtime); a real preview or up without the build fails on the missing path, loudly,
 * rather than deploying a placeholder.
 */
export function functionCode(bundle: string): pulumi.asset.Archive {
  return new pulumi.asset.FileArchive(`${BUNDLE_ROOT}/${bundle}`);
}

/** The ARN of a function's default log group. */
export function lambdaLogGroupArn(region: string, accountId: string, functionName: string): string {
  return `arn:aws:logs:${region}:${accountId}:log-group:/aws/lambda/${functionName}`;
}

/**
 * The role (Lambda trust, one inline policy whose statements the caller builds and tests), the
 * log group `/aws/lambda/<name>` with retention and KMS (created first, so Lambda never creates
 * one that keeps logs forever), the function, and for asynchronously invoked functions an
 * on-failure destination.
 *
 * No reserved concurrency: a reservation fails in a new account whose concurrency quota is low
 * ("You can reserve up to the Unreserved account concurrency value ... minus 100 for functions
 * that don't have reserved concurrency": Lambda developer guide, configuration-concurrency), and a reservation shared by two SQS mappings throttles them into
 * the dead-letter queue. SQS-fed functions are bounded per mapping instead, with the event
 * source mapping's `scalingConfig.maximumConcurrency`; scheduled functions run once per
 * schedule.
 *
 * @example
 * new FindingsFunction("inspector-report", { region: "us-east-1", functionName: "inspector-report",
 *   bundle: "report", policy, logKeyArn: key.arn }, { provider: delegatedAdmin });
 */
export class FindingsFunction extends pulumi.ComponentResource {
  public readonly role: aws.iam.Role;
  public readonly logGroup: aws.cloudwatch.LogGroup;
  public readonly function: aws.lambda.Function;

  constructor(name: string, args: FindingsFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
    super(`${TOKEN_PREFIX}:FindingsFunction`, name, {}, opts);
    const { region } = args;
    const parent = { parent: this };
    this.role = new aws.iam.Role(
      name,
      { assumeRolePolicy: JSON.stringify(buildLambdaTrustPolicy()) },
      parent,
    );
    const policy = new aws.iam.RolePolicy(
      name,
      { role: this.role.id, policy: args.policy },
      parent,
    );
    this.logGroup = new aws.cloudwatch.LogGroup(
      name,
      {
        region,
        name: `/aws/lambda/${args.functionName}`,
        retentionInDays: args.logRetentionDays ?? 90,
        kmsKeyId: args.logKeyArn,
      },
      parent,
    );
    this.function = new aws.lambda.Function(
      name,
      {
        region,
        name: args.functionName,
        role: this.role.arn,
        runtime: LAMBDA_RUNTIME,
        architectures: ["arm64"],
        handler: "index.handler",
        code: functionCode(args.bundle),
        timeout: args.timeoutSeconds ?? 60,
        memorySize: args.memoryMb ?? 256,
        loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.name },
        environment: {
          variables: { POWERTOOLS_LOG_LEVEL: "INFO", ...(args.environment ?? {}) },
        },
      },
      { ...parent, dependsOn: [policy, this.logGroup] },
    );
    if (args.onFailureDestinationArn !== undefined) {
      new aws.lambda.FunctionEventInvokeConfig(
        name,
        {
          region,
          functionName: this.function.name,
          maximumRetryAttempts: 2,
          destinationConfig: { onFailure: { destination: args.onFailureDestinationArn } },
        },
        parent,
      );
    }
    this.registerOutputs({ role: this.role, logGroup: this.logGroup, function: this.function });
  }
}
