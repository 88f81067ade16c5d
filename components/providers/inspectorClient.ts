/**
 * The Inspector2 client of the dynamic providers, and how their errors are reported.
 *
 * Dynamic providers run in the Pulumi program's process with the ambient credentials, which are
 * the management account's (../shared/DESIGN.md). Scan settings belong to the delegated
 * administrator, so the client assumes the same role as the `delegated-admin` aws provider
 * (stacks/providers.ts), taken from the resource's inputs, in the resource's Region.
 */
import {
  AccessDeniedException,
  Inspector2Client,
  ThrottlingException,
  ValidationException,
} from "@aws-sdk/client-inspector2";

/** The session name CloudTrail shows (the same as the aws providers', stacks/providers.ts). */
export const ROLE_SESSION_NAME = "inspector-rollout";

/** Creates the Inspector2 client for a Region, acting as the role; replaced in tests. */
export type InspectorClientFactory = (region: string, roleArn: string) => Inspector2Client;

type StsModule = typeof import("@aws-sdk/nested-clients/sts");

/** Temporary credentials, as the SDK's credential providers return them. */
interface TemporaryCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

/**
 * Credentials of `roleArn`, assumed with the ambient credentials. The SDK memoizes them and asks
 * again when they expire.
 *
 * `@aws-sdk/credential-providers` (`fromTemporaryCredentials`) is not a dependency of this
 * project, so this uses the STS client that the SDK's own credential providers use
 * (`@aws-sdk/nested-clients/sts`, installed with every v3 client). It is imported where it is
 * called, so that the serialized dynamic provider requires it by package name at run time.
 */
function assumeRoleCredentials(
  region: string,
  roleArn: string,
): () => Promise<TemporaryCredentials> {
  return async () => {
    // A plain require: the serialized provider runs in a `vm` context, where `import()` fails.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { STSClient, AssumeRoleCommand } = require("@aws-sdk/nested-clients/sts") as StsModule;
    const sts = new STSClient({ region, retryMode: "adaptive" });
    const { Credentials: c } = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: ROLE_SESSION_NAME }),
    );
    if (c?.AccessKeyId === undefined || c.SecretAccessKey === undefined) {
      throw new Error(`sts:AssumeRole of ${roleArn} returned no credentials`);
    }
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration,
    };
  };
}

/**
 * The default client: the SDK's adaptive retry mode handles throttling (no hand-rolled retry
 * loops, STYLE.md rule 39).
 */
export const createInspectorClient: InspectorClientFactory = (region, roleArn) =>
  new Inspector2Client({
    region,
    retryMode: "adaptive",
    maxAttempts: 8,
    credentials: assumeRoleCredentials(region, roleArn),
  });

/** An Inspector2 call that failed, worded for the person running `pulumi up`. */
export class InspectorSettingError extends Error {
  constructor(message: string, options?: { cause: unknown }) {
    super(message, options);
    this.name = "InspectorSettingError";
  }
}

/**
 * Turns an SDK error into one line that names the call, the Region and what to do. Branches on
 * the exception class, never on message text. Errors of other classes are returned unchanged.
 */
export function describeInspectorError(err: unknown, operation: string, region: string): unknown {
  const where = `Inspector ${operation} in ${region}`;
  if (err instanceof ThrottlingException) {
    return new InspectorSettingError(
      `${where} was still throttled after the SDK's adaptive retries; run \`pulumi up\` again later`,
      { cause: err },
    );
  }
  if (err instanceof ValidationException) {
    return new InspectorSettingError(
      `${where} rejected the request (${err.reason ?? "validation"}): ${err.message}; check the stack configuration of this setting`,
      { cause: err },
    );
  }
  if (err instanceof AccessDeniedException) {
    return new InspectorSettingError(
      `${where} was denied: ${err.message}; the delegated administrator role needs inspector2 permissions and the account must be the Inspector delegated administrator`,
      { cause: err },
    );
  }
  return err;
}

/** Runs one Inspector2 call, reporting its failure through {@link describeInspectorError}. */
export async function callInspector<T>(
  operation: string,
  region: string,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw describeInspectorError(err, operation, region);
  }
}

/** Splits a list into chunks of at most `size` (the API limit of 100 account ids per call). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    chunks.push(items.slice(i, i + size));
  }
  return chunks;
}
