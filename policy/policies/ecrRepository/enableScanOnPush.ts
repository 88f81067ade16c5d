import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";

/**
 * Images are scanned when pushed, so the pipeline's image gate has a result to read.
 *
 * @severity medium
 * @link https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html
 */
export const ecrRepositoryEnableScanOnPush: ResourceValidationPolicy = {
  name: "inspector-ecr-repository-enable-scan-on-push",
  description: "Requires ECR repositories to scan images on push.",
  severity: "medium",
  remediationSteps: "Set imageScanningConfiguration { scanOnPush: true } on the repository.",
  url: "https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html",
  configSchema: { properties: {} },
  validateResource: validateResourceOfType(aws.ecr.Repository, (repo, args, reportViolation) => {
    if (repo.imageScanningConfiguration?.scanOnPush !== true) {
      reportViolation(
        `ECR repository '${args.name}' does not scan images on push; set imageScanningConfiguration.scanOnPush to true.`,
      );
    }
  }),
};
