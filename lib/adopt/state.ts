/**
 * The captured state of a brownfield organization: what `npm run adopt -- --capture` reads live
 * and writes, and what `--state FILE` reads back. Values keep the AWS APIs' own vocabulary
 * (Inspector's Status and RelationshipStatus, ECR's scanType and rules, Security Hub's hub).
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { Day0UsageError } from "../day0/stack";

const accountId = z.string().regex(/^\d{12}$/, { error: "must be a 12-digit account id" });
const status = z.enum(["ENABLING", "ENABLED", "DISABLING", "DISABLED", "SUSPENDING", "SUSPENDED"]);

/** One account's Inspector status per scan type in a Region. */
const accountSchema = z.strictObject({
  accountId,
  ec2: status.optional(),
  ecr: status.optional(),
  lambda: status.optional(),
  lambdaCode: status.optional(),
  codeRepository: status.optional(),
});

const filterSchema = z.strictObject({
  arn: z
    .string()
    .regex(/^arn:aws[a-z-]*:inspector2:[a-z0-9-]+:\d{12}:owner\/\d{12}\/filter\/[a-z0-9]+$/, {
      error:
        "must be an Inspector filter ARN (arn:aws:inspector2:<region>:<account>:owner/<account>/filter/<id>)",
    }),
  name: z.string().min(1),
  action: z.enum(["NONE", "SUPPRESS"]),
  reason: z.string().optional(),
  description: z.string().optional(),
});

const ecrRuleSchema = z.strictObject({
  scanFrequency: z.enum(["SCAN_ON_PUSH", "CONTINUOUS_SCAN", "MANUAL"]),
  repositoryFilters: z.array(
    z.strictObject({ filter: z.string(), filterType: z.literal("WILDCARD") }),
  ),
});

const regionSchema = z.strictObject({
  /** ListDelegatedAdminAccounts (management account). */
  inspectorDelegatedAdmins: z.array(
    z.strictObject({ accountId, status: z.enum(["ENABLED", "DISABLE_IN_PROGRESS"]) }),
  ),
  /** DescribeOrganizationConfiguration autoEnable (delegated administrator); null: not an administrator. */
  organizationAutoEnable: z
    .strictObject({
      ec2: z.boolean(),
      ecr: z.boolean(),
      lambda: z.boolean().optional(),
      lambdaCode: z.boolean().optional(),
      codeRepository: z.boolean().optional(),
    })
    .nullable(),
  /** BatchGetAccountStatus of the planned accounts. */
  accounts: z.array(accountSchema),
  /** ListMembers (every relationship). */
  members: z.array(z.strictObject({ accountId, relationshipStatus: z.string() })),
  /** ListFilters. */
  filters: z.array(filterSchema),
  /** GetRegistryScanningConfiguration of the delegated administrator. */
  ecrScanning: z
    .strictObject({ scanType: z.enum(["BASIC", "ENHANCED"]), rules: z.array(ecrRuleSchema) })
    .nullable(),
  /** Security Hub: enabled in the delegated administrator, and the organization's administrators. */
  securityHub: z.strictObject({
    isHubEnabled: z.boolean(),
    adminAccountIds: z.array(accountId),
  }),
  /** Planned EventBridge rule names that already exist on the default bus. */
  eventRules: z.array(z.string()),
  /** Planned S3 bucket names that already exist. */
  buckets: z.array(z.string()),
});

/** The captured state document. */
export const capturedStateSchema = z.strictObject({
  capturedAt: z.string(),
  stack: z.string(),
  organizationId: z.string(),
  managementAccountId: accountId,
  delegatedAdminAccountId: accountId,
  /** ListAWSServiceAccessForOrganization. */
  trustedAccess: z.array(z.string()),
  regions: z.record(z.string(), regionSchema),
  /** Reads that failed while capturing (the Region's entry is then partial). */
  problems: z.array(
    z.strictObject({
      region: z.string(),
      call: z.string(),
      error: z.string(),
      isAccessDenied: z.boolean(),
      cause: z.string(),
    }),
  ),
});

/** A captured brownfield organization. */
export type CapturedState = z.infer<typeof capturedStateSchema>;
/** One Region of it. */
export type CapturedRegion = z.infer<typeof regionSchema>;
/** One account's statuses. */
export type CapturedAccount = z.infer<typeof accountSchema>;

/** Reads and validates a state file; every problem names the file and the JSON path. */
export function readStateFile(file: string): CapturedState {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new Day0UsageError([`--state ${file}: cannot be read (${(err as Error).message})`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Day0UsageError([
      `--state ${file}: is not valid JSON (${(err as Error).message}); write it with npm run adopt -- --capture --out ${file}`,
    ]);
  }
  const parsed = capturedStateSchema.safeParse(json);
  if (!parsed.success) {
    throw new Day0UsageError(
      parsed.error.issues.map(
        (i) => `--state ${file}: ${i.path.map(String).join(".") || "(document)"} ${i.message}`,
      ),
    );
  }
  return parsed.data;
}
