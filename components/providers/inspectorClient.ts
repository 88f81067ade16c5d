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
  paginateListMembers,
  ThrottlingException,
  ValidationException,
} from "@aws-sdk/client-inspector2";
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";

/** The session name CloudTrail shows (the same as the aws providers', stacks/providers.ts). */
export const ROLE_SESSION_NAME = "inspector-rollout";

/** Creates the Inspector2 client for a Region, acting as the role; replaced in tests. */
export type InspectorClientFactory = (region: string, roleArn: string) => Inspector2Client;

/**
 * The SDK's adaptive retry mode: exponential backoff plus a client-side rate limiter that slows
 * down when the service throttles (no hand-rolled retry loops, STYLE.md rule 39).
 */
export const INSPECTOR_RETRY_CONFIG = { retryMode: "adaptive", maxAttempts: 8 } as const;

/** The default client, with {@link INSPECTOR_RETRY_CONFIG}. */
export const createInspectorClient: InspectorClientFactory = (region, roleArn) =>
  new Inspector2Client({
    region,
    ...INSPECTOR_RETRY_CONFIG,
    // Assumed with the ambient credentials; the SDK refreshes them when they expire.
    credentials: fromTemporaryCredentials({
      params: { RoleArn: roleArn, RoleSessionName: ROLE_SESSION_NAME },
      clientConfig: { region },
    }),
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

/**
 * The members associated with the delegated administrator in the client's Region
 * (ListMembers with `onlyAssociated`, every page): accounts an organization policy enables are
 * associated in the background, after the policy is attached (Inspector UG, getting started).
 */
export async function listAssociatedMembers(
  client: Inspector2Client,
  region: string,
): Promise<Set<string>> {
  const associated = new Set<string>();
  await callInspector("ListMembers", region, async () => {
    for await (const page of paginateListMembers({ client }, { onlyAssociated: true })) {
      for (const member of page.members ?? []) {
        if (member.accountId !== undefined && member.relationshipStatus === "ENABLED") {
          associated.add(member.accountId);
        }
      }
    }
  });
  return associated;
}
