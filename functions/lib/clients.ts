/**
 * The side-effect ports of triage and their AWS implementations: member-account clients through
 * the StackSet's execution role, notifications (SNS), tickets (HTTPS webhook) and finding lookups
 * (Inspector in the delegated administrator, which sees every member's findings).
 */
import { ECRClient } from "@aws-sdk/client-ecr";
import { Inspector2Client, paginateListFindings } from "@aws-sdk/client-inspector2";
import { PublishCommand, type SNSClient } from "@aws-sdk/client-sns";
import { SSMClient } from "@aws-sdk/client-ssm";
import type { SecretsProvider } from "@aws-lambda-powertools/parameters/secrets";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import type { FindingDetail } from "./finding";
import { snsSubject } from "./snsSubject";

/** Clients acting inside one member account and Region. */
export interface MemberClients {
  readonly ssm: SSMClient;
  readonly ecr: ECRClient;
}

/** Gives the clients for a member account and Region. */
export type MemberClientFactory = (accountId: string, region: string) => MemberClients;

/**
 * Member clients whose credentials come from assuming the member's execution role (trusting only
 * this function's role), cached per account and Region for the life of the container.
 */
export function assumeRoleClientFactory(
  sts: STSClient,
  roleName: string,
  rolePath: string,
  sessionName: string,
): MemberClientFactory {
  const cache = new Map<string, MemberClients>();
  return (accountId, region) => {
    const key = `${accountId}:${region}`;
    const cached = cache.get(key);
    if (cached !== undefined) {
      return cached;
    }
    const credentials = async () => {
      const out = await sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${accountId}:role${rolePath}${roleName}`,
          RoleSessionName: sessionName,
          DurationSeconds: 900,
        }),
      );
      const c = out.Credentials;
      if (c?.AccessKeyId === undefined || c.SecretAccessKey === undefined) {
        throw new Error(`AssumeRole into ${accountId} returned no credentials`);
      }
      return {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration: c.Expiration,
      };
    };
    // The SDK refreshes a credential provider function when its `expiration` nears.
    const clients: MemberClients = {
      ssm: new SSMClient({ region, credentials, retryMode: "adaptive" }),
      ecr: new ECRClient({ region, credentials, retryMode: "adaptive" }),
    };
    cache.set(key, clients);
    return clients;
  };
}

/** Re-exported so the handler builds its STS client from the same module. */
export { STSClient };

/** A notification to the SOC or an owner. */
export interface Notification {
  readonly subject: string;
  readonly message: Readonly<Record<string, unknown>>;
  /** SNS message attributes subscribers filter on (owner, action, severity, accountId). */
  readonly attributes: Readonly<Record<string, string>>;
}

/** Sends notifications. */
export interface Notifier {
  publish(n: Notification): Promise<void>;
}

/** Notifications through one SNS topic; subscriptions filter on the message attributes. */
export class SnsNotifier implements Notifier {
  constructor(
    private readonly sns: SNSClient,
    private readonly topicArn: string,
  ) {}

  async publish(n: Notification): Promise<void> {
    await this.sns.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Subject: snsSubject(n.subject),
        Message: JSON.stringify(n.message),
        MessageAttributes: Object.fromEntries(
          Object.entries(n.attributes).map(([k, v]) => [k, { DataType: "String", StringValue: v }]),
        ),
      }),
    );
  }
}

/** Raised when the ticket webhook does not accept a ticket; the record is retried. */
export class TicketWebhookError extends Error {
  constructor(public readonly status: number) {
    super(`ticket webhook answered HTTP ${status}`);
    this.name = "TicketWebhookError";
  }
}

/** Reads the webhook's bearer token. */
export type SecretReader = () => Promise<string>;

/** Opens tickets. */
export interface Ticketer {
  open(ticket: Readonly<Record<string, unknown>>, idempotencyKey: string): Promise<void>;
}

/**
 * Tickets through a generic HTTPS webhook: a JSON POST with the secret as a bearer token and an
 * `Idempotency-Key` header (findingArn + updatedAt) so a redelivery does not open a second ticket
 * on webhooks that honour it.
 */
export class WebhookTicketer implements Ticketer {
  constructor(
    private readonly url: string,
    private readonly readSecret: SecretReader,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  async open(ticket: Readonly<Record<string, unknown>>, idempotencyKey: string): Promise<void> {
    const token = await this.readSecret();
    const response = await this.fetchFn(this.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${token}`,
        "idempotency-key": idempotencyKey,
      },
      body: JSON.stringify(ticket),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) {
      throw new TicketWebhookError(response.status);
    }
  }
}

/** How long a read ticket secret is reused before Secrets Manager is asked again (5 minutes). */
export const SECRET_MAX_AGE_SECONDS = 300;

/**
 * Reads the ticket webhook's secret from Secrets Manager with Powertools Parameters, which caches
 * it for {@link SECRET_MAX_AGE_SECONDS} per container, so a burst of tickets makes one
 * GetSecretValue call and a rotated secret is picked up within minutes.
 */
export function secretsManagerSecretReader(
  secretId: string,
  provider: SecretsProvider,
): SecretReader {
  return async () => {
    const value = await provider.get(secretId, { maxAge: SECRET_MAX_AGE_SECONDS });
    if (typeof value !== "string" || value === "") {
      throw new Error(
        `the ticket secret ${secretId} has no SecretString; store the webhook token as a string secret`,
      );
    }
    return value;
  };
}

/** Facts from other findings of the same resource. */
export interface FindingLookup {
  /** Whether the instance has an ACTIVE network reachability finding. */
  isInstanceExposed(accountId: string, instanceId: string): Promise<boolean>;
  /** The packages (name, fixed version) of the instance's ACTIVE package findings. */
  activePackages(accountId: string, instanceId: string): Promise<string[]>;
}

/**
 * Most packages passed to one patch run: StartAutomationExecution takes at most 50 values per
 * parameter (AutomationParameterValueList, "Array Members: Maximum number of 50 items", SSM API
 * reference). The list is the run's record; AWS-RunPatchBaseline installs what the patch
 * baseline approves either way.
 */
export const MAX_INSTALL_LIST = 50;

/** Finding lookups through Inspector's ListFindings in the delegated administrator. */
export class InspectorFindingLookup implements FindingLookup {
  constructor(private readonly inspector: Inspector2Client) {}

  private criteria(accountId: string, instanceId: string, type: string) {
    return {
      awsAccountId: [{ comparison: "EQUALS" as const, value: accountId }],
      resourceId: [{ comparison: "EQUALS" as const, value: instanceId }],
      findingStatus: [{ comparison: "EQUALS" as const, value: "ACTIVE" }],
      findingType: [{ comparison: "EQUALS" as const, value: type }],
    };
  }

  async isInstanceExposed(accountId: string, instanceId: string): Promise<boolean> {
    for await (const page of paginateListFindings(
      { client: this.inspector, pageSize: 1 },
      {
        filterCriteria: this.criteria(accountId, instanceId, "NETWORK_REACHABILITY"),
        maxResults: 1,
      },
    )) {
      return (page.findings ?? []).length > 0;
    }
    return false;
  }

  async activePackages(accountId: string, instanceId: string): Promise<string[]> {
    const packages = new Set<string>();
    for await (const page of paginateListFindings(
      { client: this.inspector },
      { filterCriteria: this.criteria(accountId, instanceId, "PACKAGE_VULNERABILITY") },
    )) {
      for (const f of page.findings ?? []) {
        for (const p of f.packageVulnerabilityDetails?.vulnerablePackages ?? []) {
          packages.add(p.name ?? "");
        }
      }
      if (packages.size >= MAX_INSTALL_LIST) {
        break;
      }
    }
    packages.delete("");
    return [...packages].sort().slice(0, MAX_INSTALL_LIST);
  }
}

/** The package names of one finding (the fallback install list), at most {@link MAX_INSTALL_LIST}. */
export function packagesOf(detail: FindingDetail): string[] {
  return [
    ...new Set((detail.packageVulnerabilityDetails?.vulnerablePackages ?? []).map((p) => p.name)),
  ]
    .sort()
    .slice(0, MAX_INSTALL_LIST);
}
