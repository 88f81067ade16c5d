/**
 * The scan types each AWS Region supports: the default of the policies' `regionCapabilities`.
 *
 * A copy of the program's map (lib/regionCapabilities.ts), because the pack is a standalone
 * package; policy/test/regionCapabilities.spec.ts fails when the two drift apart. Source: the
 * Amazon Inspector User Guide, "Regions and endpoints"
 * (https://docs.aws.amazon.com/inspector/latest/user/inspector_regions.html). Lambda code and
 * code repository scanning exist in ten Regions; a Region not listed is not restricted.
 */
const STANDARD = ["EC2", "ECR", "LAMBDA"];
const ALL = ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE", "CODE_REPOSITORY"];

/** Scan types per Region where Amazon Inspector is available. */
export const DEFAULT_REGION_CAPABILITIES: Record<string, string[]> = {
  "us-east-1": ALL,
  "us-east-2": ALL,
  "us-west-1": STANDARD,
  "us-west-2": ALL,
  "af-south-1": STANDARD,
  "ap-east-1": STANDARD,
  "ap-east-2": STANDARD,
  "ap-south-1": STANDARD,
  "ap-south-2": STANDARD,
  "ap-southeast-1": ALL,
  "ap-southeast-2": ALL,
  "ap-southeast-3": STANDARD,
  "ap-southeast-4": STANDARD,
  "ap-southeast-5": STANDARD,
  "ap-southeast-7": STANDARD,
  "ap-northeast-1": ALL,
  "ap-northeast-2": STANDARD,
  "ap-northeast-3": STANDARD,
  "ca-central-1": STANDARD,
  "ca-west-1": STANDARD,
  "eu-central-1": ALL,
  "eu-central-2": STANDARD,
  "eu-west-1": ALL,
  "eu-west-2": ALL,
  "eu-west-3": STANDARD,
  "eu-south-1": STANDARD,
  "eu-south-2": STANDARD,
  "eu-north-1": ALL,
  "il-central-1": STANDARD,
  "me-central-1": STANDARD,
  "me-south-1": STANDARD,
  "mx-central-1": STANDARD,
  "sa-east-1": STANDARD,
};
