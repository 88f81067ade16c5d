/**
 * The remediation settings the triage function runs with: the stack's `remediation*` keys,
 * handed to the function as one JSON environment variable (`REMEDIATION_SETTINGS`) so that the
 * function and the offline `explain-event` decide from the same object.
 */
import { z } from "zod";

/** What a remediation capability does: nothing, decide and record only, or act. */
export type RemediationMode = "off" | "dry-run" | "enforce";

/** The modes, most restrictive first. */
export const REMEDIATION_MODES: readonly RemediationMode[] = ["off", "dry-run", "enforce"];

/** The settings triage decides and acts by. */
export interface RemediationSettings {
  /** EC2 patching through the patch Automation document. */
  readonly patchMode: RemediationMode;
  /** Instance containment through the containment Automation document. */
  readonly containmentMode: RemediationMode;
  /** Marking ECR image digests with critical findings as blocked for the image gate. */
  readonly blockImageMode: RemediationMode;
  /** The explicit containment rule: CRITICAL, exploit available and network-exposed. */
  readonly autoContain: boolean;
  /** Instance tag whose value `true` opts an instance into automatic patching. */
  readonly patchTagKey: string;
  /** Instance tag whose value `true` allows a reboot after patching. */
  readonly rebootTagKey: string;
  /** ECR repository tag naming the owner to notify. */
  readonly ownerTagKey: string;
  /** One patch run per instance per this many minutes. */
  readonly lockWindowMinutes: number;
  /** Days audit records are kept (DynamoDB TTL). */
  readonly auditRetentionDays: number;
  /** The ticketing webhook; tickets are opened only when it is set. */
  readonly ticketWebhookUrl: string | undefined;
  /** When set, a lifecycle policy keeping this many images is put on repositories without one. */
  readonly ecrKeepLastImages: number | undefined;
  /** The member execution role name the StackSet deploys. */
  readonly executionRoleName: string;
  /** The patch Automation document's name in every member. */
  readonly patchDocumentName: string;
  /** The containment Automation document's name in every member. */
  readonly containmentDocumentName: string;
}

const modeSchema = z.enum(["off", "dry-run", "enforce"]);

/** Schema of the settings JSON the function reads at cold start. */
export const RemediationSettingsSchema = z.object({
  patchMode: modeSchema,
  containmentMode: modeSchema,
  blockImageMode: modeSchema,
  autoContain: z.boolean(),
  patchTagKey: z.string().min(1),
  rebootTagKey: z.string().min(1),
  ownerTagKey: z.string().min(1),
  lockWindowMinutes: z.number().int().min(1),
  auditRetentionDays: z.number().int().min(1),
  ticketWebhookUrl: z.url({ protocol: /^https$/ }).optional(),
  ecrKeepLastImages: z.number().int().min(1).optional(),
  executionRoleName: z.string().min(1),
  patchDocumentName: z.string().min(1),
  containmentDocumentName: z.string().min(1),
});

/** Parses the settings JSON; throws with the zod problems when it is invalid. */
export function parseSettings(json: string): RemediationSettings {
  const parsed = RemediationSettingsSchema.parse(JSON.parse(json));
  return {
    ...parsed,
    ticketWebhookUrl: parsed.ticketWebhookUrl,
    ecrKeepLastImages: parsed.ecrKeepLastImages,
  };
}
