/** The EventBridge rules of the findings flow in one Region of the delegated administrator. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  buildForwardPattern,
  buildRoutePatterns,
  defaultBusArn,
  DEFAULT_TRIAGE_SEVERITIES,
  type EventPattern,
  type FindingSeverity,
  FINDINGS_ROUTES,
  type FindingsRoute,
  ruleArn,
  RULE_NAMES,
} from "../lib/eventPatterns";
import {
  buildEventQueuePolicy,
  buildEventsToFirehosePolicy,
  buildForwardingPolicy,
  buildServiceTrustPolicy,
} from "../lib/findingsPolicies";
import { TOKEN_PREFIX } from "./common";
import { EventDeadLetterQueue } from "./eventDeadLetterQueue";

/** The consumers of the home Region's rules. */
export interface RouteTargets {
  /** The SQS queue of the triage route (the notify function reads it). */
  readonly triageQueueArn: pulumi.Input<string>;
  /** The queue's URL, for its policy. */
  readonly triageQueueUrl: pulumi.Input<string>;
  /** The Firehose delivery stream of the export route. */
  readonly exportStreamArn: pulumi.Input<string>;
  /** The SNS topic of the operations route. */
  readonly operationsTopicArn: pulumi.Input<string>;
  /**
   * The remediation triage queue, a second target of the triage rule (its queue policy is the
   * remediation component's, scoped to the triage rule's ARN). Defaults to none.
   */
  readonly remediationQueueArn?: pulumi.Input<string>;
}

/** Arguments of {@link FindingsEventRouting}. */
export interface FindingsEventRoutingArgs {
  /** The Region of the rules. */
  readonly region: string;
  /** The Region where each consumer exists once. */
  readonly homeRegion: string;
  /** The delegated administrator's account id. */
  readonly accountId: string;
  /** Severities of ACTIVE and CLOSED findings sent to triage. Defaults to HIGH and CRITICAL. */
  readonly triageSeverities?: readonly FindingSeverity[];
  /** The consumers; required in the home Region, ignored elsewhere. */
  readonly targets?: RouteTargets;
  /** The SNS topic (same Region) the dead-letter alarm notifies. */
  readonly alarmTopicArn: pulumi.Input<string>;
}

/** EventBridge's own retry maximums, stated so the plan shows them: 24 hours, 185 attempts. */
export const TARGET_RETRY_POLICY = { maximumEventAgeInSeconds: 86400, maximumRetryAttempts: 185 };

/**
 * In the home Region, one rule per route (triage, export, operations); in every other governed
 * Region, one rule that forwards the Inspector events those routes consume (by detail-type, never
 * Inspector's CloudTrail API events) to the home Region's default bus,
 * so each consumer exists once. Every target retries and dead-letters into the Region's DLQ.
 *
 * @example
 * new FindingsEventRouting("inspector-routing-eu-west-1", { region: "eu-west-1",
 *   homeRegion: "us-east-1", accountId: "222222222222", alarmTopicArn: alarms.arn },
 *   { provider: delegatedAdmin });
 */
export class FindingsEventRouting extends pulumi.ComponentResource {
  /** The rules, keyed by route (`forward` outside the home Region). */
  public readonly rules: Readonly<Record<string, aws.cloudwatch.EventRule>>;
  public readonly deadLetterQueue: EventDeadLetterQueue;

  constructor(
    name: string,
    args: FindingsEventRoutingArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super(`${TOKEN_PREFIX}:FindingsEventRouting`, name, {}, opts);
    const { region, accountId } = args;
    const isHome = region === args.homeRegion;
    if (isHome && args.targets === undefined) {
      throw new pulumi.ResourceError(
        `targets is required in the home Region (${region}); pass the triage queue, export stream and operations topic`,
        this,
      );
    }
    const ruleKeys: (FindingsRoute | "forward")[] = isHome ? [...FINDINGS_ROUTES] : ["forward"];
    this.deadLetterQueue = new EventDeadLetterQueue(
      `${name}-dlq`,
      {
        region,
        ruleArns: ruleKeys.map((k) => ruleArn(region, accountId, RULE_NAMES[k])),
        alarmTopicArn: args.alarmTopicArn,
      },
      { parent: this },
    );
    const patterns: Record<string, EventPattern> = isHome
      ? buildRoutePatterns(args.triageSeverities ?? DEFAULT_TRIAGE_SEVERITIES)
      : { forward: buildForwardPattern() };
    const rules: Record<string, aws.cloudwatch.EventRule> = {};
    for (const key of ruleKeys) {
      rules[key] = new aws.cloudwatch.EventRule(
        `${name}-${key}`,
        {
          region,
          name: RULE_NAMES[key],
          description: RULE_DESCRIPTIONS[key],
          eventPattern: JSON.stringify(patterns[key]),
        },
        { parent: this },
      );
    }
    this.rules = Object.freeze(rules);
    const delivery = {
      retryPolicy: TARGET_RETRY_POLICY,
      deadLetterConfig: { arn: this.deadLetterQueue.queue.arn },
    };
    if (!isHome) {
      this.createForwarding(name, args, rules.forward, delivery);
    } else {
      this.createConsumers(name, args, args.targets as RouteTargets, rules, delivery);
    }
    this.registerOutputs({ rules: this.rules, deadLetterQueue: this.deadLetterQueue });
  }

  private createForwarding(
    name: string,
    args: FindingsEventRoutingArgs,
    rule: aws.cloudwatch.EventRule,
    delivery: Pick<aws.cloudwatch.EventTargetArgs, "retryPolicy" | "deadLetterConfig">,
  ): void {
    const homeBus = defaultBusArn(args.homeRegion, args.accountId);
    const role = new aws.iam.Role(
      `${name}-forward`,
      {
        assumeRolePolicy: JSON.stringify(
          buildServiceTrustPolicy("events.amazonaws.com", args.accountId),
        ),
      },
      { parent: this },
    );
    new aws.iam.RolePolicy(
      `${name}-forward`,
      { role: role.id, policy: JSON.stringify(buildForwardingPolicy(homeBus)) },
      { parent: this },
    );
    new aws.cloudwatch.EventTarget(
      `${name}-forward`,
      {
        region: args.region,
        rule: rule.name,
        targetId: "home-bus",
        arn: homeBus,
        roleArn: role.arn,
        ...delivery,
      },
      { parent: this },
    );
  }

  private createConsumers(
    name: string,
    args: FindingsEventRoutingArgs,
    targets: RouteTargets,
    rules: Record<string, aws.cloudwatch.EventRule>,
    delivery: Pick<aws.cloudwatch.EventTargetArgs, "retryPolicy" | "deadLetterConfig">,
  ): void {
    const { region, accountId } = args;
    new aws.sqs.QueuePolicy(
      `${name}-triage`,
      {
        region,
        queueUrl: targets.triageQueueUrl,
        policy: pulumi
          .output(targets.triageQueueArn)
          .apply((queueArn) =>
            JSON.stringify(
              buildEventQueuePolicy(queueArn, [ruleArn(region, accountId, RULE_NAMES.triage)]),
            ),
          ),
      },
      { parent: this },
    );
    new aws.cloudwatch.EventTarget(
      `${name}-triage`,
      {
        region,
        rule: rules.triage.name,
        targetId: "triage-queue",
        arn: targets.triageQueueArn,
        ...delivery,
      },
      { parent: this },
    );
    if (targets.remediationQueueArn !== undefined) {
      new aws.cloudwatch.EventTarget(
        `${name}-remediation`,
        {
          region,
          rule: rules.triage.name,
          targetId: "remediation-queue",
          arn: targets.remediationQueueArn,
          ...delivery,
        },
        { parent: this },
      );
    }
    const firehoseRole = new aws.iam.Role(
      `${name}-export`,
      {
        assumeRolePolicy: JSON.stringify(
          buildServiceTrustPolicy("events.amazonaws.com", accountId),
        ),
      },
      { parent: this },
    );
    new aws.iam.RolePolicy(
      `${name}-export`,
      {
        role: firehoseRole.id,
        policy: pulumi
          .output(targets.exportStreamArn)
          .apply((arn) => JSON.stringify(buildEventsToFirehosePolicy(arn))),
      },
      { parent: this },
    );
    new aws.cloudwatch.EventTarget(
      `${name}-export`,
      {
        region,
        rule: rules.export.name,
        targetId: "export-stream",
        arn: targets.exportStreamArn,
        roleArn: firehoseRole.arn,
        ...delivery,
      },
      { parent: this },
    );
    new aws.cloudwatch.EventTarget(
      `${name}-operations`,
      {
        region,
        rule: rules.operations.name,
        targetId: "operations-topic",
        arn: targets.operationsTopicArn,
        ...delivery,
      },
      { parent: this },
    );
  }
}

/** What each rule is for, as the console shows it. */
const RULE_DESCRIPTIONS: Readonly<Record<FindingsRoute | "forward", string>> = {
  triage:
    "ACTIVE and CLOSED Inspector findings of the triage severities -> triage queue (notifications) and remediation",
  export: "Every Inspector finding event (any status), scan and coverage events -> Firehose -> S3",
  operations:
    "Inspector auto-enable failures and coverage lost for a reason someone must fix -> operations topic",
  forward:
    "Inspector finding, scan, coverage and auto-enable events of this Region -> the home Region's default bus",
};
