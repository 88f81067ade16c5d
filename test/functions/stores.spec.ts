import { expect } from "chai";
import { ConditionalCheckFailedException, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  PutCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import {
  DynamoAuditStore,
  DynamoBlockedDigestStore,
  DynamoLockStore,
} from "../../functions/lib/stores";

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: "us-east-1" }));
const dynamo = mockClient(documents);
const NOW = new Date("2026-11-28T10:00:00.000Z");
const NOW_S = 1_795_860_000;
const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: "The conditional request failed", $metadata: {} });

describe("DynamoLockStore", () => {
  beforeEach(() => dynamo.reset());

  it("takes a free or expired lock with one conditional put", async () => {
    dynamo.on(PutCommand).resolves({});
    const taken = await new DynamoLockStore(documents, "locks").acquire(
      "patch#1#r#i-1",
      "finding-a",
      NOW,
      new Date(NOW.getTime() + 7_200_000),
    );
    expect([taken, dynamo.commandCalls(PutCommand)[0].args[0].input]).to.deep.equal([
      true,
      {
        TableName: "locks",
        Item: {
          lockKey: "patch#1#r#i-1",
          owner: "finding-a",
          lockedUntil: NOW_S + 7200,
          expiresAt: NOW_S + 7200 + 86_400,
        },
        ConditionExpression: "attribute_not_exists(lockKey) OR lockedUntil < :now",
        ExpressionAttributeValues: { ":now": NOW_S },
      },
    ]);
  });

  it("answers false when the condition fails (someone holds the lock)", async () => {
    dynamo.on(PutCommand).rejects(conditionFailed());
    expect(await new DynamoLockStore(documents, "locks").acquire("k", "o", NOW, NOW)).to.equal(
      false,
    );
  });

  it("passes other errors on (the record is retried)", async () => {
    dynamo.on(PutCommand).rejects(new Error("ProvisionedThroughputExceeded"));
    let caught: unknown;
    try {
      await new DynamoLockStore(documents, "locks").acquire("k", "o", NOW, NOW);
    } catch (err) {
      caught = err;
    }
    expect((caught as Error).message).to.equal("ProvisionedThroughputExceeded");
  });

  it("releases only its own lock, and tolerates losing it", async () => {
    dynamo.on(DeleteCommand).rejects(conditionFailed());
    await new DynamoLockStore(documents, "locks").release("k", "o");
    expect(dynamo.commandCalls(DeleteCommand)[0].args[0].input).to.deep.equal({
      TableName: "locks",
      Key: { lockKey: "k" },
      ConditionExpression: "#owner = :owner",
      ExpressionAttributeNames: { "#owner": "owner" },
      ExpressionAttributeValues: { ":owner": "o" },
    });
  });
});

describe("DynamoAuditStore", () => {
  beforeEach(() => dynamo.reset());

  const entry = {
    findingArn: "arn:f",
    accountId: "123456789012",
    region: "eu-central-1",
    resourceId: "i-1",
    action: "patch",
    mode: "enforce",
    reason: "r",
    findingVersion: "v1",
  };

  it("writes a decision with TTL and opens the finding's state item", async () => {
    dynamo.on(PutCommand).resolves({});
    dynamo.on(UpdateCommand).resolves({});
    await new DynamoAuditStore(documents, "audit", 400).record({ ...entry, kind: "decision" }, NOW);
    expect(dynamo.calls().map((c) => c.args[0].input)).to.deep.equal([
      {
        TableName: "audit",
        Item: {
          ...entry,
          kind: "decision",
          recordKey: "2026-11-28T10:00:00.000Z#decision#patch",
          recordedAt: "2026-11-28T10:00:00.000Z",
          expiresAt: NOW_S + 400 * 86_400,
        },
      },
      {
        TableName: "audit",
        Key: { findingArn: "arn:f", recordKey: "STATE" },
        UpdateExpression:
          "SET openedAt = if_not_exists(openedAt, :at), findingStatus = :open, lastAction = :action, accountId = :account, resourceId = :resource, recordedAt = :at, expiresAt = :ttl",
        ExpressionAttributeValues: {
          ":at": "2026-11-28T10:00:00.000Z",
          ":open": "OPEN",
          ":action": "patch",
          ":account": "123456789012",
          ":resource": "i-1",
          ":ttl": NOW_S + 400 * 86_400,
        },
      },
    ]);
  });

  it("closes the state item on a CLOSED event", async () => {
    dynamo.on(PutCommand).resolves({});
    dynamo.on(UpdateCommand).resolves({});
    await new DynamoAuditStore(documents, "audit", 30).close({ ...entry, kind: "closed" }, NOW);
    expect(dynamo.commandCalls(UpdateCommand).map((c) => c.args[0].input)).to.deep.equal([
      {
        TableName: "audit",
        Key: { findingArn: "arn:f", recordKey: "STATE" },
        UpdateExpression:
          "SET findingStatus = :closed, closedAt = :at, accountId = :account, resourceId = :resource, recordedAt = :at, expiresAt = :ttl",
        ExpressionAttributeValues: {
          ":closed": "CLOSED",
          ":at": "2026-11-28T10:00:00.000Z",
          ":account": "123456789012",
          ":resource": "i-1",
          ":ttl": NOW_S + 30 * 86_400,
        },
      },
    ]);
  });
});

describe("DynamoBlockedDigestStore", () => {
  beforeEach(() => dynamo.reset());

  it("writes the image gate's contract, accumulating finding ARNs in a string set", async () => {
    dynamo.on(UpdateCommand).resolves({});
    await new DynamoBlockedDigestStore(documents, "blocked").block({
      imageDigest: `sha256:${"a".repeat(64)}`,
      repositoryArn: "arn:aws:ecr:us-east-1:123456789012:repository/app",
      registry: "123456789012",
      repositoryName: "app",
      reason: "CRITICAL CVE-1",
      findingArns: ["arn:f1"],
      severity: "CRITICAL",
      blockedAt: "2026-11-28T10:00:00.000Z",
      expiresAt: 1_800_000_000,
    });
    expect(dynamo.commandCalls(UpdateCommand)[0].args[0].input).to.deep.equal({
      TableName: "blocked",
      Key: {
        imageDigest: `sha256:${"a".repeat(64)}`,
        repositoryArn: "arn:aws:ecr:us-east-1:123456789012:repository/app",
      },
      UpdateExpression:
        "SET #registry = :registry, #repositoryName = :repositoryName, #reason = :reason, #severity = :severity, #blockedAt = if_not_exists(#blockedAt, :blockedAt), #expiresAt = :expiresAt ADD #findingArns :findingArns",
      ExpressionAttributeNames: {
        "#registry": "registry",
        "#repositoryName": "repositoryName",
        "#reason": "reason",
        "#severity": "severity",
        "#blockedAt": "blockedAt",
        "#findingArns": "findingArns",
        "#expiresAt": "expiresAt",
      },
      ExpressionAttributeValues: {
        ":registry": "123456789012",
        ":repositoryName": "app",
        ":reason": "CRITICAL CVE-1",
        ":findingArns": new Set(["arn:f1"]),
        ":severity": "CRITICAL",
        ":blockedAt": "2026-11-28T10:00:00.000Z",
        ":expiresAt": 1_800_000_000,
      },
    });
  });
});
