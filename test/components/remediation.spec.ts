import { expect } from "chai";
import { Remediation } from "../../components/remediation";
import { ENFORCE_ALL } from "../helpers/remediationFakes";
import { monitor, promiseOf, resourceNamed, settle } from "../helpers/runtime";

const mockArn = (type: string, name: string) => `arn:aws:mock:::${type}/${name}`;
const T = {
  queue: "aws:sqs/queue:Queue",
  queuePolicy: "aws:sqs/queuePolicy:QueuePolicy",
  table: "aws:dynamodb/table:Table",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  fn: "aws:lambda/function:Function",
  esm: "aws:lambda/eventSourceMapping:EventSourceMapping",
  topic: "aws:sns/topic:Topic",
  key: "aws:kms/key:Key",
};

async function build(extra: Partial<ConstructorParameters<typeof Remediation>[1]> = {}) {
  const component = new Remediation("rem", {
    region: "us-east-1",
    accountId: "222222222222",
    settings: ENFORCE_ALL,
    organizationId: "o-abc123",
    ...extra,
  });
  await promiseOf(component.triageFunction.arn);
  await promiseOf(component.triageQueueArn);
  await settle();
  return component;
}

describe("Remediation", () => {
  it("registers exactly its resources, each in the home Region where regional", async () => {
    await build();
    expect(
      monitor.registrations.map((r) => `${r.type}::${r.name}::${String(r.inputs.region)}`).sort(),
    ).to.deep.equal(
      [
        "inspector:index:Remediation::rem::undefined",
        "inspector:index:RemediationTables::rem::undefined",
        `${T.queue}::rem-triage-dlq::us-east-1`,
        `${T.queue}::rem-triage::us-east-1`,
        `${T.queuePolicy}::rem-triage::us-east-1`,
        `${T.key}::rem::us-east-1`,
        `${T.topic}::rem-notifications::us-east-1`,
        `${T.alarm}::rem-triage-dlq::us-east-1`,
        `${T.table}::rem-idempotency::us-east-1`,
        `${T.table}::rem-audit::us-east-1`,
        `${T.table}::rem-locks::us-east-1`,
        `${T.table}::rem-blocked-digests::us-east-1`,
        // The organization's pipelines read the blocked digests (the gate's --blocked-digests).
        "aws:dynamodb/resourcePolicy:ResourcePolicy::rem-blocked-digests::us-east-1",
        `${T.logGroup}::rem-triage::us-east-1`,
        `${T.role}::rem-automation::undefined`,
        `${T.rolePolicy}::rem-automation::undefined`,
        `${T.fn}::rem-triage::us-east-1`,
        `${T.esm}::rem-triage::us-east-1`,
      ].sort(),
    );
  });

  it("gives the triage queue SSE and a redrive to its dead-letter queue, alarmed", async () => {
    await build();
    const dlqArn = mockArn(T.queue, "rem-triage-dlq");
    expect(resourceNamed(T.queue, "rem-triage").inputs).to.deep.equal({
      region: "us-east-1",
      sqsManagedSseEnabled: true,
      visibilityTimeoutSeconds: 720,
      messageRetentionSeconds: 345_600,
      redrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 5 }),
    });
    expect(resourceNamed(T.queue, "rem-triage-dlq").inputs).to.deep.equal({
      region: "us-east-1",
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: 1_209_600,
    });
    const alarm = resourceNamed(T.alarm, "rem-triage-dlq").inputs;
    expect([
      alarm.metricName,
      alarm.threshold,
      alarm.comparisonOperator,
      alarm.alarmActions,
    ]).to.deep.equal([
      "ApproximateNumberOfMessagesVisible",
      0,
      "GreaterThanThreshold",
      [mockArn(T.topic, "rem-notifications")],
    ]);
  });

  it("lets only EventBridge rules of this account send to the queue, or exactly the given rules", async () => {
    await build({ triageRuleArns: ["arn:aws:events:us-east-1:222222222222:rule/triage"] });
    expect(
      JSON.parse(resourceNamed(T.queuePolicy, "rem-triage").inputs.policy as string),
    ).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "FindingsRouteToTriage",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sqs:SendMessage",
          Resource: mockArn(T.queue, "rem-triage"),
          Condition: {
            ArnEquals: { "aws:SourceArn": ["arn:aws:events:us-east-1:222222222222:rule/triage"] },
          },
        },
      ],
    });
  });

  it("runs the function as the fixed-name automation role", async () => {
    await build({ organizationId: "o-abc123" });
    const role = resourceNamed(T.role, "rem-automation").inputs;
    expect([role.name, role.path]).to.deep.equal([
      "inspector-remediation-automation",
      "/inspector/",
    ]);
    // Its trust and inline policy are written out in remediation.documents.spec.ts.
  });

  it("configures the function from the settings and feeds it with partial batch responses", async () => {
    await build();
    const fn = resourceNamed(T.fn, "rem-triage").inputs;
    expect([
      fn.name,
      fn.runtime,
      fn.handler,
      fn.timeout,
      fn.role,
      fn.loggingConfig,
      (fn.environment as { variables: Record<string, string> }).variables.REMEDIATION_SETTINGS,
    ]).to.deep.equal([
      "inspector-remediation-triage",
      "nodejs22.x",
      "index.handler",
      120,
      mockArn(T.role, "rem-automation"),
      { logFormat: "JSON", logGroup: "/aws/lambda/inspector-remediation-triage" },
      JSON.stringify(ENFORCE_ALL),
    ]);
    expect(resourceNamed(T.esm, "rem-triage").inputs).to.deep.equal({
      region: "us-east-1",
      eventSourceArn: mockArn(T.queue, "rem-triage"),
      functionName: mockArn(T.fn, "rem-triage"),
      batchSize: 10,
      maximumBatchingWindowInSeconds: 5,
      functionResponseTypes: ["ReportBatchItemFailures"],
      scalingConfig: { maximumConcurrency: 5 },
    });
  });

  it("creates the audit table with TTL and GSIs by resource and by account, protected", async () => {
    // Fixed name: the runbooks' queries and the stack output name it.
    await build();
    const audit = resourceNamed(T.table, "rem-audit");
    expect([audit.inputs, audit.protect]).to.deep.equal([
      {
        region: "us-east-1",
        name: "inspector-remediation-audit",
        billingMode: "PAY_PER_REQUEST",
        hashKey: "findingArn",
        rangeKey: "recordKey",
        attributes: [
          { name: "findingArn", type: "S" },
          { name: "recordKey", type: "S" },
          { name: "resourceId", type: "S" },
          { name: "accountId", type: "S" },
          { name: "recordedAt", type: "S" },
        ],
        ttl: { attributeName: "expiresAt", enabled: true },
        pointInTimeRecovery: { enabled: true },
        serverSideEncryption: { enabled: true },
        deletionProtectionEnabled: true,
        globalSecondaryIndexes: [
          {
            name: "byResource",
            keySchemas: [
              { attributeName: "resourceId", keyType: "HASH" },
              { attributeName: "recordedAt", keyType: "RANGE" },
            ],
            projectionType: "ALL",
          },
          {
            name: "byAccount",
            keySchemas: [
              { attributeName: "accountId", keyType: "HASH" },
              { attributeName: "recordedAt", keyType: "RANGE" },
            ],
            projectionType: "ALL",
          },
        ],
      },
      true,
    ]);
  });

  it("creates the blocked-digests table of the image gate's contract, under its fixed name", async () => {
    await build();
    const t = resourceNamed(T.table, "rem-blocked-digests").inputs;
    expect([t.name, t.hashKey, t.rangeKey, t.attributes, t.ttl]).to.deep.equal([
      "inspector-blocked-digests",
      "imageDigest",
      "repositoryArn",
      [
        { name: "imageDigest", type: "S" },
        { name: "repositoryArn", type: "S" },
      ],
      { attributeName: "expiresAt", enabled: true },
    ]);
  });

  it("lets only the organization's accounts Query the blocked-digests table, and only with an organization id", async () => {
    await build({ organizationId: "o-a1b2c3d4e5" });
    const policy = resourceNamed(
      "aws:dynamodb/resourcePolicy:ResourcePolicy",
      "rem-blocked-digests",
    );
    const tableArn = mockArn(T.table, "rem-blocked-digests");
    expect([
      policy.inputs.region,
      policy.inputs.resourceArn,
      JSON.parse(policy.inputs.policy as string),
    ]).to.deep.equal([
      "us-east-1",
      tableArn,
      {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "ImageGateReadsFromTheOrganization",
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: ["dynamodb:Query"],
            Resource: tableArn,
            Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } },
          },
        ],
      },
    ]);
  });

  it("encrypts the log group with its own key (its policy: remediation.documents.spec.ts)", async () => {
    await build();
    expect([resourceNamed(T.logGroup, "rem-triage").inputs]).to.deep.equal([
      {
        region: "us-east-1",
        name: "/aws/lambda/inspector-remediation-triage",
        retentionInDays: 365,
        kmsKeyId: mockArn(T.key, "rem"),
      },
    ]);
  });

  it("uses the findings flow's topic when given, without creating its own", async () => {
    const c = await build({ notificationTopicArn: "arn:aws:sns:us-east-1:222222222222:findings" });
    expect([
      c.notificationTopic,
      monitor.registrations.filter((r) => r.type === T.topic).length,
      resourceNamed(T.alarm, "rem-triage-dlq").inputs.alarmActions,
    ]).to.deep.equal([undefined, 0, ["arn:aws:sns:us-east-1:222222222222:findings"]]);
  });
});
