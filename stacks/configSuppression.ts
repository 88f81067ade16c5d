/**
 * Configuration of suppression rules (issue 3, the `suppressionRules` key of ./configScanning.ts):
 * Inspector filters with the SUPPRESS action, each with the reason it may hide findings and
 * criteria within the FilterCriteria limits (../shared/reference/inspector-facts.md §2.4).
 */
import { z } from "zod";
import { accountIdSchema, enumSchema, namedMap, show, TAG_KEY, uniqueList } from "./configSchema";

/** Finding severities a suppression rule can match. */
export const SEVERITIES = ["INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL", "UNTRIAGED"];
/** Resource types a suppression rule can match. */
export const FINDING_RESOURCE_TYPES = [
  "AWS_EC2_INSTANCE",
  "AWS_ECR_CONTAINER_IMAGE",
  "AWS_ECR_REPOSITORY",
  "AWS_LAMBDA_FUNCTION",
  "CODE_REPOSITORY",
];

/** What a suppression rule matches; every list is OR within itself, the fields AND together. */
export interface SuppressionCriteria {
  readonly vulnerabilityIds?: readonly string[];
  readonly resourceTypes?: readonly string[];
  readonly accountIds?: readonly string[];
  readonly packageNames?: readonly string[];
  readonly severities?: readonly string[];
  readonly ecrRepositoryNames?: readonly string[];
  readonly resourceTags?: Readonly<Record<string, string>>;
}

/** One suppression rule; its key in the map is the filter name. */
export interface SuppressionRule {
  /** Why it is acceptable to hide these findings: the compensating control. */
  readonly reason: string;
  readonly description?: string;
  readonly criteria: SuppressionCriteria;
}

/** Inspector filter names, as the user guide states them. */
const FILTER_NAME = /^[A-Za-z0-9._-]{3,64}$/;

function text(noun: string, max: number) {
  return z
    .string({
      error: (iss) =>
        iss.input === undefined ? `is required: ${noun}` : `(${show(iss.input)}) must be a string`,
    })
    .min(1, { error: `is empty: ${noun}` })
    .refine((v) => v === "" || /\S/.test(v), { error: `is only whitespace: ${noun}` })
    .max(max, {
      error: (iss) => `(${show(iss.input)}) is longer than ${max} characters`,
    });
}

/** A criterion list: 1-10 entries, as FilterCriteria allows. */
function criterion<T extends z.ZodType>(item: T, noun: string) {
  return uniqueList(item, noun)
    .min(1, { error: "is empty; remove it or list at least one value" })
    .max(10, { error: "has more than 10 values, the Inspector filter limit" })
    .optional();
}

const criteriaSchema = z
  .strictObject(
    {
      vulnerabilityIds: criterion(text("a vulnerability id such as CVE-2024-1234", 128), "ids"),
      resourceTypes: criterion(enumSchema(FINDING_RESOURCE_TYPES, "a resource type"), "types"),
      accountIds: criterion(
        accountIdSchema("list the accounts whose findings the rule hides"),
        "account ids",
      ),
      packageNames: criterion(text("a package name", 1024), "package names"),
      severities: criterion(enumSchema(SEVERITIES, "a finding severity"), "severities"),
      ecrRepositoryNames: criterion(text("a repository name", 1024), "repository names"),
      resourceTags: z
        .record(
          // A bad key is reported by the record's `invalid_key` error below.
          z.string().regex(TAG_KEY),
          z.string({ error: (iss) => `(${show(iss.input)}) must be a string tag value` }),
          {
            error: (iss) =>
              iss.code === "invalid_key"
                ? `(${show(iss.input)}) is not a valid tag key`
                : `(${show(iss.input)}) must be a map of tag keys to values`,
          },
        )
        .refine((t) => Object.keys(t).length >= 1 && Object.keys(t).length <= 10, {
          error: "must have 1-10 tags",
        })
        .optional(),
    },
    {
      error: (iss) =>
        iss.code === "unrecognized_keys"
          ? `has unknown field(s) ${iss.keys.join(", ")}; use vulnerabilityIds, resourceTypes, accountIds, packageNames, severities, ecrRepositoryNames, resourceTags`
          : iss.input === undefined
            ? "is required: what the rule suppresses"
            : `(${show(iss.input)}) must be a map of criteria`,
    },
  )
  // A rule without criteria would suppress every finding of the organization.
  .refine((c) => Object.values(c).some((v) => v !== undefined), {
    error: "is empty; a suppression rule without criteria would hide every finding",
    // Only when the fields themselves are valid: an unknown field is reported on its own.
    when: (payload) => payload.issues.length === 0,
  });

const suppressionSchema = z.strictObject(
  {
    reason: text("why the findings may be hidden (the compensating control)", 512),
    description: text("a description", 512).optional(),
    criteria: criteriaSchema,
  },
  {
    error: (iss) =>
      iss.code === "unrecognized_keys"
        ? `has unknown field(s) ${iss.keys.join(", ")}; use reason, description, criteria`
        : `(${show(iss.input)}) must be a map with reason and criteria`,
  },
);

/** The `suppressionRules` map: filter name -> suppression rule. */
export const suppressionRulesSchema = namedMap(
  FILTER_NAME,
  "a suppression rule name (3-64 letters, digits and . _ -)",
  suppressionSchema,
  "rule names to suppression rules",
);
