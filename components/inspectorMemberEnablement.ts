/** Member association and scanning for existing member accounts in one Region. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ALL_SCAN_TYPES, type ScanType } from "../lib/regionCapabilities";
import { enablementTimeouts, TOKEN_PREFIX, childOptions } from "./common";
import {
  DEFAULT_MAX_CONCURRENCY,
  InspectorMemberAssociations,
} from "./providers/inspectorMemberAssociations";

/** Enable and BatchGetAccountStatus take at most 100 account ids per call. */
export const MAX_ACCOUNTS_PER_ENABLER = 100;

/** One Enabler's accounts; `key` names the Enabler and never changes for the same slot. */
export interface EnablerChunk {
  readonly key: string;
  readonly accountIds: readonly string[];
}

/**
 * Assigns member accounts to Enabler chunks of at most 100.
 *
 * Every account of the organization holds a slot, in the order the accounts joined (`ranked`),
 * covered or not, so slot `i` belongs to chunk `floor(i / 100)`. A new account joins last and
 * lands in the last chunk: adding one account changes one Enabler and replaces nothing. An account
 * that leaves the scope, is suspended or is excluded keeps its slot, so no other account moves to
 * another Enabler (moving would mean one Enabler disabling it while another enables it: the
 * provider's Enabler update calls Disable for the accounts it drops). Chunks left with no member
 * are omitted; the others keep their keys.
 */
export function assignEnablerChunks(
  ranked: readonly string[],
  memberAccountIds: readonly string[],
  size = MAX_ACCOUNTS_PER_ENABLER,
): EnablerChunk[] {
  const members = new Set(memberAccountIds);
  const chunks = new Map<number, string[]>();
  ranked.forEach((accountId, slot) => {
    if (members.has(accountId)) {
      const index = Math.floor(slot / size);
      const chunk = chunks.get(index) ?? [];
      chunk.push(accountId);
      chunks.set(index, chunk);
    }
  });
  const rankedSet = new Set(ranked);
  const unranked = memberAccountIds.filter((id) => !rankedSet.has(id));
  if (unranked.length > 0) {
    throw new Error(`member accounts ${unranked.join(", ")} are not in the ranked account list`);
  }
  return [...chunks.entries()].map(([index, accountIds]) => ({
    key: String(index).padStart(3, "0"),
    accountIds,
  }));
}

/** One Enabler's accounts and scan types; `key` names it. */
export interface EnablerGroup {
  readonly key: string;
  readonly accountIds: readonly string[];
  readonly scanTypes: readonly ScanType[];
}

/**
 * The Enablers of a Region: one per chunk with `scanTypes` when no member has scan types of its
 * own, else one per chunk and set of scan types (`<chunk>-<types>`, e.g. `000-ec2-ecr-lambda`)
 * holding the chunk's members with exactly those types. Every account is in one Enabler that
 * lists all its types, because the provider's Enabler disables, for its accounts, every scan type
 * it does not list when it is created, and reads its scan types from one of its accounts
 * (terraform-provider-aws, internal/service/inspector2/enabler.go).
 */
export function buildEnablerGroups(
  chunks: readonly EnablerChunk[],
  scanTypes: readonly ScanType[],
  memberScanTypes?: Readonly<Record<string, readonly ScanType[]>>,
): EnablerGroup[] {
  if (memberScanTypes === undefined) {
    return chunks.map((c) => ({ key: c.key, accountIds: c.accountIds, scanTypes }));
  }
  return chunks.flatMap((chunk) => {
    const byProfile = new Map<string, { types: ScanType[]; accountIds: string[] }>();
    for (const id of chunk.accountIds) {
      const types = ALL_SCAN_TYPES.filter((t) => (memberScanTypes[id] ?? []).includes(t));
      if (types.length === 0) {
        continue;
      }
      const profile = types.map((t) => t.toLowerCase().replace(/_/g, "-")).join("-");
      const group = byProfile.get(profile) ?? { types, accountIds: [] };
      group.accountIds.push(id);
      byProfile.set(profile, group);
    }
    return [...byProfile.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([profile, g]) => ({
        key: `${chunk.key}-${profile}`,
        accountIds: g.accountIds,
        scanTypes: g.types,
      }));
  });
}

/** Arguments of {@link InspectorMemberEnablement}. */
export interface InspectorMemberEnablementArgs {
  /** The Region. */
  readonly region: string;
  /** The delegated administrator; never put in a members' Enabler. */
  readonly delegatedAdminAccountId: string;
  /** The delegated administrator role the member associations' provider assumes. */
  readonly roleArn: string;
  /** Member accounts to associate and enable, in Enabler chunks (see {@link assignEnablerChunks}). */
  readonly memberChunks: readonly EnablerChunk[];
  /** Scan types the Region supports and the stack wants. */
  readonly scanTypes: readonly ScanType[];
  /**
   * Selective scanning: each member's scan types in this Region (by its OU). When given, each
   * chunk gets one Enabler per set of scan types (see {@link buildEnablerGroups}). An account
   * moving between sets leaves one Enabler (the provider disables every scan type of an account
   * it drops) and joins another in the same update, and the two race: the stack configuration
   * refuses `scanTypesByOu` in delegated-admin mode for that reason. Defaults to `scanTypes` for
   * every member, in one Enabler per chunk.
   */
  readonly memberScanTypes?: Readonly<Record<string, readonly ScanType[]>>;
  /** Whether members dropped from the chunks are disassociated. Defaults to false. */
  readonly disassociateRemovedMembers?: boolean;
  /** AssociateMember calls in flight at once. Defaults to 5. */
  readonly maxConcurrency?: number;
  /** Create/update/delete timeout in minutes. Defaults to 45. */
  readonly timeoutMinutes?: number;
}

const DEFAULT_TIMEOUT_MINUTES = 45;

/**
 * Runs in the delegated administrator. Associates the members with one resource for the Region
 * (AssociateMember is per account and asynchronous; see {@link InspectorMemberAssociations}), then
 * enables the scan types in chunks of 100 accounts, each chunk after the associations: the
 * delegated admin cannot enable an account it has not associated (ACCESS_DENIED,
 * terraform-provider-aws#27646). The resource count is 1 + ceil(members/100) per Region.
 *
 * Both are retained on delete: removing an account from scope must not disable its scanning or
 * delete its findings as a side effect of a `pulumi up`.
 *
 * @example
 * new InspectorMemberEnablement("inspector-members-us-east-1", {
 *   region: "us-east-1", delegatedAdminAccountId: "222222222222",
 *   roleArn: "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole",
 *   memberChunks: [{ key: "000", accountIds: ["333333333333"] }], scanTypes: ["EC2", "ECR"],
 * }, { provider: delegatedAdmin });
 */
export class InspectorMemberEnablement extends pulumi.ComponentResource {
  /** The member associations of the Region, one resource for the whole set. */
  public readonly associations: InspectorMemberAssociations;
  /** The Enablers, one per chunk of at most 100 accounts. */
  public readonly enablers: readonly aws.inspector2.Enabler[];

  constructor(
    name: string,
    args: InspectorMemberEnablementArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super(`${TOKEN_PREFIX}:MemberEnablement`, name, {}, opts);
    const members = args.memberChunks.flatMap((c) => c.accountIds);
    if (members.includes(args.delegatedAdminAccountId)) {
      throw new pulumi.ResourceError(
        `memberChunks include the delegated administrator ${args.delegatedAdminAccountId}; an Enabler holds either the administrator or members, never both: leave it out of the members`,
        this,
      );
    }
    const oversized = args.memberChunks.find((c) => c.accountIds.length > MAX_ACCOUNTS_PER_ENABLER);
    if (oversized !== undefined) {
      throw new pulumi.ResourceError(
        `memberChunks[${oversized.key}] has ${oversized.accountIds.length} accounts; Enable takes at most ${MAX_ACCOUNTS_PER_ENABLER}: split it`,
        this,
      );
    }
    if (args.scanTypes.length === 0) {
      throw new pulumi.ResourceError(
        `scanTypes is empty for ${args.region}; pass at least one scan type the Region supports`,
        this,
      );
    }
    const customTimeouts = enablementTimeouts(args.timeoutMinutes ?? DEFAULT_TIMEOUT_MINUTES);
    // The dynamic provider's calls run in the program's process, not through the aws provider.
    this.associations = new InspectorMemberAssociations(
      `${name}-associations`,
      {
        region: args.region,
        roleArn: args.roleArn,
        accountIds: members,
        disassociateRemovedMembers: args.disassociateRemovedMembers ?? false,
        maxConcurrency: args.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY,
      },
      childOptions(this, opts, { retainOnDelete: true, customTimeouts }),
    );
    const enablerOptions = {
      parent: this,
      retainOnDelete: true,
      customTimeouts,
      dependsOn: [this.associations],
    };
    this.enablers = buildEnablerGroups(args.memberChunks, args.scanTypes, args.memberScanTypes).map(
      (group) =>
        new aws.inspector2.Enabler(
          `${name}-${group.key}`,
          {
            accountIds: [...group.accountIds],
            resourceTypes: [...group.scanTypes],
            region: args.region,
          },
          enablerOptions,
        ),
    );
    this.registerOutputs({ associations: this.associations, enablers: this.enablers });
  }
}
