import { expect } from "chai";
import * as path from "path";
import { patchComplianceSyncPiece } from "../../../lib/memberBaseline/patchComplianceSync";
import { buildMemberBaselinePieces } from "../../../stacks/members";
import { loadConfigFromPlan } from "../../helpers/planConfig";

const ROOT = path.resolve(__dirname, "../../..");
const PURPOSE = "SSM resource data sync of inventory and compliance data to the export bucket";

describe("patchComplianceSyncPiece", () => {
  it("syncs to the export bucket in the home Region under ssm-sync, as JsonSerDe, without a KMS key", () => {
    expect(
      patchComplianceSyncPiece("inspector-findings-222222222222-us-east-1", "us-east-1"),
    ).to.deep.equal({
      purpose: PURPOSE,
      resources: {
        ComplianceResourceDataSync: {
          Type: "AWS::SSM::ResourceDataSync",
          Properties: {
            SyncName: "inspector-rollout-compliance",
            SyncType: "SyncToDestination",
            S3Destination: {
              BucketName: "inspector-findings-222222222222-us-east-1",
              BucketRegion: "us-east-1",
              BucketPrefix: "ssm-sync",
              SyncFormat: "JsonSerDe",
            },
          },
        },
      },
    });
  });
});

describe("buildMemberBaselinePieces: the compliance data sync", () => {
  const dev = loadConfigFromPlan(ROOT, "dev");
  const syncOf = (cfg: typeof dev) =>
    buildMemberBaselinePieces(cfg).filter((p) => p.purpose === PURPOSE);

  it("adds the sync to the export bucket of the delegated administrator's home Region by default", () => {
    expect(syncOf(dev)).to.deep.equal([
      patchComplianceSyncPiece(
        `inspector-findings-${dev.delegatedAdminAccountId}-${dev.homeRegion}`,
        dev.homeRegion,
      ),
    ]);
  });

  it("leaves it out with kpiPatchCompliance false, with the KPIs off, and with Object Lock", () => {
    expect([
      syncOf({ ...dev, kpiPatchCompliance: false }),
      syncOf({ ...dev, kpiEnabled: false }),
      syncOf({ ...dev, findingsExportObjectLockDays: 365 }),
      syncOf(loadConfigFromPlan(ROOT, "prod")),
    ]).to.deep.equal([[], [], [], []]);
  });
});
