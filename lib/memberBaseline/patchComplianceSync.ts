/**
 * The member baseline's SSM resource data sync (SyncToDestination): Systems Manager writes the
 * member's inventory and compliance data of the Region to the delegated administrator's export
 * bucket under `ssm-sync/`, where the KPI function reads the compliance summaries for the patch
 * compliance KPI (lib/kpis/patchCompliance.ts). AWS's documented way to gather compliance data of
 * many accounts and Regions in one bucket: one sync per account and Region, each naming the
 * central bucket and its Region (SSM UG, inventory-create-resource-data-sync and
 * compliance-datasync-create; AWS::SSM::ResourceDataSync S3Destination in the CloudFormation
 * template reference).
 *
 * No KMSKeyArn: the export key's ARN is generated in the delegated administrator's stack and is
 * not known to the member template; the bucket's default encryption (SSE-KMS with the export key)
 * applies, and the export key policy lets ssm.amazonaws.com generate data keys for the
 * organization (lib/findingsPolicies.ts). The bucket policy allows the writes
 * (buildExportBucketPolicy, the SSM UG's statements for accounts in an organization).
 */
import type { TemplatePiece } from "../../components/memberBaselineTemplate";
import { PATCH_COMPLIANCE_SYNC_NAME, SSM_SYNC_BUCKET_PREFIX } from "../kpis/patchCompliance";

/** The sync to the export bucket `bucketName` in the home Region `bucketRegion`. */
export function patchComplianceSyncPiece(bucketName: string, bucketRegion: string): TemplatePiece {
  return {
    purpose: "SSM resource data sync of inventory and compliance data to the export bucket",
    resources: {
      ComplianceResourceDataSync: {
        Type: "AWS::SSM::ResourceDataSync",
        Properties: {
          SyncName: PATCH_COMPLIANCE_SYNC_NAME,
          SyncType: "SyncToDestination",
          S3Destination: {
            BucketName: bucketName,
            BucketRegion: bucketRegion,
            BucketPrefix: SSM_SYNC_BUCKET_PREFIX,
            SyncFormat: "JsonSerDe",
          },
        },
      },
    },
  };
}
