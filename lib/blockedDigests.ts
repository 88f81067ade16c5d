/**
 * The blocked image digests table: the contract between remediation (issue 5 writes it) and the
 * image gate (issue 7 reads it). One item per image digest and repository.
 *
 * - partition key `imageDigest` (S): "sha256:<64 hex>"
 * - sort key `repositoryArn` (S): `arn:aws:ecr:<region>:<account>:repository/<name>`
 * - `registry` (S, the account id), `repositoryName` (S), `reason` (S), `findingArns` (SS),
 *   `severity` (S), `blockedAt` (S, ISO-8601), `expiresAt` (N, epoch seconds, the TTL, optional)
 */

/**
 * The table's fixed name in the delegated administrator's home Region: fixed so that its ARN is
 * known from configuration alone, and the member baseline's pipeline policy can name it.
 */
export const BLOCKED_DIGEST_TABLE_NAME = "inspector-blocked-digests";

/** The blocked-digests table's ARN. */
export function blockedDigestTableArn(region: string, accountId: string): string {
  return `arn:aws:dynamodb:${region}:${accountId}:table/${BLOCKED_DIGEST_TABLE_NAME}`;
}

/** Attribute names of the blocked-digests table. */
export const BLOCKED_DIGEST_ATTRIBUTES = {
  imageDigest: "imageDigest",
  repositoryArn: "repositoryArn",
  registry: "registry",
  repositoryName: "repositoryName",
  reason: "reason",
  findingArns: "findingArns",
  severity: "severity",
  blockedAt: "blockedAt",
  expiresAt: "expiresAt",
} as const;

/** The partition key. */
export const BLOCKED_DIGEST_PARTITION_KEY = BLOCKED_DIGEST_ATTRIBUTES.imageDigest;
/** The sort key. */
export const BLOCKED_DIGEST_SORT_KEY = BLOCKED_DIGEST_ATTRIBUTES.repositoryArn;
/** The TTL attribute. */
export const BLOCKED_DIGEST_TTL_ATTRIBUTE = BLOCKED_DIGEST_ATTRIBUTES.expiresAt;

/** The shape of "sha256:<64 hex>". */
export const IMAGE_DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;

/** One blocked digest, as plain values. */
export interface BlockedDigest {
  readonly imageDigest: string;
  readonly repositoryArn: string;
  readonly registry: string;
  readonly repositoryName: string;
  readonly reason: string;
  readonly findingArns: readonly string[];
  readonly severity: string;
  readonly blockedAt: string;
  readonly expiresAt?: number;
}

/** The repository ARN of an image in `registry` (an account id) in `region`. */
export function repositoryArnOf(region: string, registry: string, repositoryName: string): string {
  return `arn:aws:ecr:${region}:${registry}:repository/${repositoryName}`;
}
