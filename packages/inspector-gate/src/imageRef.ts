/**
 * ECR image references as the user writes them (`--image` URI, repository, tag, digest): parsed
 * and checked without loading the AWS SDK, so `--help` and argument errors stay fast.
 */
import { GateUsageError } from "./errors";
import { quote } from "./inputText";

/** An image in ECR, by digest once resolved. */
export interface EcrImageRef {
  readonly repositoryName: string;
  /** The registry (account id); undefined means the caller's default registry. */
  readonly registryId?: string;
  readonly region?: string;
  readonly digest?: string;
  readonly tag?: string;
}

/** `sha256:` and 64 lowercase hex digits: the form of ECR image digests and of the blocked-digest table key. */
export const DIGEST_PATTERN = /^sha256:[a-f0-9]{64}$/;
/** ECR repository names (CreateRepository `repositoryName` pattern). */
export const REPOSITORY_PATTERN =
  /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
/** ECR image tags (PutImage `imageTag`: up to 128 characters). */
export const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const URI_PATTERN =
  /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)(?::([^@]+))?(?:@(.+))?$/;

/**
 * Parses an image URI `<account>.dkr.ecr.<region>.amazonaws.com/<repository>@sha256:<hex>` or
 * `...:<tag>` (both: the digest wins). Throws {@link GateUsageError} naming `--image`.
 */
export function parseImageUri(uri: string): EcrImageRef {
  const m = URI_PATTERN.exec(uri.trim());
  if (!m) {
    throw new GateUsageError(
      `--image ${quote(uri)} is not an ECR image URI; expected <account>.dkr.ecr.<region>.amazonaws.com/<repository>@sha256:<digest> or :<tag>`,
    );
  }
  const [, registryId, region, repositoryName, tag, digest] = m;
  if (!REPOSITORY_PATTERN.test(repositoryName)) {
    throw new GateUsageError(
      `--image: ${quote(repositoryName)} is not a valid ECR repository name`,
    );
  }
  if (digest === undefined && tag === undefined) {
    throw new GateUsageError(
      `--image ${quote(uri)} names no tag or digest; add @sha256:<digest> or :<tag>`,
    );
  }
  if (digest !== undefined && !DIGEST_PATTERN.test(digest)) {
    throw new GateUsageError(
      `--image: ${quote(digest)} is not an image digest (sha256: and 64 hex digits)`,
    );
  }
  if (tag !== undefined && !TAG_PATTERN.test(tag)) {
    throw new GateUsageError(`--image: ${quote(tag)} is not a valid image tag`);
  }
  return { repositoryName, registryId, region, digest, tag: digest ? undefined : tag };
}
