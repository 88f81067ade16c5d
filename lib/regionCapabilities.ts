/**
 * Which Amazon Inspector scan types each AWS Region supports.
 *
 * Lambda code scanning and code repository scanning are not available everywhere, and one
 * unsupported resource type fails a whole Enable call for the Region
 * (../shared/reference/inspector-facts.md §2.2), so every per-Region resource type list, auto-enable
 * flag and policy document is derived from this map.
 *
 * Source: the Amazon Inspector User Guide, "Regions and endpoints"
 * (https://docs.aws.amazon.com/inspector/latest/user/inspector_regions.html): Inspector's 33
 * commercial Regions, and the feature tables that list Lambda code scanning and Code Security
 * (code repository scanning) in ten of them. Lambda standard scanning has no Regional table and is
 * taken as available wherever Inspector is. Enabling LAMBDA_CODE elsewhere fails with
 * "AccessDeniedException ... Lambda code scanning is not supported in <Region>".
 */

/** A scan type as the Inspector Enable API names it. */
export type ScanType = "EC2" | "ECR" | "LAMBDA" | "LAMBDA_CODE" | "CODE_REPOSITORY";

/** Every scan type, in the order Inspector's API documents them. */
export const ALL_SCAN_TYPES: readonly ScanType[] = [
  "EC2",
  "ECR",
  "LAMBDA",
  "LAMBDA_CODE",
  "CODE_REPOSITORY",
];

const STANDARD: readonly ScanType[] = ["EC2", "ECR", "LAMBDA"];
const WITH_CODE_SCANNING: readonly ScanType[] = ALL_SCAN_TYPES;

/** Scan types per Region where Amazon Inspector is available. */
export const REGION_CAPABILITIES: Readonly<Record<string, readonly ScanType[]>> = Object.freeze({
  "us-east-1": WITH_CODE_SCANNING,
  "us-east-2": WITH_CODE_SCANNING,
  "us-west-1": STANDARD,
  "us-west-2": WITH_CODE_SCANNING,
  "af-south-1": STANDARD,
  "ap-east-1": STANDARD,
  "ap-east-2": STANDARD,
  "ap-south-1": STANDARD,
  "ap-south-2": STANDARD,
  "ap-southeast-1": WITH_CODE_SCANNING,
  "ap-southeast-2": WITH_CODE_SCANNING,
  "ap-southeast-3": STANDARD,
  "ap-southeast-4": STANDARD,
  "ap-southeast-5": STANDARD,
  "ap-southeast-7": STANDARD,
  "ap-northeast-1": WITH_CODE_SCANNING,
  "ap-northeast-2": STANDARD,
  "ap-northeast-3": STANDARD,
  "ca-central-1": STANDARD,
  "ca-west-1": STANDARD,
  "eu-central-1": WITH_CODE_SCANNING,
  "eu-central-2": STANDARD,
  "eu-west-1": WITH_CODE_SCANNING,
  "eu-west-2": WITH_CODE_SCANNING,
  "eu-west-3": STANDARD,
  "eu-south-1": STANDARD,
  "eu-south-2": STANDARD,
  "eu-north-1": WITH_CODE_SCANNING,
  "il-central-1": STANDARD,
  "me-central-1": STANDARD,
  "me-south-1": STANDARD,
  "mx-central-1": STANDARD,
  "sa-east-1": STANDARD,
});

/** Regions that are opted out by default; their service principals are Region-qualified. */
export const OPT_IN_REGIONS: ReadonlySet<string> = new Set([
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-south-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-7",
  "ca-west-1",
  "eu-central-2",
  "eu-south-1",
  "eu-south-2",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "mx-central-1",
]);

/** A wanted scan type that a Region lacks; reported as a warning, never sent to the API. */
export interface UnsupportedScanType {
  readonly region: string;
  readonly scanType: ScanType;
}

/** The scan types for one Region: the wanted ones the Region supports, and the ones it lacks. */
export interface RegionScanTypes {
  readonly region: string;
  readonly scanTypes: readonly ScanType[];
  readonly unsupported: readonly ScanType[];
}

/** True when Amazon Inspector is available in the Region. */
export function isInspectorRegion(region: string): boolean {
  return Object.prototype.hasOwnProperty.call(REGION_CAPABILITIES, region);
}

/**
 * Intersects the wanted scan types with what each Region supports. LAMBDA_CODE is dropped where
 * LAMBDA is, because Lambda code scanning requires Lambda standard scanning.
 */
export function resolveRegionScanTypes(
  regions: readonly string[],
  wanted: readonly ScanType[],
): RegionScanTypes[] {
  return regions.map((region) => {
    const supported = REGION_CAPABILITIES[region] ?? [];
    const scanTypes = ALL_SCAN_TYPES.filter((t) => wanted.includes(t) && supported.includes(t));
    const unsupported = ALL_SCAN_TYPES.filter((t) => wanted.includes(t) && !supported.includes(t));
    return { region, scanTypes, unsupported };
  });
}

/** One warning line per Region and scan type the Region lacks. */
export function describeUnsupported(resolved: readonly RegionScanTypes[]): string[] {
  return resolved.flatMap((r) =>
    r.unsupported.map(
      (t) =>
        `${r.region}: Amazon Inspector does not offer ${t} scanning in this Region; it is enabled for ${r.scanTypes.join(", ")} only there`,
    ),
  );
}
