/**
 * The AWS SDK clients of the day-0 and day-2 commands (preflight, adopt, verify): one set for the
 * management account (the caller's credentials) and one for the delegated administrator (the
 * stack's `delegatedAdminRoleName`, assumed from the management credentials, as the program's
 * `delegated-admin` provider does: stacks/providers.ts).
 *
 * Every client uses the SDK's adaptive retry mode: Inspector, Organizations and Security Hub
 * throttle per account and Region, and adaptive mode adds client-side rate limiting on top of the
 * exponential backoff (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html).
 */
import { EC2Client } from "@aws-sdk/client-ec2";
import { ECRClient } from "@aws-sdk/client-ecr";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { IAMClient } from "@aws-sdk/client-iam";
import { Inspector2Client } from "@aws-sdk/client-inspector2";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { S3Client } from "@aws-sdk/client-s3";
import { SecurityHubClient } from "@aws-sdk/client-securityhub";
import { STSClient } from "@aws-sdk/client-sts";
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { SESSION_NAME } from "../../stacks/providers";

/** Attempts per call: the SDK default of 3 is too few for a walk of thousands of accounts. */
export const DAY0_MAX_ATTEMPTS = 10;

/** Options every client of these commands gets; tests add a fake `requestHandler` here. */
export interface ClientOptions {
  readonly retryMode?: string;
  readonly maxAttempts?: number;
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  readonly [option: string]: unknown;
}

/** The clients of one account; regional clients are created once per Region and reused. */
export interface AccountClients {
  readonly inspector: (region: string) => Inspector2Client;
  readonly securityHub: (region: string) => SecurityHubClient;
  readonly ecr: (region: string) => ECRClient;
  readonly eventBridge: (region: string) => EventBridgeClient;
  readonly s3: (region: string) => S3Client;
  readonly lambda: (region: string) => LambdaClient;
  readonly ec2: (region: string) => EC2Client;
  readonly iam: () => IAMClient;
  readonly organizations: () => OrganizationsClient;
  readonly sts: () => STSClient;
  /** Closes every client created so far. */
  readonly destroy: () => void;
}

/** The two accounts the commands read. */
export interface Day0Clients {
  readonly management: AccountClients;
  readonly delegatedAdmin: AccountClients;
}

interface Destroyable {
  destroy(): void;
}

/**
 * The clients of one account. `globalRegion` signs the global services (IAM, Organizations, STS):
 * the stack's home Region, so that GovCloud and China stacks reach their partition's endpoints.
 */
export function createAccountClients(
  globalRegion: string,
  options: ClientOptions = {},
): AccountClients {
  const made = new Map<string, Destroyable>();
  const base = { retryMode: "adaptive", maxAttempts: DAY0_MAX_ATTEMPTS, ...options };
  function once<T extends Destroyable>(key: string, make: () => T): T {
    let client = made.get(key) as T | undefined;
    if (client === undefined) {
      client = make();
      made.set(key, client);
    }
    return client;
  }
  return {
    inspector: (region) =>
      once(`inspector2/${region}`, () => new Inspector2Client({ ...base, region })),
    securityHub: (region) =>
      once(`securityhub/${region}`, () => new SecurityHubClient({ ...base, region })),
    ecr: (region) => once(`ecr/${region}`, () => new ECRClient({ ...base, region })),
    eventBridge: (region) =>
      once(`events/${region}`, () => new EventBridgeClient({ ...base, region })),
    s3: (region) => once(`s3/${region}`, () => new S3Client({ ...base, region })),
    lambda: (region) => once(`lambda/${region}`, () => new LambdaClient({ ...base, region })),
    ec2: (region) => once(`ec2/${region}`, () => new EC2Client({ ...base, region })),
    iam: () => once("iam", () => new IAMClient({ ...base, region: globalRegion })),
    organizations: () =>
      once("organizations", () => new OrganizationsClient({ ...base, region: globalRegion })),
    sts: () => once("sts", () => new STSClient({ ...base, region: globalRegion })),
    destroy: () => {
      for (const client of made.values()) {
        client.destroy();
      }
      made.clear();
    },
  };
}

/**
 * The management account's clients (the caller's credentials) and the delegated administrator's
 * (the role assumed lazily, at its first call, and refreshed by the SDK when it expires).
 */
export function createDay0Clients(
  homeRegion: string,
  delegatedAdminRoleArn: string,
  options: ClientOptions = {},
): Day0Clients {
  const management = createAccountClients(homeRegion, options);
  const credentials =
    options.credentials ??
    fromTemporaryCredentials({
      params: { RoleArn: delegatedAdminRoleArn, RoleSessionName: `${SESSION_NAME}-day0` },
      clientConfig: { region: homeRegion, retryMode: "adaptive", maxAttempts: DAY0_MAX_ATTEMPTS },
    });
  const delegatedAdmin = createAccountClients(homeRegion, { ...options, credentials });
  return { management, delegatedAdmin };
}
