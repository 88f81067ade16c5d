import {
  DescribeImageScanFindingsCommand,
  DescribeImagesCommand,
  ImageNotFoundException,
  RepositoryNotFoundException,
  ScanNotFoundException,
  type ECRClient,
} from "@aws-sdk/client-ecr";
import { QueryCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import {
  ListFindingsCommand,
  type Finding,
  type FilterCriteria,
  type Inspector2Client,
} from "@aws-sdk/client-inspector2";
import { GateUsageError, ScanIncompleteError } from "./errors";
import { toSeverity, type GateFinding } from "./findings";
import type { EcrImageRef } from "./imageRef";
import type { BlockedRecord } from "./evaluate";

/** Resolves a tag to its digest with ecr:DescribeImages. */
export async function resolveDigest(ecr: ECRClient, image: EcrImageRef): Promise<string> {
  if (image.digest) {
    return image.digest;
  }
  try {
    const out = await ecr.send(
      new DescribeImagesCommand({
        repositoryName: image.repositoryName,
        registryId: image.registryId,
        imageIds: [{ imageTag: image.tag }],
      }),
    );
    const digest = out.imageDetails?.[0]?.imageDigest;
    if (!digest) {
      throw new GateUsageError(`image ${image.repositoryName}:${image.tag} has no digest in ECR`);
    }
    return digest;
  } catch (e) {
    if (e instanceof ImageNotFoundException || e instanceof RepositoryNotFoundException) {
      throw new GateUsageError(
        `image ${image.repositoryName}:${image.tag} not found in ECR (${e.name})`,
      );
    }
    throw e;
  }
}

/** ECR scan statuses after which Inspector's findings for the digest are complete. */
export const SCAN_DONE_STATUSES: readonly string[] = ["COMPLETE", "ACTIVE"];
/** ECR scan statuses that mean "not yet": keep polling. */
export const SCAN_WAIT_STATUSES: readonly string[] = ["IN_PROGRESS", "PENDING"];
/** ECR scan statuses that will not turn into a complete scan: stop with exit 3. */
export const SCAN_FAILED_STATUSES: readonly string[] = [
  "FAILED",
  "UNSUPPORTED_IMAGE",
  "SCAN_ELIGIBILITY_EXPIRED",
  "FINDINGS_UNAVAILABLE",
  "LIMIT_EXCEEDED",
  "IMAGE_ARCHIVED",
];

/** Waiting for the scan: limits and the injected clock. */
export interface WaitOptions {
  readonly timeoutSeconds: number;
  readonly pollIntervalSeconds: number;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  /** Progress lines for the build log. */
  readonly log: (line: string) => void;
}

/**
 * Polls ecr:DescribeImageScanFindings until the enhanced (Inspector) scan of the digest is COMPLETE
 * or ACTIVE. Returns the final status. Throws {@link ScanIncompleteError} on a terminal status or
 * when the timeout passes.
 *
 * Why ECR's status and not Inspector2 ListCoverage: it is a direct lookup by repository and
 * digest (no filter search and paging), ECR reports the enhanced scan's state for that exact image,
 * and it names the terminal cases (UNSUPPORTED_IMAGE, SCAN_ELIGIBILITY_EXPIRED, ...) a pipeline must
 * not wait out; `ScanNotFoundException` right after a push just means "not yet".
 */
export async function waitForScan(
  ecr: ECRClient,
  image: EcrImageRef,
  digest: string,
  options: WaitOptions,
): Promise<string> {
  const deadline = options.now().getTime() + options.timeoutSeconds * 1000;
  const label = `${image.repositoryName}@${digest}`;
  for (;;) {
    let status: string;
    let description = "";
    try {
      const out = await ecr.send(
        new DescribeImageScanFindingsCommand({
          repositoryName: image.repositoryName,
          registryId: image.registryId,
          imageId: { imageDigest: digest },
          maxResults: 1,
        }),
      );
      status = out.imageScanStatus?.status ?? "PENDING";
      description = out.imageScanStatus?.description ?? "";
      const basicFindings = out.imageScanFindings?.findings ?? [];
      if (basicFindings.length > 0 && out.imageScanFindings?.enhancedFindings === undefined) {
        throw new ScanIncompleteError(
          `scan of ${label} is an ECR basic scan; the gate reads Amazon Inspector enhanced scanning results: turn on enhanced scanning for the registry`,
        );
      }
    } catch (e) {
      if (e instanceof ScanNotFoundException) {
        status = "PENDING";
        description = "no scan recorded for the image yet";
      } else if (e instanceof ImageNotFoundException || e instanceof RepositoryNotFoundException) {
        throw new GateUsageError(`image ${label} not found in ECR (${e.name})`);
      } else {
        throw e;
      }
    }
    if (SCAN_DONE_STATUSES.includes(status)) {
      return status;
    }
    if (SCAN_FAILED_STATUSES.includes(status)) {
      throw new ScanIncompleteError(
        `scan of ${label} is ${status}${description ? `: ${description}` : ""}; no complete Inspector result to judge`,
      );
    }
    const now = options.now().getTime();
    if (now + options.pollIntervalSeconds * 1000 > deadline) {
      throw new ScanIncompleteError(
        `scan of ${label} still ${status} after --timeout ${options.timeoutSeconds}s; rerun the gate later or raise --timeout`,
      );
    }
    options.log(
      `scan of ${label} is ${status}${description ? ` (${description})` : ""}; checking again in ${options.pollIntervalSeconds}s`,
    );
    await options.sleep(options.pollIntervalSeconds * 1000);
  }
}

/**
 * ListFindings filter for the ACTIVE findings of one digest in one repository (inspector-facts
 * §2.7), and in one registry when it is known: a delegated administrator sees every member's
 * findings, and two accounts can hold the same repository name and digest.
 */
export function imageFindingsFilter(
  repositoryName: string,
  digest: string,
  registryId?: string,
): FilterCriteria {
  return {
    ecrImageHash: [{ comparison: "EQUALS", value: digest }],
    ecrImageRepositoryName: [{ comparison: "EQUALS", value: repositoryName }],
    ...(registryId ? { ecrImageRegistry: [{ comparison: "EQUALS", value: registryId }] } : {}),
    findingStatus: [{ comparison: "EQUALS", value: "ACTIVE" }],
  };
}

/** Converts an Inspector2 finding to the gate's model. */
export function toGateFinding(f: Finding): GateFinding {
  const details = f.packageVulnerabilityDetails;
  const packages = (details?.vulnerablePackages ?? []).map((p) =>
    p.version ? `${p.name}@${p.version}${p.release ? `-${p.release}` : ""}` : (p.name ?? "unknown"),
  );
  const fixedIn = (details?.vulnerablePackages ?? [])
    .map((p) => p.fixedInVersion)
    .filter((v): v is string => typeof v === "string" && v !== "" && v !== "NotAvailable");
  const id = details?.vulnerabilityId ?? f.title ?? f.findingArn ?? "unknown";
  return {
    id,
    severity: toSeverity(f.severity),
    title: f.title ?? id,
    description: f.description,
    packages: [...new Set(packages)],
    // PARTIAL: some, not all, of the affected packages have a fixed version; a fix exists.
    fixAvailable: f.fixAvailable === "YES" || f.fixAvailable === "PARTIAL",
    fixedIn: [...new Set(fixedIn)],
    score: f.inspectorScore ?? details?.cvss?.[0]?.baseScore,
    url: details?.sourceUrl ?? f.remediation?.recommendation?.Url,
    findingArn: f.findingArn,
  };
}

/** All ACTIVE Inspector findings of the digest (ListFindings, every page). */
export async function listImageFindings(
  inspector: Inspector2Client,
  repositoryName: string,
  digest: string,
  registryId?: string,
): Promise<GateFinding[]> {
  const findings: GateFinding[] = [];
  let nextToken: string | undefined;
  do {
    const page = await inspector.send(
      new ListFindingsCommand({
        filterCriteria: imageFindingsFilter(repositoryName, digest, registryId),
        maxResults: 100,
        nextToken,
      }),
    );
    findings.push(...(page.findings ?? []).map(toGateFinding));
    nextToken = page.nextToken;
  } while (nextToken);
  return findings;
}

/**
 * Blocked-digest records for the digest, from the table the remediation functions write
 * (partition key `imageDigest`, sort key `repositoryArn`). Queries the whole partition: the same
 * digest is the same image content, so a block recorded under any repository applies. Items whose
 * `expiresAt` (TTL, epoch seconds) has passed are skipped, since DynamoDB deletes expired items
 * only eventually.
 */
export async function findBlockedRecords(
  dynamo: DynamoDBDocumentClient,
  tableName: string,
  digest: string,
  now: Date,
): Promise<BlockedRecord[]> {
  const records: BlockedRecord[] = [];
  let exclusiveStartKey: Record<string, unknown> | undefined;
  const nowSeconds = Math.floor(now.getTime() / 1000);
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: "imageDigest = :digest",
        ExpressionAttributeValues: { ":digest": digest },
        ConsistentRead: true,
        ExclusiveStartKey: exclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const expiresAt = typeof item.expiresAt === "number" ? item.expiresAt : undefined;
      if (expiresAt !== undefined && expiresAt <= nowSeconds) {
        continue;
      }
      const arns = item.findingArns as Set<string> | string[] | undefined;
      records.push({
        imageDigest: String(item.imageDigest),
        repositoryArn: String(item.repositoryArn),
        reason: typeof item.reason === "string" ? item.reason : undefined,
        severity: typeof item.severity === "string" ? item.severity : undefined,
        blockedAt: typeof item.blockedAt === "string" ? item.blockedAt : undefined,
        findingArns: arns ? [...arns].sort() : [],
      });
    }
    exclusiveStartKey = page.LastEvaluatedKey;
  } while (exclusiveStartKey);
  return records;
}
