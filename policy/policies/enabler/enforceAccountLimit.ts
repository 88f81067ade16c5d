import * as aws from "@pulumi/aws";
import {
  PolicyConfigSchema,
  ResourceValidationPolicy,
  validateResourceOfType,
} from "@pulumi/policy";
import { readConfig } from "../../lib/config";

/** The Enable API takes at most 100 account ids per call. */
const API_ACCOUNT_ID_LIMIT = 100;

const CONFIG_SCHEMA: PolicyConfigSchema = {
  properties: {
    maxAccountIds: {
      type: "integer",
      minimum: 1,
      maximum: API_ACCOUNT_ID_LIMIT,
      default: API_ACCOUNT_ID_LIMIT,
      description: "The most account ids one Enabler may list.",
    },
  },
};

/**
 * The Enable API accepts at most 100 account ids per call; a larger Enabler fails to apply.
 *
 * @severity high
 * @link https://docs.aws.amazon.com/inspector/v2/APIReference/API_Enable.html
 */
export const enablerEnforceAccountLimit: ResourceValidationPolicy = {
  name: "inspector-enabler-enforce-account-limit",
  description: "Limits each Inspector Enabler to the API maximum of 100 account ids.",
  severity: "high",
  remediationSteps:
    "Split the member accounts into chunks of at most 100 ids, one Enabler per chunk and region, keyed by a stable chunk key.",
  url: "https://docs.aws.amazon.com/inspector/v2/APIReference/API_Enable.html",
  configSchema: CONFIG_SCHEMA,
  validateResource: validateResourceOfType(
    aws.inspector2.Enabler,
    (enabler, args, reportViolation) => {
      if (!Array.isArray(enabler.accountIds)) {
        return;
      }
      const { maxAccountIds } = readConfig<{ maxAccountIds: number }>(args, CONFIG_SCHEMA);
      if (enabler.accountIds.length > maxAccountIds) {
        reportViolation(
          `Enabler '${args.name}' lists ${enabler.accountIds.length} account ids; the Enable API accepts at most ${maxAccountIds}, so split it into Enablers of at most ${maxAccountIds} ids (policy config maxAccountIds).`,
        );
      }
    },
  ),
};
