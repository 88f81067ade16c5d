import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { asList, isRecord } from "../../lib/resources";

/**
 * With enhanced (Inspector) scanning, CONTINUOUS_SCAN scans on push and re-scans when new
 * vulnerabilities are published; a registry configuration that says BASIC, or scans on push
 * only, turns the checklist's "ECR scanning on push and continuous" off.
 *
 * @severity high
 * @link https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning-enhanced.html
 */
export const ecrRegistryConfigureEnhancedScanning: ResourceValidationPolicy = {
  name: "inspector-ecr-registry-configure-enhanced-scanning",
  description:
    "Requires an ECR registry scanning configuration to use enhanced scanning with continuous scanning of every repository.",
  severity: "high",
  remediationSteps:
    'Set scanType to "ENHANCED" with a rule { scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }] }.',
  url: "https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning-enhanced.html",
  configSchema: { properties: {} },
  validateResource: validateResourceOfType(
    aws.ecr.RegistryScanningConfiguration,
    (registry, args, reportViolation) => {
      if (registry.scanType === "BASIC") {
        reportViolation(
          `RegistryScanningConfiguration '${args.name}' uses BASIC scanning, which turns Inspector's ECR scanning off; set scanType to "ENHANCED".`,
        );
        return;
      }
      const rules: unknown = registry.rules ?? [];
      if (!Array.isArray(rules)) {
        return;
      }
      const continuousForAll = rules.some(
        (rule: unknown) =>
          isRecord(rule) &&
          rule["scanFrequency"] === "CONTINUOUS_SCAN" &&
          asList(rule["repositoryFilters"]).some((f) => isRecord(f) && f["filter"] === "*"),
      );
      if (!continuousForAll) {
        reportViolation(
          `RegistryScanningConfiguration '${args.name}' does not scan every repository continuously; add a rule with scanFrequency "CONTINUOUS_SCAN" and the repository filter "*".`,
        );
      }
    },
  ),
};
