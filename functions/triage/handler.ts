/**
 * The triage function: SQS (fed by the HIGH/CRITICAL findings route) -> validate -> dedupe ->
 * decide -> act -> audit. Thin: clients and the logger are created once per container, the logic
 * lives in functions/lib.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { Inspector2Client } from "@aws-sdk/client-inspector2";
import { SNSClient } from "@aws-sdk/client-sns";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { getStringFromEnv } from "@aws-lambda-powertools/commons/utils/env";
import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import { Logger } from "@aws-lambda-powertools/logger";
import { SecretsProvider } from "@aws-lambda-powertools/parameters/secrets";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { REMEDIATION_ROLE_PATH } from "../../lib/remediationNames";
import {
  assumeRoleClientFactory,
  InspectorFindingLookup,
  secretsManagerSecretReader,
  SnsNotifier,
  STSClient,
  WebhookTicketer,
} from "../lib/clients";
import { parseSettings } from "../lib/settings";
import { createTriageProcessor } from "../lib/sqsTriage";
import { DynamoAuditStore, DynamoBlockedDigestStore, DynamoLockStore } from "../lib/stores";

const logger = new Logger({ serviceName: "inspector-triage" });
const settings = parseSettings(getStringFromEnv({ key: "REMEDIATION_SETTINGS" }));
const retry = { retryMode: "adaptive" } as const;
const dynamo = new DynamoDBClient(retry);
const documents = DynamoDBDocumentClient.from(dynamo, {
  marshallOptions: { removeUndefinedValues: true },
});
const ticketSecretArn = process.env.TICKET_SECRET_ARN;

export const handler = createTriageProcessor({
  logger,
  persistenceStore: new DynamoDBPersistenceLayer({
    tableName: getStringFromEnv({ key: "IDEMPOTENCY_TABLE" }),
    awsSdkV3Client: dynamo,
  }),
  deps: {
    settings,
    audit: new DynamoAuditStore(
      documents,
      getStringFromEnv({ key: "AUDIT_TABLE" }),
      settings.auditRetentionDays,
    ),
    locks: new DynamoLockStore(documents, getStringFromEnv({ key: "LOCK_TABLE" })),
    blocked: new DynamoBlockedDigestStore(
      documents,
      getStringFromEnv({ key: "BLOCKED_DIGESTS_TABLE" }),
    ),
    notifier: new SnsNotifier(
      new SNSClient(retry),
      getStringFromEnv({ key: "NOTIFICATION_TOPIC_ARN" }),
    ),
    ticketer:
      settings.ticketWebhookUrl === undefined || ticketSecretArn === undefined
        ? undefined
        : new WebhookTicketer(
            settings.ticketWebhookUrl,
            secretsManagerSecretReader(
              ticketSecretArn,
              new SecretsProvider({ awsSdkV3Client: new SecretsManagerClient(retry) }),
            ),
          ),
    lookup: new InspectorFindingLookup(new Inspector2Client(retry)),
    memberClients: assumeRoleClientFactory(
      new STSClient(retry),
      settings.executionRoleName,
      REMEDIATION_ROLE_PATH,
      "inspector-triage",
    ),
    now: () => new Date(),
  },
});
