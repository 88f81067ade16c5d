/**
 * The example stacks as the oracle checks see them: the offline plan of `Pulumi.<stack>.yaml`
 * with resource states that carry the ARNs AWS would give them (account of the resource's
 * provider, its Region, its name), so that policies built from other resources' ARNs can be held
 * against the Service Authorization Reference's ARN formats. The mock runtime's default
 * `arn:aws:mock:::...` would match no resource type.
 *
 * One plan per stack per test process (the runs are cached): the specs of test/oracle share them.
 */
import * as path from "path";
import type { MockResourceArgs } from "@pulumi/pulumi/runtime/mocks";
import { runPlan, type PlanResult } from "../../lib/offline/plan";
import { echoInputs, failOnUnexpectedCall, type StateHandler } from "../../lib/offline/recorder";
import { monitor, TEST_PROJECT } from "../helpers/runtime";

const ROOT = path.resolve(__dirname, "../..");

/** The two example stacks every oracle check runs over. */
export const EXAMPLE_STACKS = ["dev", "prod"] as const;

type ArnOf = (name: string, region: string, account: string, inputs: Inputs) => string;
type Inputs = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** ARN formats of the resource types whose ARNs the program puts into policies. */
const ARN_FORMATS: Readonly<Record<string, ArnOf>> = {
  "aws:sqs/queue:Queue": (n, r, a) => `arn:aws:sqs:${r}:${a}:${n}`,
  "aws:dynamodb/table:Table": (n, r, a) => `arn:aws:dynamodb:${r}:${a}:table/${n}`,
  "aws:sns/topic:Topic": (n, r, a) => `arn:aws:sns:${r}:${a}:${n}`,
  "aws:cloudwatch/logGroup:LogGroup": (n, r, a) => `arn:aws:logs:${r}:${a}:log-group:${n}`,
  "aws:s3/bucket:Bucket": (n, _r, _a, i) => `arn:aws:s3:::${str(i.bucket) ?? n}`,
  "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": (n, r, a) =>
    `arn:aws:firehose:${r}:${a}:deliverystream/${n}`,
  "aws:lambda/function:Function": (n, r, a) => `arn:aws:lambda:${r}:${a}:function:${n}`,
  "aws:kms/key:Key": (_n, r, a) => `arn:aws:kms:${r}:${a}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
  "aws:iam/role:Role": (n, _r, a, i) => `arn:aws:iam::${a}:role${str(i.path) ?? "/"}${n}`,
  "aws:cloudwatch/eventRule:EventRule": (n, r, a) => `arn:aws:events:${r}:${a}:rule/${n}`,
  "aws:cloudwatch/metricAlarm:MetricAlarm": (n, r, a) => `arn:aws:cloudwatch:${r}:${a}:alarm:${n}`,
  "aws:scheduler/schedule:Schedule": (n, r, a) =>
    `arn:aws:scheduler:${r}:${a}:schedule/default/${n}`,
};

interface ProviderFacts {
  readonly region?: string;
  readonly account?: string;
}

/**
 * A state handler that gives each resource its realistic ARN (and SQS queues their URL): the
 * account is the one its provider is pinned to (`allowedAccountIds`), the Region its `region`
 * input or its provider's.
 */
export function realisticArns(): StateHandler {
  const providers = new Map<string, ProviderFacts>();
  return (args: MockResourceArgs) => {
    const inputs = args.inputs as Inputs;
    if (args.type.startsWith("pulumi:providers:")) {
      const allowed = str(inputs.allowedAccountIds);
      providers.set(args.name, {
        region: str(inputs.region),
        account: allowed === undefined ? undefined : (JSON.parse(allowed) as string[])[0],
      });
      return echoInputs(args);
    }
    const format = ARN_FORMATS[args.type];
    if (format === undefined) {
      return echoInputs(args);
    }
    // A provider reference is `<provider URN>::<id>`; the URN ends with the provider's name.
    const ref = (args.provider ?? "").split("::");
    const provider = providers.get(ref[ref.length - 2] ?? "") ?? {};
    const region = str(inputs.region) ?? provider.region ?? "us-east-1";
    const account = provider.account ?? "111111111111";
    const name = str(inputs.name) ?? args.name;
    const arn = format(name, region, account, inputs);
    return {
      ...inputs,
      arn,
      ...(args.type === "aws:sqs/queue:Queue"
        ? { url: `https://sqs.${region}.amazonaws.com/${account}/${name}` }
        : {}),
    };
  };
}

const plans = new Map<string, Promise<PlanResult>>();

/** The offline plan of an example stack with realistic ARNs (run once per process). */
export function planOf(stack: string): Promise<PlanResult> {
  let plan = plans.get(stack);
  if (plan === undefined) {
    plan = runPlan({ dir: ROOT, stack, monitor, stateHandler: realisticArns() }).finally(() => {
      monitor.setHandlers(failOnUnexpectedCall, echoInputs);
      monitor.install(TEST_PROJECT, "test");
    });
    plans.set(stack, plan);
  }
  return plan;
}
