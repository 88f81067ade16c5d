import { expect } from "chai";
import { TARGET_RETRY_POLICY } from "../../components/findingsEventRouting";
import { buildForwardPattern, buildRoutePatterns } from "../../lib/eventPatterns";
import {
  buildEventsToFirehosePolicy,
  buildExportBucketPolicy,
  buildForwardingPolicy,
  buildNotifyFunctionPolicy,
  buildReportFunctionPolicy,
} from "../../lib/findingsPolicies";
import { requireRolloutOutputs, type PlanResult } from "../../lib/offline/plan";
import { examplePlanResult } from "../helpers/examplePlans";
import { formatFindings } from "../../lib/offline/report";
import type { RecordedResource } from "../../lib/offline/recorder";
import { monitor, TEST_PROJECT } from "../helpers/runtime";

const ACCOUNT = "222222222222";
const HOME_BUS = "arn:aws:events:us-east-1:222222222222:event-bus/default";
const PROD_REGIONS = [
  "us-east-1",
  "us-west-2",
  "eu-west-1",
  "eu-central-1",
  "ap-southeast-2",
  "ca-central-1",
];

const mockArn = (type: string, name: string) => `arn:aws:mock:::${type}/${name}`;
const QUEUE = "aws:sqs/queue:Queue";
const TOPIC = "aws:sns/topic:Topic";

/**
 * The findings flow's resources of a type. The remediation component (issue 5) registers its own
 * queues, topic, functions and alarms under names starting with "remediation"; its own tests
 * (test/components/remediation.spec.ts) cover them.
 */
function ofType(result: PlanResult, type: string): RecordedResource[] {
  return result.registrations.filter((r) => r.type === type && !r.name.startsWith("remediation"));
}

function named(result: PlanResult, type: string, name: string): RecordedResource {
  const found = ofType(result, type).filter((r) => r.name === name);
  expect(found, `${type} ${name}`).to.have.length(1);
  return found[0];
}

/** Registration order follows resolution order; compare sorted by name. */
function byName<T extends { name: string }>(list: T[]): T[] {
  return [...list].sort((a, b) => a.name.localeCompare(b.name));
}

function json(value: unknown): unknown {
  return JSON.parse(value as string);
}

function providerName(r: RecordedResource): string | undefined {
  return r.provider?.split("::").slice(-2, -1)[0];
}

describe("the findings flow, stack dev", function () {
  this.timeout(60_000);
  let result: PlanResult;
  before(async () => {
    result = await examplePlanResult("dev");
  });
  after(() => monitor.install(TEST_PROJECT, "test"));

  it("creates the three consumer rules in the home Region and one forwarding rule elsewhere, from the real patterns", () => {
    const rules = ofType(result, "aws:cloudwatch/eventRule:EventRule").map((r) => ({
      name: r.name,
      region: r.inputs.region,
      ruleName: r.inputs.name,
      pattern: json(r.inputs.eventPattern),
      provider: providerName(r),
    }));
    const routes = buildRoutePatterns(["CRITICAL", "HIGH"]);
    expect(rules).to.deep.equal([
      {
        name: "inspector-routing-us-east-1-triage",
        region: "us-east-1",
        ruleName: "inspector-findings-triage",
        pattern: routes.triage,
        provider: "delegated-admin",
      },
      {
        name: "inspector-routing-us-east-1-export",
        region: "us-east-1",
        ruleName: "inspector-findings-export",
        pattern: routes.export,
        provider: "delegated-admin",
      },
      {
        name: "inspector-routing-us-east-1-operations",
        region: "us-east-1",
        ruleName: "inspector-findings-operations",
        pattern: routes.operations,
        provider: "delegated-admin",
      },
      {
        name: "inspector-routing-eu-west-1-forward",
        region: "eu-west-1",
        ruleName: "inspector-findings-forward",
        pattern: buildForwardPattern(),
        provider: "delegated-admin",
      },
    ]);
  });

  it("gives every target a retry policy and its Region's dead-letter queue", () => {
    const targets = byName(ofType(result, "aws:cloudwatch/eventTarget:EventTarget")).map((t) => ({
      name: t.name,
      region: t.inputs.region,
      rule: t.inputs.rule,
      arn: t.inputs.arn,
      roleArn: t.inputs.roleArn,
      retryPolicy: t.inputs.retryPolicy,
      deadLetterConfig: t.inputs.deadLetterConfig,
    }));
    const dlq = (region: string) => ({ arn: mockArn(QUEUE, `inspector-routing-${region}-dlq`) });
    expect(targets).to.deep.equal(
      byName([
        {
          name: "inspector-routing-us-east-1-triage",
          region: "us-east-1",
          rule: "inspector-findings-triage",
          arn: mockArn(QUEUE, "inspector-triage-queue"),
          roleArn: undefined,
          retryPolicy: TARGET_RETRY_POLICY,
          deadLetterConfig: dlq("us-east-1"),
        },
        {
          // Remediation is on in dev (dry-run): its queue is a second target of the triage rule.
          name: "inspector-routing-us-east-1-remediation",
          region: "us-east-1",
          rule: "inspector-findings-triage",
          arn: mockArn(QUEUE, "remediation-triage"),
          roleArn: undefined,
          retryPolicy: TARGET_RETRY_POLICY,
          deadLetterConfig: dlq("us-east-1"),
        },
        {
          name: "inspector-routing-us-east-1-export",
          region: "us-east-1",
          rule: "inspector-findings-export",
          arn: mockArn(
            "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
            "inspector-export",
          ),
          roleArn: mockArn("aws:iam/role:Role", "inspector-routing-us-east-1-export"),
          retryPolicy: TARGET_RETRY_POLICY,
          deadLetterConfig: dlq("us-east-1"),
        },
        {
          name: "inspector-routing-us-east-1-operations",
          region: "us-east-1",
          rule: "inspector-findings-operations",
          arn: mockArn(TOPIC, "inspector-notify-operations"),
          roleArn: undefined,
          retryPolicy: TARGET_RETRY_POLICY,
          deadLetterConfig: dlq("us-east-1"),
        },
        {
          name: "inspector-routing-eu-west-1-forward",
          region: "eu-west-1",
          rule: "inspector-findings-forward",
          arn: HOME_BUS,
          roleArn: mockArn("aws:iam/role:Role", "inspector-routing-eu-west-1-forward"),
          retryPolicy: TARGET_RETRY_POLICY,
          deadLetterConfig: dlq("eu-west-1"),
        },
      ]),
    );
  });

  it("lets the forwarding role only PutEvents on the home bus, and the export role only put records on the stream", () => {
    const forward = named(
      result,
      "aws:iam/rolePolicy:RolePolicy",
      "inspector-routing-eu-west-1-forward",
    );
    expect(json(forward.inputs.policy)).to.deep.equal(buildForwardingPolicy(HOME_BUS));
    const exportRole = named(
      result,
      "aws:iam/rolePolicy:RolePolicy",
      "inspector-routing-us-east-1-export",
    );
    expect(json(exportRole.inputs.policy)).to.deep.equal(
      buildEventsToFirehosePolicy(
        mockArn("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", "inspector-export"),
      ),
    );
  });

  it("wires remediation to the findings topic, the operations topic and only the triage rule", () => {
    const remediation = (type: string) =>
      result.registrations.filter((r) => r.type === type && r.name.startsWith("remediation"));
    const fn = remediation("aws:lambda/function:Function")[0];
    const queuePolicy = remediation("aws:sqs/queuePolicy:QueuePolicy")[0];
    const alarm = remediation("aws:cloudwatch/metricAlarm:MetricAlarm")[0];
    const env = (fn.inputs.environment as { variables: Record<string, string> }).variables;
    const statement = (json(queuePolicy.inputs.policy) as { Statement: { Condition: unknown }[] })
      .Statement[0];
    expect({
      topics: remediation(TOPIC).map((t) => t.name),
      notificationTopic: env.NOTIFICATION_TOPIC_ARN,
      sourceArn: statement.Condition,
      alarmActions: alarm.inputs.alarmActions,
    }).to.deep.equal({
      topics: [],
      notificationTopic: mockArn(TOPIC, "inspector-notify-findings"),
      sourceArn: {
        ArnEquals: {
          "aws:SourceArn": ["arn:aws:events:us-east-1:222222222222:rule/inspector-findings-triage"],
        },
      },
      alarmActions: [mockArn(TOPIC, "inspector-notify-operations")],
    });
  });

  it("alarms on every dead-letter queue, notifying the operations topic of the queue's Region", () => {
    // The KPI alarms (namespace InspectorRollout/KPIs) are the next test's.
    const sqsAlarms = ofType(result, "aws:cloudwatch/metricAlarm:MetricAlarm").filter(
      (a) => a.inputs.namespace === "AWS/SQS",
    );
    const alarms = byName(sqsAlarms).map((a) => ({
      name: a.name,
      region: a.inputs.region,
      metric: `${a.inputs.namespace as string}/${a.inputs.metricName as string}`,
      rule: `${a.inputs.statistic as string} ${a.inputs.comparisonOperator as string} ${a.inputs.threshold as number}`,
      actions: a.inputs.alarmActions,
    }));
    const home = [mockArn(TOPIC, "inspector-notify-operations")];
    const visible = "AWS/SQS/ApproximateNumberOfMessagesVisible";
    const rule = "Maximum GreaterThanThreshold 0";
    expect(alarms).to.deep.equal(
      byName([
        {
          name: "inspector-triage-queue-dlq",
          region: "us-east-1",
          metric: visible,
          rule,
          actions: home,
        },
        {
          name: "inspector-triage-flush-dlq",
          region: "us-east-1",
          metric: visible,
          rule,
          actions: home,
        },
        {
          name: "inspector-reports-failures",
          region: "us-east-1",
          metric: visible,
          rule,
          actions: home,
        },
        {
          name: "inspector-reports-schedule-dlq",
          region: "us-east-1",
          metric: visible,
          rule,
          actions: home,
        },
        {
          name: "inspector-kpis-failures",
          region: "us-east-1",
          metric: visible,
          rule,
          actions: home,
        },
        {
          name: "inspector-kpis-schedule-dlq",
          region: "us-east-1",
          metric: visible,
          rule,
          actions: home,
        },
        {
          name: "inspector-routing-us-east-1-dlq",
          region: "us-east-1",
          metric: visible,
          rule,
          actions: home,
        },
        {
          name: "inspector-routing-eu-west-1-dlq",
          region: "eu-west-1",
          metric: visible,
          rule,
          actions: [mockArn(TOPIC, "inspector-notify-eu-west-1-operations")],
        },
      ]),
    );
  });

  it("alarms on the KPIs: new CRITICAL findings and SLA breaches to the findings topic, coverage gaps to operations", () => {
    const alarms = ofType(result, "aws:cloudwatch/metricAlarm:MetricAlarm").filter(
      (a) => a.inputs.namespace !== "AWS/SQS",
    );
    expect(
      byName(alarms).map((a) => [
        a.inputs.name,
        a.inputs.namespace,
        a.inputs.metricName,
        a.inputs.dimensions,
        `${a.inputs.comparisonOperator as string} ${a.inputs.threshold as number}`,
        a.inputs.treatMissingData,
        a.inputs.alarmActions,
      ]),
    ).to.deep.equal([
      [
        "inspector-kpis-coverage-gaps",
        "InspectorRollout/KPIs",
        "CoverageGaps",
        undefined,
        "GreaterThanThreshold 0",
        "breaching",
        [mockArn(TOPIC, "inspector-notify-operations")],
      ],
      [
        "inspector-kpis-new-findings-critical",
        "InspectorRollout/KPIs",
        "NewFindings",
        { Severity: "CRITICAL" },
        "GreaterThanThreshold 0",
        "notBreaching",
        [mockArn(TOPIC, "inspector-notify-findings")],
      ],
      ...["critical", "high", "low", "medium"].map((s) => [
        `inspector-kpis-sla-breaches-${s}`,
        "InspectorRollout/KPIs",
        "SlaBreaches",
        { Severity: s.toUpperCase() },
        "GreaterThanThreshold 0",
        "notBreaching",
        [mockArn(TOPIC, "inspector-notify-findings")],
      ]),
      [
        "inspector-kpis-source-errors",
        "InspectorRollout/KPIs",
        "KpiSourceErrors",
        undefined,
        "GreaterThanThreshold 0",
        "notBreaching",
        [mockArn(TOPIC, "inspector-notify-operations")],
      ],
    ]);
  });

  it("encrypts every queue (SSE-SQS) and every topic and log group with a rotating customer-managed key", () => {
    const queues = ofType(result, "aws:sqs/queue:Queue");
    expect(queues.map((q) => [q.name, q.inputs.sqsManagedSseEnabled])).to.deep.equal(
      queues.map((q) => [q.name, true]),
    );
    expect(ofType(result, TOPIC).map((t) => [t.name, t.inputs.kmsMasterKeyId])).to.deep.equal([
      ["inspector-notify-findings", mockArn("aws:kms/key:Key", "inspector-notify-key")],
      ["inspector-notify-operations", mockArn("aws:kms/key:Key", "inspector-notify-key")],
      [
        "inspector-notify-eu-west-1-operations",
        mockArn("aws:kms/key:Key", "inspector-notify-eu-west-1-key"),
      ],
    ]);
    expect(
      ofType(result, "aws:kms/key:Key").map((k) => [
        k.name,
        k.inputs.region,
        k.inputs.enableKeyRotation,
      ]),
    ).to.deep.equal([
      ["inspector-notify-key", "us-east-1", true],
      ["inspector-notify-eu-west-1-key", "eu-west-1", true],
      ["inspector-export-key", "us-east-1", true],
    ]);
    expect(
      ofType(result, "aws:cloudwatch/logGroup:LogGroup").map((g) => [
        g.inputs.name,
        g.inputs.retentionInDays,
        g.inputs.kmsKeyId,
      ]),
    ).to.deep.equal([
      [
        "/aws/kinesisfirehose/inspector-export",
        30,
        mockArn("aws:kms/key:Key", "inspector-notify-key"),
      ],
      [
        "/aws/lambda/inspector-findings-notify",
        30,
        mockArn("aws:kms/key:Key", "inspector-notify-key"),
      ],
      ["/aws/lambda/inspector-kpis", 30, mockArn("aws:kms/key:Key", "inspector-notify-key")],
      [
        "/aws/lambda/inspector-findings-report",
        30,
        mockArn("aws:kms/key:Key", "inspector-notify-key"),
      ],
    ]);
  });

  it("subscribes the configured addresses, and no Slack channel without config", () => {
    expect(
      ofType(result, "aws:sns/topicSubscription:TopicSubscription").map((s) => [
        s.inputs.topic,
        s.inputs.protocol,
        s.inputs.endpoint,
      ]),
    ).to.deep.equal([
      [mockArn(TOPIC, "inspector-notify-findings"), "email", "security-dev@example.com"],
      [mockArn(TOPIC, "inspector-notify-operations"), "email", "platform-dev@example.com"],
      [
        mockArn(TOPIC, "inspector-notify-eu-west-1-operations"),
        "email",
        "platform-dev@example.com",
      ],
    ]);
    expect(
      ofType(result, "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration"),
    ).to.deep.equal([]);
  });

  it("builds the export bucket with every control and the documented Inspector statement", () => {
    const bucketArn = mockArn("aws:s3/bucket:Bucket", "inspector-export");
    const bucket = named(result, "aws:s3/bucket:Bucket", "inspector-export");
    expect([bucket.inputs, bucket.retainOnDelete]).to.deep.equal([
      {
        region: "us-east-1",
        bucket: "inspector-findings-222222222222-us-east-1",
        objectLockEnabled: false,
      },
      true,
    ]);
    const companion = (type: string) => {
      const { bucket: ref, region, ...rest } = named(result, type, "inspector-export").inputs;
      expect([ref, region]).to.deep.equal(["inspector-export-id", "us-east-1"]);
      return rest;
    };
    expect(companion("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")).to.deep.equal({
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect(
      companion(
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      ),
    ).to.deep.equal({
      rules: [
        {
          applyServerSideEncryptionByDefault: {
            sseAlgorithm: "aws:kms",
            kmsMasterKeyId: mockArn("aws:kms/key:Key", "inspector-export-key"),
          },
          bucketKeyEnabled: true,
        },
      ],
    });
    expect(companion("aws:s3/bucketVersioning:BucketVersioning")).to.deep.equal({
      versioningConfiguration: { status: "Enabled" },
    });
    expect(
      companion("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"),
    ).to.deep.equal({
      rules: [
        {
          id: "findings-retention",
          status: "Enabled",
          filter: { prefix: "" },
          transitions: [{ days: 30, storageClass: "STANDARD_IA" }],
          expiration: { days: 90 },
          noncurrentVersionExpiration: { noncurrentDays: 30 },
          abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        },
      ],
    });
    expect(json(companion("aws:s3/bucketPolicy:BucketPolicy").policy)).to.deep.equal(
      // dev has the patch compliance KPI on: the members' resource data syncs may write.
      buildExportBucketPolicy({
        accountId: ACCOUNT,
        region: "us-east-1",
        bucketArn,
        ssmSyncOrganizationId: "o-a1b2c3d4e5",
      }),
    );
    expect(
      ofType(result, "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration"),
    ).to.deep.equal([]);
    expect(ofType(result, "aws:s3/bucketNotification:BucketNotification")).to.deep.equal([]);
  });

  it("streams every exported event to S3 through Firehose: GZIP, partitioned by kind and date", () => {
    const stream = named(
      result,
      "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
      "inspector-export",
    );
    const s3 = stream.inputs.extendedS3Configuration as Record<string, unknown>;
    expect({
      destination: stream.inputs.destination,
      prefix: s3.prefix,
      errorOutputPrefix: s3.errorOutputPrefix,
      compressionFormat: s3.compressionFormat,
      dynamicPartitioningConfiguration: s3.dynamicPartitioningConfiguration,
      processors: (s3.processingConfiguration as { processors: unknown }).processors,
      bufferingSize: s3.bufferingSize,
      kmsKeyArn: s3.kmsKeyArn,
    }).to.deep.equal({
      destination: "extended_s3",
      prefix: "findings/type=!{partitionKeyFromQuery:type}/dt=!{timestamp:yyyy-MM-dd}/",
      errorOutputPrefix:
        "findings-errors/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/",
      compressionFormat: "GZIP",
      dynamicPartitioningConfiguration: { enabled: true },
      processors: [
        {
          type: "MetadataExtraction",
          parameters: [
            {
              parameterName: "MetadataExtractionQuery",
              parameterValue: '{type: (."detail-type" | ascii_downcase | ltrimstr("inspector2 "))}',
            },
            { parameterName: "JsonParsingEngine", parameterValue: "JQ-1.6" },
          ],
        },
        {
          type: "AppendDelimiterToRecord",
          parameters: [{ parameterName: "Delimiter", parameterValue: "\\n" }],
        },
      ],
      bufferingSize: 64,
      kmsKeyArn: mockArn("aws:kms/key:Key", "inspector-export-key"),
    });
    // Firehose's documented trust (the account id as external id), written out.
    expect(
      json(named(result, "aws:iam/role:Role", "inspector-export-firehose").inputs.assumeRolePolicy),
    ).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AllowFirehoseAssumeRole",
          Effect: "Allow",
          Principal: { Service: "firehose.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "sts:ExternalId": "222222222222" } },
        },
      ],
    });
  });

  it("keeps the notify function's state in an encrypted, recoverable table that expires it, and passes the grouping window", () => {
    const table = named(result, "aws:dynamodb/table:Table", "inspector-triage-notify-state");
    expect(table.inputs).to.deep.equal({
      region: "us-east-1",
      name: "inspector-findings-notify-state",
      billingMode: "PAY_PER_REQUEST",
      hashKey: "pk",
      attributes: [{ name: "pk", type: "S" }],
      ttl: { attributeName: "expiresAt", enabled: true },
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true },
    });
    const fn = named(result, "aws:lambda/function:Function", "inspector-triage-notify");
    // FLUSH_QUEUE_URL is the flush queue's `url`, which the mock runtime leaves unknown.
    expect((fn.inputs.environment as { variables: unknown }).variables).to.deep.equal({
      FINDINGS_TOPIC_ARN: mockArn(TOPIC, "inspector-notify-findings"),
      NOTIFY_STATE_TABLE: "inspector-findings-notify-state",
      NOTIFICATION_GROUP_WINDOW_MINUTES: "5",
      POWERTOOLS_LOG_LEVEL: "INFO",
    });
  });

  it("delays group flushes on their own queue: encrypted, redriven to an alarmed dead-letter queue, read with partial batch responses", () => {
    const flush = named(result, QUEUE, "inspector-triage-flush");
    expect({ ...flush.inputs, redrivePolicy: json(flush.inputs.redrivePolicy) }).to.deep.equal({
      region: "us-east-1",
      name: "inspector-triage-flush",
      sqsManagedSseEnabled: true,
      visibilityTimeoutSeconds: 180,
      messageRetentionSeconds: 4 * 24 * 60 * 60,
      redrivePolicy: {
        deadLetterTargetArn: mockArn(QUEUE, "inspector-triage-flush-dlq"),
        maxReceiveCount: 5,
      },
    });
    expect(
      byName(ofType(result, "aws:lambda/eventSourceMapping:EventSourceMapping")).map((m) => ({
        name: m.name,
        inputs: m.inputs,
      })),
    ).to.deep.equal([
      {
        name: "inspector-triage-notify",
        inputs: {
          region: "us-east-1",
          eventSourceArn: mockArn(QUEUE, "inspector-triage-queue"),
          functionName: "inspector-findings-notify",
          batchSize: 10,
          maximumBatchingWindowInSeconds: 5,
          functionResponseTypes: ["ReportBatchItemFailures"],
          scalingConfig: { maximumConcurrency: 5 },
        },
      },
      {
        name: "inspector-triage-notify-flush",
        inputs: {
          region: "us-east-1",
          eventSourceArn: mockArn(QUEUE, "inspector-triage-flush"),
          functionName: "inspector-findings-notify",
          batchSize: 10,
          functionResponseTypes: ["ReportBatchItemFailures"],
          scalingConfig: { maximumConcurrency: 2 },
        },
      },
    ]);
  });

  it("gives the functions exactly their statements, bounded concurrency and failure handling", () => {
    const policy = (name: string) =>
      json(named(result, "aws:iam/rolePolicy:RolePolicy", name).inputs.policy);
    expect(policy("inspector-triage-notify")).to.deep.equal(
      buildNotifyFunctionPolicy({
        queueArn: mockArn(QUEUE, "inspector-triage-queue"),
        flushQueueArn: mockArn(QUEUE, "inspector-triage-flush"),
        topicArn: mockArn(TOPIC, "inspector-notify-findings"),
        keyArn: mockArn("aws:kms/key:Key", "inspector-notify-key"),
        tableArn: mockArn("aws:dynamodb/table:Table", "inspector-triage-notify-state"),
        logGroupArn:
          "arn:aws:logs:us-east-1:222222222222:log-group:/aws/lambda/inspector-findings-notify",
      }),
    );
    expect(policy("inspector-reports-fn")).to.deep.equal(
      buildReportFunctionPolicy({
        bucketArn: mockArn("aws:s3/bucket:Bucket", "inspector-export"),
        keyArn: mockArn("aws:kms/key:Key", "inspector-export-key"),
        failureQueueArn: mockArn(QUEUE, "inspector-reports-failures"),
        logGroupArn:
          "arn:aws:logs:us-east-1:222222222222:log-group:/aws/lambda/inspector-findings-report",
      }),
    );
    expect(
      ofType(result, "aws:lambda/function:Function").map((f) => [
        f.inputs.name,
        f.inputs.reservedConcurrentExecutions,
        f.inputs.timeout,
      ]),
    ).to.deep.equal([
      // No reservation: a new account's low concurrency quota would refuse it (issue 12, item 10).
      ["inspector-kpis", undefined, 900],
      ["inspector-findings-notify", undefined, 30],
      ["inspector-findings-report", undefined, 900],
    ]);
    const triageQueue = named(result, QUEUE, "inspector-triage-queue");
    expect(json(triageQueue.inputs.redrivePolicy)).to.deep.equal({
      deadLetterTargetArn: mockArn(QUEUE, "inspector-triage-queue-dlq"),
      maxReceiveCount: 5,
    });
    expect(
      ofType(result, "aws:lambda/eventSourceMapping:EventSourceMapping").map(
        (m) => m.inputs.functionResponseTypes,
      ),
    ).to.deep.equal([["ReportBatchItemFailures"], ["ReportBatchItemFailures"]]);
    expect(
      ofType(result, "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig").map(
        (c) => c.inputs.destinationConfig,
      ),
    ).to.deep.equal([
      { onFailure: { destination: mockArn(QUEUE, "inspector-kpis-failures") } },
      { onFailure: { destination: mockArn(QUEUE, "inspector-reports-failures") } },
    ]);
    const schedule = named(result, "aws:scheduler/schedule:Schedule", "inspector-reports");
    expect(schedule.inputs.scheduleExpression).to.equal("cron(0 5 ? * MON *)");
    expect((schedule.inputs.target as Record<string, unknown>).deadLetterConfig).to.deep.equal({
      arn: mockArn(QUEUE, "inspector-reports-schedule-dlq"),
    });
    // EventBridge Scheduler's trust, confined to the account, written out.
    expect(
      json(
        named(result, "aws:iam/role:Role", "inspector-reports-scheduler").inputs.assumeRolePolicy,
      ),
    ).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AllowServiceAssumeRole",
          Effect: "Allow",
          Principal: { Service: "scheduler.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": "222222222222" } },
        },
      ],
    });
  });

  it("makes the delegated admin the Security Hub administrator, then CENTRAL configuration in the home Region with a policy on the sandbox OU and the excluded account self-managed", () => {
    const shub = byName(
      result.registrations.filter((r) => r.type.startsWith("aws:securityhub/")),
    ).map((r) => ({
      type: r.type.split(":").pop(),
      name: r.name,
      inputs: r.inputs,
      provider: providerName(r),
      retain: r.retainOnDelete,
    }));
    const row = (
      type: string,
      name: string,
      inputs: Record<string, unknown>,
      provider = "delegated-admin",
    ) => ({ type, name, inputs, provider, retain: true });
    const account = (region: string) =>
      row("Account", `inspector-securityhub-${region}`, {
        region,
        enableDefaultStandards: false,
        autoEnableControls: true,
      });
    const admin = (region: string) =>
      row(
        "OrganizationAdminAccount",
        `inspector-securityhub-admin-${region}`,
        { region, adminAccountId: ACCOUNT },
        "management",
      );
    expect(shub).to.deep.equal(
      byName([
        account("us-east-1"),
        admin("us-east-1"),
        account("eu-west-1"),
        admin("eu-west-1"),
        row("FindingAggregator", "inspector-securityhub-aggregator", {
          region: "us-east-1",
          linkingMode: "SPECIFIED_REGIONS",
          specifiedRegions: ["eu-west-1"],
        }),
        row("OrganizationConfiguration", "inspector-securityhub-org-us-east-1", {
          region: "us-east-1",
          autoEnable: false,
          autoEnableStandards: "NONE",
          organizationConfiguration: { configurationType: "CENTRAL" },
        }),
        row("ConfigurationPolicy", "inspector-securityhub-policy", {
          region: "us-east-1",
          name: "inspector-rollout",
          description:
            "Security Hub on in every account in scope, so Amazon Inspector findings reach the aggregator; no standards",
          configurationPolicy: {
            serviceEnabled: true,
            enabledStandardArns: [],
            securityControlsConfiguration: { disabledControlIdentifiers: [] },
          },
        }),
        // dev's scope: the sandbox OU (organizationalUnitIds), its excluded account left alone.
        row("ConfigurationPolicyAssociation", "inspector-securityhub-ou-a1b2-sandbox1", {
          region: "us-east-1",
          targetId: "ou-a1b2-sandbox1",
          policyId: "inspector-securityhub-policy-id",
        }),
        row("ConfigurationPolicyAssociation", "inspector-securityhub-900067570804", {
          region: "us-east-1",
          targetId: "900067570804",
          policyId: "SELF_MANAGED_SECURITY_HUB",
        }),
      ]),
    );
    const urn = (type: string, name: string) => named(result, `aws:securityhub/${type}`, name).urn;
    const dependsOn = (type: string, name: string) =>
      named(result, `aws:securityhub/${type}`, name).dependencies;
    // The order AWS needs: designation after the hub, aggregator after designation, CENTRAL after
    // the aggregator, policy after CENTRAL, the self-managed account before its OU's policy.
    expect({
      admin: dependsOn(
        "organizationAdminAccount:OrganizationAdminAccount",
        "inspector-securityhub-admin-us-east-1",
      ),
      aggregator: dependsOn(
        "findingAggregator:FindingAggregator",
        "inspector-securityhub-aggregator",
      ),
      configuration: dependsOn(
        "organizationConfiguration:OrganizationConfiguration",
        "inspector-securityhub-org-us-east-1",
      ),
      policy: dependsOn("configurationPolicy:ConfigurationPolicy", "inspector-securityhub-policy"),
      selfManaged: dependsOn(
        "configurationPolicyAssociation:ConfigurationPolicyAssociation",
        "inspector-securityhub-900067570804",
      ),
      ou: dependsOn(
        "configurationPolicyAssociation:ConfigurationPolicyAssociation",
        "inspector-securityhub-ou-a1b2-sandbox1",
      ),
    }).to.deep.equal({
      admin: [urn("account:Account", "inspector-securityhub-us-east-1")],
      aggregator: [
        urn(
          "organizationAdminAccount:OrganizationAdminAccount",
          "inspector-securityhub-admin-us-east-1",
        ),
        urn(
          "organizationAdminAccount:OrganizationAdminAccount",
          "inspector-securityhub-admin-eu-west-1",
        ),
      ],
      configuration: [
        urn("findingAggregator:FindingAggregator", "inspector-securityhub-aggregator"),
      ],
      policy: [
        urn(
          "organizationConfiguration:OrganizationConfiguration",
          "inspector-securityhub-org-us-east-1",
        ),
      ],
      selfManaged: [
        urn(
          "organizationConfiguration:OrganizationConfiguration",
          "inspector-securityhub-org-us-east-1",
        ),
      ],
      ou: [
        urn(
          "configurationPolicyAssociation:ConfigurationPolicyAssociation",
          "inspector-securityhub-900067570804",
        ),
        urn("configurationPolicy:ConfigurationPolicy", "inspector-securityhub-policy"),
      ],
    });
  });
});

describe("the findings flow, stack prod", function () {
  this.timeout(60_000);
  let result: PlanResult;
  before(async () => {
    result = await examplePlanResult("prod");
  });
  after(() => monitor.install(TEST_PROJECT, "test"));

  it("forwards from each of the five other Regions and consumes once, in us-east-1", () => {
    const rules = ofType(result, "aws:cloudwatch/eventRule:EventRule").map(
      (r) => `${r.inputs.region as string}/${r.inputs.name as string}`,
    );
    expect(rules).to.deep.equal([
      "us-east-1/inspector-findings-triage",
      "us-east-1/inspector-findings-export",
      "us-east-1/inspector-findings-operations",
      ...PROD_REGIONS.slice(1).map((r) => `${r}/inspector-findings-forward`),
    ]);
  });

  it("locks, transitions and expires the export as configured, and announces new objects to an SQS queue", () => {
    const lock = named(
      result,
      "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
      "inspector-export",
    );
    expect(lock.inputs.rule).to.deep.equal({ defaultRetention: { mode: "GOVERNANCE", days: 365 } });
    expect(
      named(result, "aws:s3/bucket:Bucket", "inspector-export").inputs.objectLockEnabled,
    ).to.equal(true);
    const lifecycle = named(
      result,
      "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
      "inspector-export",
    );
    const [rule] = lifecycle.inputs.rules as Record<string, unknown>[];
    expect([rule.transitions, rule.expiration]).to.deep.equal([
      [{ days: 90, storageClass: "GLACIER_IR" }],
      { days: 1095 },
    ]);
    const notification = named(
      result,
      "aws:s3/bucketNotification:BucketNotification",
      "inspector-export",
    );
    expect(notification.inputs.queues).to.deep.equal([
      { queueArn: mockArn(QUEUE, "inspector-export-objects"), events: ["s3:ObjectCreated:*"] },
    ]);
  });

  it("adds the Slack channel (deny-all guardrail) and the https subscription", () => {
    const [slack] = ofType(
      result,
      "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration",
    );
    expect(slack.inputs).to.deep.equal({
      configurationName: "inspector-notify-slack",
      iamRoleArn: mockArn("aws:iam/role:Role", "inspector-notify-chatbot"),
      slackTeamId: "T0123ABCD",
      slackChannelId: "C0123ABCD",
      snsTopicArns: [mockArn(TOPIC, "inspector-notify-findings")],
      guardrailPolicyArns: ["arn:aws:iam::aws:policy/AWSDenyAll"],
      loggingLevel: "ERROR",
    });
    expect(
      json(named(result, "aws:iam/role:Role", "inspector-notify-chatbot").inputs.assumeRolePolicy),
    ).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AllowChatbotAssumeRole",
          Effect: "Allow",
          Principal: { Service: "chatbot.amazonaws.com" },
          Action: "sts:AssumeRole",
        },
      ],
    });
    expect(
      ofType(result, "aws:sns/topicSubscription:TopicSubscription")
        .filter((s) => s.inputs.protocol === "https")
        .map((s) => s.inputs.endpoint),
    ).to.deep.equal(["https://soc.example.com/hooks/inspector"]);
  });

  it("protects the Security Hub organization resources, aggregates the five other Regions, and applies the policy to the root", () => {
    const shub = result.registrations.filter((r) => r.type.startsWith("aws:securityhub/"));
    expect(shub.every((r) => r.protect && r.retainOnDelete)).to.equal(true);
    expect(
      ofType(
        result,
        "aws:securityhub/configurationPolicyAssociation:ConfigurationPolicyAssociation",
      ).map((a) => a.inputs),
    ).to.deep.equal([
      { region: "us-east-1", targetId: "r-a1b2", policyId: "inspector-securityhub-policy-id" },
    ]);
    expect(
      ofType(result, "aws:securityhub/organizationConfiguration:OrganizationConfiguration").map(
        (c) => [c.inputs.region, c.inputs.organizationConfiguration],
      ),
    ).to.deep.equal([["us-east-1", { configurationType: "CENTRAL" }]]);
    expect(
      named(
        result,
        "aws:securityhub/findingAggregator:FindingAggregator",
        "inspector-securityhub-aggregator",
      ).inputs.specifiedRegions,
    ).to.deep.equal(PROD_REGIONS.slice(1));
  });

  it("alarms on new CRITICAL and HIGH findings (kpiAlarmSeverities) and the default SLAs", () => {
    expect(
      ofType(result, "aws:cloudwatch/metricAlarm:MetricAlarm")
        .filter((a) => a.inputs.namespace === "InspectorRollout/KPIs")
        .map((a) => a.inputs.name as string)
        .sort(),
    ).to.deep.equal([
      "inspector-kpis-coverage-gaps",
      "inspector-kpis-new-findings-critical",
      "inspector-kpis-new-findings-high",
      "inspector-kpis-sla-breaches-critical",
      "inspector-kpis-sla-breaches-high",
      "inspector-kpis-sla-breaches-low",
      "inspector-kpis-sla-breaches-medium",
      "inspector-kpis-source-errors",
    ]);
  });

  it("summarizes the rules per Region and the export in the plan", () => {
    expect(formatFindings(requireRolloutOutputs(result))).to.deep.equal([
      "Findings flow (rules per Region):",
      "  us-east-1       inspector-findings-triage, inspector-findings-export, inspector-findings-operations",
      ...PROD_REGIONS.slice(1).map((r) => `  ${r.padEnd(15)} inspector-findings-forward`),
      "  export: s3://inspector-findings-222222222222-us-east-1/ (findings/, reports/findings/, reports/sbom/)",
      "  KPI dashboard: https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards/dashboard/inspector-kpis",
    ]);
  });

  it("outputs the bucket, prefixes and queue a SIEM needs", () => {
    expect(result.outputs.findings).to.deep.equal({
      exportBucket: "inspector-findings-222222222222-us-east-1",
      exportRegion: "us-east-1",
      findingsPrefix: "findings/",
      findingsErrorPrefix: "findings-errors/",
      findingsReportsPrefix: "reports/findings/",
      sbomExportsPrefix: "reports/sbom/",
      reportRecordsPrefix: "reports/records/",
      objectNotificationQueueUrl:
        "https://sqs.us-east-1.amazonaws.com/222222222222/inspector-export-objects",
      findingsTopicArn: "arn:aws:sns:us-east-1:222222222222:inspector-notify-findings",
      operationsTopicArn: "arn:aws:sns:us-east-1:222222222222:inspector-notify-operations",
      rules: Object.fromEntries(
        PROD_REGIONS.map((r) => [
          r,
          r === "us-east-1"
            ? [
                "inspector-findings-triage",
                "inspector-findings-export",
                "inspector-findings-operations",
              ]
            : ["inspector-findings-forward"],
        ]),
      ),
      kpiDashboardUrl:
        "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards/dashboard/inspector-kpis",
    });
  });
});
