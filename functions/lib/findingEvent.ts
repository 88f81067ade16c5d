/**
 * The Inspector2 finding event as the functions read it: validated at the edge with zod, lenient
 * where the samples vary (../shared/reference/inspector-facts.md §1.2, §7): `inspectorScore` is
 * optional, timestamps in `detail` are free-form strings, unknown keys are kept.
 */
import { z } from "zod";

/** One vulnerable package of a package-vulnerability finding. */
export const VulnerablePackageSchema = z.looseObject({
  name: z.string(),
  version: z.string().optional(),
  fixedInVersion: z.string().optional(),
});

/** One resource of a finding. */
export const FindingResourceSchema = z.looseObject({
  type: z.string(),
  id: z.string(),
  region: z.string().optional(),
  partition: z.string().optional(),
});

/** The `detail` of an `Inspector2 Finding` event: the API `Finding` structure. */
export const FindingDetailSchema = z.looseObject({
  findingArn: z.string(),
  awsAccountId: z.string(),
  type: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  /** A string enum (CRITICAL, HIGH, ...), never a number. */
  severity: z.string(),
  status: z.string(),
  inspectorScore: z.number().optional(),
  fixAvailable: z.string().optional(),
  exploitAvailable: z.string().optional(),
  exploitabilityDetails: z.looseObject({ lastKnownExploitAt: z.string().optional() }).optional(),
  updatedAt: z.string().optional(),
  resources: z.array(FindingResourceSchema).min(1),
  packageVulnerabilityDetails: z
    .looseObject({
      vulnerabilityId: z.string(),
      source: z.string().optional(),
      vulnerablePackages: z.array(VulnerablePackageSchema).optional(),
    })
    .optional(),
  remediation: z
    .looseObject({
      recommendation: z
        .looseObject({ text: z.string().optional(), Url: z.string().optional() })
        .optional(),
    })
    .optional(),
});

/** The EventBridge envelope with a finding detail. */
export const FindingEventSchema = z.looseObject({
  id: z.string(),
  "detail-type": z.literal("Inspector2 Finding"),
  source: z.literal("aws.inspector2"),
  account: z.string(),
  region: z.string(),
  time: z.string(),
  detail: FindingDetailSchema,
});

/** A validated finding event. */
export type FindingEvent = z.infer<typeof FindingEventSchema>;
/** A validated finding detail. */
export type FindingDetail = z.infer<typeof FindingDetailSchema>;
