/** The remediation tables in the delegated administrator's home Region. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AUDIT_KEYS, LOCK_KEYS } from "../functions/lib/stores";
import {
  BLOCKED_DIGEST_PARTITION_KEY,
  BLOCKED_DIGEST_SORT_KEY,
  BLOCKED_DIGEST_TABLE_NAME,
  BLOCKED_DIGEST_TTL_ATTRIBUTE,
} from "../lib/blockedDigests";
import { buildBlockedDigestReadPolicy } from "../lib/remediationPolicies";
import { AUDIT_TABLE_NAME } from "../lib/remediationNames";
import { TOKEN_PREFIX } from "./common";

/** Arguments of {@link RemediationTables}. */
export interface RemediationTablesArgs {
  /** The Region of the tables (the delegated administrator's home Region). */
  readonly region: string;
  /** Whether the tables are protected from deletion (the audit trail is evidence). Defaults to true. */
  readonly protect?: boolean;
  /**
   * The organization whose accounts' image gates may read the blocked-digests table (a resource
   * policy). Defaults to none: only this account reads it.
   */
  readonly organizationId?: string;
}

/** Powertools idempotency's default key and TTL attributes. */
export const IDEMPOTENCY_KEYS = { partitionKey: "id", ttlAttribute: "expiration" } as const;

type AttributeType = "S" | "N";

function table(
  name: string,
  region: string,
  keys: { hash: string; range?: string },
  attributes: Record<string, AttributeType>,
  ttlAttribute: string,
  opts: pulumi.CustomResourceOptions,
  extra: {
    readonly globalSecondaryIndexes?: aws.types.input.dynamodb.TableGlobalSecondaryIndex[];
    /** A fixed name, for tables other accounts or the runbooks name. Defaults to a generated one. */
    readonly name?: string;
  } = {},
): aws.dynamodb.Table {
  return new aws.dynamodb.Table(
    name,
    {
      region,
      ...(extra.name === undefined ? {} : { name: extra.name }),
      billingMode: "PAY_PER_REQUEST",
      hashKey: keys.hash,
      ...(keys.range === undefined ? {} : { rangeKey: keys.range }),
      attributes: Object.entries(attributes).map(([name, type]) => ({ name, type })),
      ttl: { attributeName: ttlAttribute, enabled: true },
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true },
      deletionProtectionEnabled: opts.protect === true,
      ...(extra.globalSecondaryIndexes === undefined
        ? {}
        : { globalSecondaryIndexes: extra.globalSecondaryIndexes }),
    },
    opts,
  );
}

/**
 * Four tables: Powertools idempotency records (findingArn + updatedAt seen), the audit trail
 * (by finding; GSIs by resource and by account), per-instance locks, and the blocked image
 * digests the image gate reads (lib/blockedDigests.ts). On-demand billing: the load is bursty.
 *
 * @example
 * new RemediationTables("remediation", { region: "us-east-1" }, { provider: delegatedAdmin });
 */
export class RemediationTables extends pulumi.ComponentResource {
  public readonly idempotency: aws.dynamodb.Table;
  public readonly audit: aws.dynamodb.Table;
  public readonly locks: aws.dynamodb.Table;
  public readonly blockedDigests: aws.dynamodb.Table;

  constructor(name: string, args: RemediationTablesArgs, opts?: pulumi.ComponentResourceOptions) {
    super(`${TOKEN_PREFIX}:RemediationTables`, name, {}, opts);
    const protect = args.protect ?? true;
    const child: pulumi.CustomResourceOptions = { parent: this, protect };
    this.idempotency = table(
      `${name}-idempotency`,
      args.region,
      { hash: IDEMPOTENCY_KEYS.partitionKey },
      { [IDEMPOTENCY_KEYS.partitionKey]: "S" },
      IDEMPOTENCY_KEYS.ttlAttribute,
      { parent: this },
    );
    const byTime = (index: string, key: string) => ({
      name: index,
      keySchemas: [
        { attributeName: key, keyType: "HASH" },
        { attributeName: AUDIT_KEYS.timeAttribute, keyType: "RANGE" },
      ],
      projectionType: "ALL",
    });
    this.audit = table(
      `${name}-audit`,
      args.region,
      { hash: AUDIT_KEYS.partitionKey, range: AUDIT_KEYS.sortKey },
      {
        [AUDIT_KEYS.partitionKey]: "S",
        [AUDIT_KEYS.sortKey]: "S",
        [AUDIT_KEYS.resourceAttribute]: "S",
        [AUDIT_KEYS.accountAttribute]: "S",
        [AUDIT_KEYS.timeAttribute]: "S",
      },
      AUDIT_KEYS.ttlAttribute,
      child,
      {
        name: AUDIT_TABLE_NAME,
        globalSecondaryIndexes: [
          byTime(AUDIT_KEYS.byResourceIndex, AUDIT_KEYS.resourceAttribute),
          byTime(AUDIT_KEYS.byAccountIndex, AUDIT_KEYS.accountAttribute),
        ],
      },
    );
    this.locks = table(
      `${name}-locks`,
      args.region,
      { hash: LOCK_KEYS.partitionKey },
      { [LOCK_KEYS.partitionKey]: "S" },
      LOCK_KEYS.ttlAttribute,
      { parent: this },
    );
    this.blockedDigests = table(
      `${name}-blocked-digests`,
      args.region,
      { hash: BLOCKED_DIGEST_PARTITION_KEY, range: BLOCKED_DIGEST_SORT_KEY },
      { [BLOCKED_DIGEST_PARTITION_KEY]: "S", [BLOCKED_DIGEST_SORT_KEY]: "S" },
      BLOCKED_DIGEST_TTL_ATTRIBUTE,
      child,
      { name: BLOCKED_DIGEST_TABLE_NAME },
    );
    if (args.organizationId !== undefined) {
      const organizationId = args.organizationId;
      new aws.dynamodb.ResourcePolicy(
        `${name}-blocked-digests`,
        {
          region: args.region,
          resourceArn: this.blockedDigests.arn,
          policy: this.blockedDigests.arn.apply((arn) =>
            JSON.stringify(buildBlockedDigestReadPolicy(arn, organizationId)),
          ),
        },
        { parent: this },
      );
    }
    this.registerOutputs({
      idempotency: this.idempotency,
      audit: this.audit,
      locks: this.locks,
      blockedDigests: this.blockedDigests,
    });
  }
}
