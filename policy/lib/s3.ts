/**
 * Pairing S3 buckets with their companion resources. In @pulumi/aws v7 a bucket's encryption,
 * versioning, public access block, policy and lifecycle are separate resources that name the
 * bucket in their `bucket` input (the bucket's name, which is also its id); the deprecated V2
 * type tokens and the bucket's own deprecated inline inputs are accepted too.
 */
import * as aws from "@pulumi/aws";
import type { PolicyResource } from "@pulumi/policy";
import { ReferenceIndex, asList, isRecord, resourcesOf } from "./resources";

/** The inputs of a bucket that companions refer to. */
const BUCKET_KEYS = ["bucket", "id"] as const;

/** The stack's buckets (current and deprecated V2 type tokens). */
export function bucketsOf(resources: readonly PolicyResource[]): PolicyResource[] {
  return resourcesOf(resources, aws.s3.Bucket, aws.s3.BucketV2);
}

/** Finds, for a bucket, the companion resources of each kind that refer to it. */
export class BucketCompanions {
  private readonly encryption: ReferenceIndex;
  private readonly versioning: ReferenceIndex;
  private readonly publicAccessBlock: ReferenceIndex;
  private readonly policy: ReferenceIndex;
  private readonly lifecycle: ReferenceIndex;

  constructor(resources: readonly PolicyResource[]) {
    const index = (...classes: Parameters<typeof resourcesOf>[1][]) =>
      new ReferenceIndex(resourcesOf(resources, ...classes), "bucket");
    this.encryption = index(
      aws.s3.BucketServerSideEncryptionConfiguration,
      aws.s3.BucketServerSideEncryptionConfigurationV2,
    );
    this.versioning = index(aws.s3.BucketVersioning, aws.s3.BucketVersioningV2);
    this.publicAccessBlock = index(aws.s3.BucketPublicAccessBlock);
    this.policy = index(aws.s3.BucketPolicy);
    this.lifecycle = index(
      aws.s3.BucketLifecycleConfiguration,
      aws.s3.BucketLifecycleConfigurationV2,
    );
  }

  /** The default-encryption algorithms set for the bucket (separate resource or inline). */
  public sseAlgorithms(bucket: PolicyResource): unknown[] {
    const algorithms: unknown[] = [];
    for (const config of this.encryption.referringTo(bucket, BUCKET_KEYS)) {
      for (const rule of asList(config.props["rules"])) {
        algorithms.push(sseAlgorithmOf(rule));
      }
    }
    const inline: unknown = bucket.props["serverSideEncryptionConfiguration"];
    if (isRecord(inline)) {
      algorithms.push(sseAlgorithmOf(inline["rule"]));
    }
    return algorithms;
  }

  /** The public access blocks that refer to the bucket. */
  public publicAccessBlocks(bucket: PolicyResource): PolicyResource[] {
    return this.publicAccessBlock.referringTo(bucket, BUCKET_KEYS);
  }

  /** True when versioning is enabled (separate resource or inline); an unknown status counts as on. */
  public isVersioned(bucket: PolicyResource): boolean {
    const configs = this.versioning.referringTo(bucket, BUCKET_KEYS);
    const viaResource = configs.some((c) => {
      const config: unknown = c.props["versioningConfiguration"];
      return (
        isRecord(config) && config["status"] !== "Suspended" && config["status"] !== "Disabled"
      );
    });
    const inline: unknown = bucket.props["versioning"];
    return viaResource || (isRecord(inline) && inline["enabled"] === true);
  }

  /** The bucket policy documents (separate resources or inline). */
  public policies(bucket: PolicyResource): unknown[] {
    const documents = this.policy.referringTo(bucket, BUCKET_KEYS).map((p) => p.props["policy"]);
    if (bucket.props["policy"] !== undefined) {
      documents.push(bucket.props["policy"]);
    }
    return documents;
  }

  /** True when a lifecycle rule is configured (separate resource or inline). */
  public hasLifecycle(bucket: PolicyResource): boolean {
    const viaResource = this.lifecycle
      .referringTo(bucket, BUCKET_KEYS)
      .some((l) => asList(l.props["rules"]).length > 0);
    return viaResource || asList(bucket.props["lifecycleRules"]).length > 0;
  }
}

function sseAlgorithmOf(rule: unknown): unknown {
  if (!isRecord(rule)) {
    return undefined;
  }
  const byDefault = rule["applyServerSideEncryptionByDefault"];
  return isRecord(byDefault) ? byDefault["sseAlgorithm"] : undefined;
}
