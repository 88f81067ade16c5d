import { expect } from "chai";
import * as path from "path";
import { buildMemberBaseline } from "../../stacks/members";
import { loadConfigFromPlan } from "../helpers/planConfig";
import { requireRolloutOutputs, type PlanResult } from "../../lib/offline/plan";
import { examplePlanResult } from "../helpers/examplePlans";
import { formatScanSettings } from "../../lib/offline/report";
import type { RecordedResource } from "../../lib/offline/recorder";
import { monitor, TEST_PROJECT } from "../helpers/runtime";

const ROOT = path.resolve(__dirname, "../..");
const REGIONS = [
  "us-east-1",
  "us-west-2",
  "eu-west-1",
  "eu-central-1",
  "ap-southeast-2",
  "ca-central-1",
];
const ROLE = "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole";

/**
 * Registrations of one type in the order of REGIONS: resources that wait for a per-Region
 * dependency (the organization policy's enablement wait) register in whatever order those resolve.
 */
function ofType(result: PlanResult, type: string): RecordedResource[] {
  const rank = (r: RecordedResource) =>
    REGIONS.indexOf(typeof r.inputs.region === "string" ? r.inputs.region : "");
  return result.registrations.filter((r) => r.type === type).sort((a, b) => rank(a) - rank(b));
}

function byName<T extends { name: string }>(list: T[]): T[] {
  return [...list].sort((a, b) => a.name.localeCompare(b.name));
}

function withoutProvider(inputs: Record<string, unknown>): Record<string, unknown> {
  const { __provider: provider, ...rest } = inputs;
  expect(provider, "serialized dynamic provider").to.be.a("string").and.not.equal("");
  return rest;
}

describe("the program, stack prod: scan settings in every governed Region", () => {
  let result: PlanResult;
  before(async () => {
    result = await examplePlanResult("prod");
  });
  after(() => monitor.install(TEST_PROJECT, "test"));

  it("sets the scan mode and ECR re-scan durations through the dynamic provider, per Region", () => {
    const configs = ofType(result, "pulumi-nodejs:dynamic/inspector:ScanConfiguration");
    expect(configs.map((c) => ({ name: c.name, inputs: withoutProvider(c.inputs) }))).to.deep.equal(
      REGIONS.map((region) => ({
        name: `inspector-scan-settings-${region}-configuration`,
        inputs: {
          region,
          roleArn: ROLE,
          ec2ScanMode: "EC2_HYBRID",
          ecrPushDateRescanDuration: "DAYS_30",
          ecrPullDateRescanDuration: "DAYS_14",
          ecrPullDateRescanMode: "LAST_IN_USE_AT",
        },
      })),
    );
  });

  it("activates deep inspection with the organization paths for the administrator and the 33 members", () => {
    const deep = ofType(result, "pulumi-nodejs:dynamic/inspector:DeepInspection");
    const members = requireRolloutOutputs(result).accountsCovered.filter(
      (a) => a !== "222222222222",
    );
    expect(members).to.have.length(33);
    expect(deep.map((c) => ({ name: c.name, inputs: withoutProvider(c.inputs) }))).to.deep.equal(
      REGIONS.map((region) => ({
        name: `inspector-scan-settings-${region}-deep-inspection`,
        inputs: {
          region,
          roleArn: ROLE,
          orgPackagePaths: ["/opt/app/lib", "/srv/python/site-packages"],
          activateDeepInspection: true,
          memberAccountIds: members,
        },
      })),
    );
  });

  it("sets the administrator's ECR registry to ENHANCED with both rules, retained on delete", () => {
    const registries = ofType(
      result,
      "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration",
    );
    const all = [{ filter: "*", filterType: "WILDCARD" }];
    expect(
      registries.map((r) => ({ name: r.name, inputs: r.inputs, retain: r.retainOnDelete })),
    ).to.deep.equal(
      REGIONS.map((region) => ({
        name: `inspector-scan-settings-${region}-ecr-registry`,
        inputs: {
          scanType: "ENHANCED",
          rules: [
            { scanFrequency: "SCAN_ON_PUSH", repositoryFilters: all },
            { scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: all },
          ],
          region,
        },
        retain: true,
      })),
    );
  });

  it("creates both suppression rules in every Region with their reason and criteria", () => {
    const filters = ofType(result, "aws:inspector2/filter:Filter");
    const eq = (value: string) => ({ comparison: "EQUALS", value });
    expect(byName(filters.map((f) => ({ name: f.name, inputs: f.inputs })))).to.deep.equal(
      byName(
        REGIONS.flatMap((region) => [
          {
            name: `inspector-scan-settings-${region}-suppress-legacy-openssl-isolated`,
            inputs: {
              name: "legacy-openssl-isolated",
              action: "SUPPRESS",
              reason:
                "Compensating control: the legacy billing hosts run in an isolated VPC without internet egress (network ACL NACL-7); replacement tracked in SEC-1432.",
              description: "OpenSSL CVE on the isolated legacy billing hosts",
              filterCriterias: [
                {
                  vulnerabilityIds: [eq("CVE-2023-0286")],
                  resourceTypes: [eq("AWS_EC2_INSTANCE")],
                  awsAccountIds: [eq("758861041068")],
                  vulnerablePackages: [{ name: eq("openssl") }],
                  resourceTags: [
                    { comparison: "EQUALS", key: "Workload", value: "legacy-billing" },
                  ],
                },
              ],
              region,
            },
          },
          {
            name: `inspector-scan-settings-${region}-suppress-base-image-informational`,
            inputs: {
              name: "base-image-informational",
              action: "SUPPRESS",
              reason:
                "Compensating control: the base images are rebuilt nightly from the hardened golden image; informational findings are reviewed in the monthly image report.",
              filterCriterias: [
                {
                  severities: [eq("INFORMATIONAL")],
                  ecrImageRepositoryNames: [eq("platform/base-images")],
                },
              ],
              region,
            },
          },
        ]),
      ),
    );
  });

  it("creates both CIS scan configurations per Region through an aws-native provider of that Region", () => {
    const scans = ofType(result, "aws-native:inspectorv2:CisScanConfiguration");
    const providers = ofType(result, "pulumi:providers:aws-native");
    expect(providers.map((p) => [p.name, p.inputs.region, p.inputs.assumeRole])).to.deep.equal(
      REGIONS.map((region) => [
        `delegated-admin-native-${region}`,
        region,
        JSON.stringify({ roleArn: ROLE, sessionName: "inspector-rollout" }),
      ]),
    );
    expect(
      byName(
        scans.map((s) => ({
          name: s.name,
          provider: s.provider?.split("::").slice(-2)[0],
          inputs: s.inputs,
        })),
      ),
    ).to.deep.equal(
      byName(
        REGIONS.flatMap((region) => [
          {
            name: `inspector-cis-${region}-weekly-level1`,
            provider: `delegated-admin-native-${region}`,
            inputs: {
              scanName: "weekly-level1",
              securityLevel: "LEVEL_1",
              schedule: {
                weekly: { startTime: { timeOfDay: "02:00", timeZone: "UTC" }, days: ["SUN"] },
              },
              targets: {
                accountIds: ["ALL_ACCOUNTS"],
                targetResourceTags: { CisBenchmark: ["level1", "level2"] },
              },
            },
          },
          {
            name: `inspector-cis-${region}-monthly-level2`,
            provider: `delegated-admin-native-${region}`,
            inputs: {
              scanName: "monthly-level2",
              securityLevel: "LEVEL_2",
              schedule: {
                monthly: {
                  startTime: { timeOfDay: "03:30", timeZone: "Europe/Dublin" },
                  day: "SAT",
                },
              },
              targets: {
                accountIds: ["ALL_ACCOUNTS"],
                targetResourceTags: { CisBenchmark: ["level2"] },
              },
            },
          },
        ]),
      ),
    );
  });

  it("deploys the member baseline StackSet from the management account to the root in every Region", () => {
    const [stackSet] = ofType(result, "aws:cloudformation/stackSet:StackSet");
    const instances = ofType(result, "aws:cloudformation/stackInstances:StackInstances");
    const operationPreferences = {
      maxConcurrentPercentage: 20,
      failureTolerancePercentage: 5,
      regionConcurrencyType: "PARALLEL",
    };
    const { templateBody, ...inputs } = stackSet.inputs;
    expect([
      stackSet.provider?.split("::").slice(-2)[0],
      inputs,
      stackSet.ignoreChanges,
    ]).to.deep.equal([
      "management",
      {
        name: "inspector-rollout-member-baseline",
        description:
          "inspector-rollout member baseline: SSM Default Host Management Configuration; ECR enhanced scanning rules; the inspector-gate pipeline policy (with the blocked-digest table); the Inspector remediation execution role and SSM Automation documents",
        permissionModel: "SERVICE_MANAGED",
        callAs: "SELF",
        autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
        capabilities: ["CAPABILITY_NAMED_IAM"],
        managedExecution: { active: true },
        operationPreferences,
      },
      ["administrationRoleArn"],
    ]);
    expect(JSON.parse(templateBody as string)).to.deep.equal(
      JSON.parse(JSON.stringify(buildMemberBaseline(loadConfigFromPlan(ROOT, "prod")))),
    );
    // One operation for the root in all six Regions; 34 accounts at 20% = 6 at a time, 6
    // batches, Regions in parallel: 6 x 10 minutes.
    expect(
      instances.map((i) => ({ name: i.name, inputs: i.inputs, timeouts: i.customTimeouts })),
    ).to.deep.equal([
      {
        name: "inspector-member-baseline",
        inputs: {
          stackSetName: "inspector-rollout-member-baseline",
          callAs: "SELF",
          deploymentTargets: { organizationalUnitIds: ["r-a1b2"] },
          regions: REGIONS,
          operationPreferences,
        },
        timeouts: { create: "60m", update: "60m", delete: "60m" },
      },
    ]);
  });

  it("lists every setting per Region in the plan summary", () => {
    const lines = formatScanSettings(requireRolloutOutputs(result));
    expect(lines.slice(0, 11)).to.deep.equal([
      "",
      "Scan settings per Region (delegated administrator):",
      "  us-east-1",
      "    EC2 scan mode EC2_HYBRID",
      "    ECR re-scan: DAYS_30 after push, DAYS_14 after LAST_IN_USE_AT",
      "    EC2 deep inspection on for the administrator and 33 member(s); organization paths: /opt/app/lib, /srv/python/site-packages",
      "    ECR registry ENHANCED: SCAN_ON_PUSH *; CONTINUOUS_SCAN *",
      "    CIS scan weekly-level1: LEVEL_1, WEEKLY SUN 02:00 UTC, accounts ALL_ACCOUNTS, instances tagged CisBenchmark=level1|level2",
      "    CIS scan monthly-level2: LEVEL_2, MONTHLY (SAT) 03:30 Europe/Dublin, accounts ALL_ACCOUNTS, instances tagged CisBenchmark=level2",
      "    Suppression rule legacy-openssl-isolated: Compensating control: the legacy billing hosts run in an isolated VPC without internet egress (network ACL NACL-7); replacement tracked in SEC-1432.",
      "    Suppression rule base-image-informational: Compensating control: the base images are rebuilt nightly from the hardened golden image; informational findings are reviewed in the monthly image report.",
    ]);
    expect(lines.length).to.equal(2 + REGIONS.length * 9 + 5);
    expect(lines.slice(-4)).to.deep.equal([
      "Member baseline:",
      "  StackSet inspector-rollout-member-baseline (service-managed, auto-deployment): SSM Default Host Management Configuration; ECR enhanced scanning rules; the inspector-gate pipeline policy (with the blocked-digest table); the Inspector remediation execution role and SSM Automation documents",
      "  targets r-a1b2 in us-east-1, us-west-2, eu-west-1, eu-central-1, ap-southeast-2, ca-central-1",
      "  up to 20% of accounts at once, 5% may fail, Regions in parallel",
    ]);
  });
});
