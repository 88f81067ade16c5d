/** Configuration of remediation: modes per capability, tag keys, lock window, audit, tickets. */
import { z } from "zod";
import { REMEDIATION_MODES, type RemediationMode } from "../functions/lib/settings";
import {
  booleanSchema,
  type ConfigProblem,
  type ConfigSection,
  enumSchema,
  integerSchema,
  show,
  TAG_KEY,
} from "./configSchema";

export { REMEDIATION_MODES, type RemediationMode };

/** The remediation keys. */
export interface RemediationConfig {
  /** EC2 patching through SSM Automation: off, dry-run or enforce. */
  readonly remediationPatchMode: RemediationMode;
  /** Instance containment: off, dry-run or enforce. */
  readonly remediationContainmentMode: RemediationMode;
  /** Blocking ECR image digests with CRITICAL findings: off, dry-run or enforce. */
  readonly remediationBlockImageMode: RemediationMode;
  /** The explicit containment rule (CRITICAL, exploit available, network-exposed). */
  readonly remediationAutoContain: boolean;
  /** Instance tag key opting in to automatic patching (value `true`). */
  readonly remediationPatchTagKey: string;
  /** Instance tag key allowing a reboot after patching (value `true`). */
  readonly remediationRebootTagKey: string;
  /** ECR repository tag key naming the owner to notify. */
  readonly remediationOwnerTagKey: string;
  /** One patch run per instance per this many minutes. */
  readonly remediationLockWindowMinutes: number;
  /** Days audit records are kept. */
  readonly remediationAuditRetentionDays: number;
  /** The ticketing webhook (https); tickets are opened only when set. */
  readonly remediationTicketWebhookUrl: string | undefined;
  /** The Secrets Manager secret holding the webhook's bearer token. */
  readonly remediationTicketSecretArn: string | undefined;
  /** When set, repositories with blocked images and no lifecycle policy keep this many images. */
  readonly remediationEcrKeepLastImages: number | undefined;
}

const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+$/;

function modeKey(what: string) {
  return {
    kind: "string" as const,
    placeholder: "dry-run",
    default: "dry-run" as RemediationMode,
    schema: enumSchema(REMEDIATION_MODES, `a remediation mode for ${what}`),
  };
}

function tagKey(defaultKey: string) {
  return {
    kind: "string" as const,
    placeholder: defaultKey,
    default: defaultKey,
    schema: z.string().regex(TAG_KEY, {
      error: (iss) =>
        `(${show(iss.input)}) is not a valid tag key (1-128 letters, digits, spaces and _.:/=+-@)`,
    }),
  };
}

/** Rules that span the remediation keys. */
function checkRemediation(c: Readonly<Record<string, unknown>>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const url = c.remediationTicketWebhookUrl as string | undefined;
  const secret = c.remediationTicketSecretArn as string | undefined;
  // A key that failed its own check is absent from `c` (an unset optional key is present as
  // undefined): only report a missing partner when the partner is really unset.
  if (url !== undefined && secret === undefined && "remediationTicketSecretArn" in c) {
    problems.push({
      path: "remediationTicketSecretArn",
      placeholder: "<secret ARN>",
      message:
        "is not set but remediationTicketWebhookUrl is; the webhook's token must come from Secrets Manager",
    });
  }
  if (secret !== undefined && url === undefined && "remediationTicketWebhookUrl" in c) {
    problems.push({
      path: "remediationTicketWebhookUrl",
      placeholder: "<https URL>",
      message: "is not set but remediationTicketSecretArn is; set the webhook or remove the secret",
    });
  }
  if (c.remediationAutoContain === true && c.remediationContainmentMode === "off") {
    problems.push({
      path: "remediationContainmentMode",
      placeholder: "dry-run",
      message: `("off") contradicts remediationAutoContain true; the containment rule would never run`,
    });
  }
  const patchTag = c.remediationPatchTagKey as string | undefined;
  if (patchTag !== undefined && patchTag === c.remediationRebootTagKey) {
    problems.push({
      path: "remediationRebootTagKey",
      placeholder: "InspectorAutoReboot",
      message: `(${show(patchTag)}) equals remediationPatchTagKey; opting in to patching must not also allow reboots`,
    });
  }
  return problems;
}

/** The remediation keys and their cross-key rules. */
export const REMEDIATION_SECTION: ConfigSection<RemediationConfig> = {
  keys: {
    remediationPatchMode: modeKey("patching"),
    remediationContainmentMode: modeKey("containment"),
    remediationBlockImageMode: modeKey("blocking images"),
    remediationAutoContain: {
      kind: "boolean",
      placeholder: "false",
      default: false,
      schema: booleanSchema,
    },
    remediationPatchTagKey: tagKey("InspectorAutoPatch"),
    remediationRebootTagKey: tagKey("InspectorAutoReboot"),
    remediationOwnerTagKey: tagKey("Owner"),
    remediationLockWindowMinutes: {
      kind: "number",
      placeholder: "120",
      default: 120,
      schema: integerSchema(15, 1440, "minutes", "; a patch run needs time to finish"),
    },
    remediationAuditRetentionDays: {
      kind: "number",
      placeholder: "400",
      default: 400,
      schema: integerSchema(30, 3650, "days", "; audits need at least a month of history"),
    },
    remediationTicketWebhookUrl: {
      kind: "string",
      placeholder: "<https URL>",
      optional: true,
      schema: z
        .string()
        .regex(/^https:\/\/[^\s/]+(\/\S*)?$/, {
          error: (iss) => `(${show(iss.input)}) is not an https:// URL; the webhook must use TLS`,
        })
        .optional(),
    },
    remediationTicketSecretArn: {
      kind: "string",
      placeholder: "<secret ARN>",
      optional: true,
      schema: z
        .string()
        .regex(SECRET_ARN, {
          error: (iss) => `(${show(iss.input)}) is not a Secrets Manager secret ARN`,
        })
        .optional(),
    },
    remediationEcrKeepLastImages: {
      kind: "number",
      placeholder: "50",
      optional: true,
      schema: integerSchema(1, 1000, "images").optional(),
    },
  },
  check: checkRemediation,
};

/** Every remediation key at its default: a literal configuration's remediation part. */
export const REMEDIATION_DEFAULTS: RemediationConfig = Object.freeze({
  remediationPatchMode: "dry-run",
  remediationContainmentMode: "dry-run",
  remediationBlockImageMode: "dry-run",
  remediationAutoContain: false,
  remediationPatchTagKey: "InspectorAutoPatch",
  remediationRebootTagKey: "InspectorAutoReboot",
  remediationOwnerTagKey: "Owner",
  remediationLockWindowMinutes: 120,
  remediationAuditRetentionDays: 400,
  remediationTicketWebhookUrl: undefined,
  remediationTicketSecretArn: undefined,
  remediationEcrKeepLastImages: undefined,
});
