import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { CONFIG_DEFAULTS, CONFIG_KEYS, validateConfig } from "../../stacks/config";
import { FINDINGS_DEFAULTS } from "./configFindings.spec";
import { KPI_DEFAULTS } from "../../stacks/configKpis";

/** A valid configuration every case starts from. */
const BASE: Record<string, string> = {
  managementAccountId: "111111111111",
  delegatedAdminAccountId: "222222222222",
  homeRegion: "us-east-1",
  regions: '["us-east-1","eu-west-1"]',
};

function withPatch(patch: Record<string, string | undefined>): Record<string, string> {
  const raw: Record<string, string> = { ...BASE };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) {
      delete raw[key];
    } else {
      raw[key] = value;
    }
  }
  return raw;
}

function problemsOf(raw: Record<string, string>): string[] {
  const result = validateConfig(raw);
  return "problems" in result ? result.problems : [];
}

const INSPECTOR_REGIONS =
  "us-east-1, us-east-2, us-west-1, us-west-2, af-south-1, ap-east-1, ap-east-2, ap-south-1, ap-south-2, ap-southeast-1, ap-southeast-2, ap-southeast-3, ap-southeast-4, ap-southeast-5, ap-southeast-7, ap-northeast-1, ap-northeast-2, ap-northeast-3, ca-central-1, ca-west-1, eu-central-1, eu-central-2, eu-west-1, eu-west-2, eu-west-3, eu-south-1, eu-south-2, eu-north-1, il-central-1, me-central-1, me-south-1, mx-central-1, sa-east-1";

interface BadCase {
  readonly name: string;
  readonly patch: Record<string, string | undefined>;
  readonly problems: string[];
}

const BAD_CASES: BadCase[] = [
  {
    name: "management account id too short",
    patch: { managementAccountId: "12345" },
    problems: [
      '`managementAccountId` ("12345") is not a 12-digit AWS account id; set the Organizations management account id; an id that starts with 0 must be quoted in Pulumi.<stack>.yaml ("012345678901"), since YAML reads it unquoted as the number 12345678901; fix it with `pulumi config set \'managementAccountId\' <12-digit id>`',
    ],
  },
  {
    name: "management account id with letters",
    patch: { managementAccountId: "11111111111a" },
    problems: [
      "`managementAccountId` (\"11111111111a\") is not a 12-digit AWS account id; set the Organizations management account id; fix it with `pulumi config set 'managementAccountId' <12-digit id>`",
    ],
  },
  {
    name: "delegated admin id of 13 digits",
    patch: { delegatedAdminAccountId: "2222222222222" },
    problems: [
      "`delegatedAdminAccountId` (\"2222222222222\") is not a 12-digit AWS account id; set the security tooling account id; fix it with `pulumi config set 'delegatedAdminAccountId' <12-digit id>`",
    ],
  },
  {
    name: "delegated admin equal to the management account",
    patch: { delegatedAdminAccountId: "111111111111" },
    problems: [
      "`delegatedAdminAccountId` (\"111111111111\") equals managementAccountId; AWS recommends against delegating Inspector administration to the management account: use the security tooling account; fix it with `pulumi config set 'delegatedAdminAccountId' <12-digit id>`",
    ],
  },
  {
    name: "missing management account id",
    patch: { managementAccountId: undefined },
    problems: [
      "`managementAccountId` is required and not set; fix it with `pulumi config set 'managementAccountId' <12-digit id>`",
    ],
  },
  {
    name: "missing regions",
    patch: { regions: undefined },
    problems: [
      "`regions` is required and not set; fix it with `pulumi config set --path 'regions[0]' <region>`",
    ],
  },
  {
    name: "unknown region",
    patch: { regions: '["us-east-1","eu-west-9"]' },
    problems: [
      '`regions[1]` ("eu-west-9") is not an AWS Region where Amazon Inspector is available; use one of: ' +
        INSPECTOR_REGIONS +
        "; fix it with `pulumi config set --path 'regions[1]' <region>`",
    ],
  },
  {
    name: "duplicate region",
    patch: { regions: '["us-east-1","eu-west-1","us-east-1"]' },
    problems: [
      "`regions[2]` (\"us-east-1\") repeats entry [0]; remove the duplicate; fix it with `pulumi config set --path 'regions[2]' <region>`",
    ],
  },
  {
    name: "no regions",
    patch: { regions: "[]" },
    problems: [
      "`regions` is empty; list at least one governed Region; fix it with `pulumi config set --path 'regions[0]' <region>`",
    ],
  },
  {
    name: "regions not a list",
    patch: { regions: '"us-east-1"' },
    problems: [
      "`regions` (\"us-east-1\") must be a list of Region names; fix it with `pulumi config set --path 'regions[0]' <region>`",
    ],
  },
  {
    name: "regions not JSON",
    patch: { regions: "[us-east-1" },
    problems: [
      "`regions` (\"[us-east-1\") is not a YAML list; write it as a list in Pulumi.<stack>.yaml or set entries with --path; fix it with `pulumi config set --path 'regions[0]' <region>`",
    ],
  },
  {
    name: "home region outside the governed ones",
    patch: { homeRegion: "eu-central-1" },
    problems: [
      "`homeRegion` (\"eu-central-1\") is not one of the governed regions (us-east-1, eu-west-1); add it to `regions` or pick one of them; fix it with `pulumi config set 'homeRegion' <region>`",
    ],
  },
  {
    name: "home region unknown",
    patch: { homeRegion: "mars-north-1" },
    problems: [
      '`homeRegion` ("mars-north-1") is not an AWS Region where Amazon Inspector is available; use one of: ' +
        INSPECTOR_REGIONS +
        "; fix it with `pulumi config set 'homeRegion' <region>`",
    ],
  },
  {
    name: "unknown scan type",
    patch: { scanTypes: '["EC2","EKS"]' },
    problems: [
      "`scanTypes[1]` (\"EKS\") is not an Inspector scan type; use one of: EC2, ECR, LAMBDA, LAMBDA_CODE, CODE_REPOSITORY; fix it with `pulumi config set --path 'scanTypes[1]' <scan type>`",
    ],
  },
  {
    name: "LAMBDA_CODE without LAMBDA",
    patch: { scanTypes: '["EC2","LAMBDA_CODE"]' },
    problems: [
      '`scanTypes` (["EC2","LAMBDA_CODE"]) has LAMBDA_CODE without LAMBDA; Lambda code scanning requires Lambda standard scanning; add it with `pulumi config set --path \'scanTypes[2]\' LAMBDA`',
    ],
  },
  {
    name: "duplicate scan type",
    patch: { scanTypes: '["EC2","EC2"]' },
    problems: [
      "`scanTypes[1]` (\"EC2\") repeats entry [0]; remove the duplicate; fix it with `pulumi config set --path 'scanTypes[1]' <scan type>`",
    ],
  },
  {
    name: "empty scan types",
    patch: { scanTypes: "[]" },
    problems: [
      "`scanTypes` is empty; list at least one scan type (EC2, ECR, LAMBDA, ...); fix it with `pulumi config set --path 'scanTypes[0]' <scan type>`",
    ],
  },
  {
    name: "OU id of the wrong shape",
    patch: { organizationalUnitIds: '["ou-123"]' },
    problems: [
      "`organizationalUnitIds[0]` (\"ou-123\") is not an organizational unit id (ou-xxxx-xxxxxxxx); copy it from `aws organizations list-organizational-units-for-parent`; fix it with `pulumi config set --path 'organizationalUnitIds[0]' <ou-id>`",
    ],
  },
  {
    name: "root id given as an OU",
    patch: { organizationalUnitIds: '["r-a1b2"]' },
    problems: [
      "`organizationalUnitIds[0]` (\"r-a1b2\") is not an organizational unit id (ou-xxxx-xxxxxxxx); copy it from `aws organizations list-organizational-units-for-parent`; fix it with `pulumi config set --path 'organizationalUnitIds[0]' <ou-id>`",
    ],
  },
  {
    name: "excluded account id of the wrong shape",
    patch: { excludedAccountIds: '["33333333333"]' },
    problems: [
      '`excludedAccountIds[0]` ("33333333333") is not a 12-digit AWS account id; list 12-digit account ids only; an id that starts with 0 must be quoted in Pulumi.<stack>.yaml ("012345678901"), since YAML reads it unquoted as the number 12345678901; fix it with `pulumi config set --path \'excludedAccountIds[0]\' <12-digit id>`',
    ],
  },
  {
    name: "delegated admin among the excluded accounts",
    patch: { excludedAccountIds: '["333333333333","222222222222"]' },
    problems: [
      "`excludedAccountIds[1]` (\"222222222222\") is the delegated administrator, which must be scanned itself; remove it with `pulumi config rm --path 'excludedAccountIds[1]'`",
    ],
  },
  {
    name: "delegated admin first among the excluded accounts (index 0)",
    patch: { excludedAccountIds: '["222222222222"]' },
    problems: [
      "`excludedAccountIds[0]` (\"222222222222\") is the delegated administrator, which must be scanned itself; remove it with `pulumi config rm --path 'excludedAccountIds[0]'`",
    ],
  },
  {
    name: "unknown mode",
    patch: { enablementMode: "stackset" },
    problems: [
      "`enablementMode` (\"stackset\") is not an enablement mode; use one of: organization-policy, delegated-admin; fix it with `pulumi config set 'enablementMode' organization-policy`",
    ],
  },
  {
    name: "role name with a space",
    patch: { delegatedAdminRoleName: "Org Admin" },
    problems: [
      "`delegatedAdminRoleName` (\"Org Admin\") is not a valid IAM role name (1-64 characters of letters, digits and +=,.@_-); fix it with `pulumi config set 'delegatedAdminRoleName' <role name>`",
    ],
  },
  {
    name: "protection not a boolean",
    patch: { protectOrgResources: "yes" },
    problems: [
      "`protectOrgResources` (\"yes\") must be true or false; fix it with `pulumi config set 'protectOrgResources' true`",
    ],
  },
  {
    name: "timeout below 30 minutes",
    patch: { enablementTimeoutMinutes: "10" },
    problems: [
      "`enablementTimeoutMinutes` (10) is below 30 minutes; enablement across an organization takes longer; use 30-240; fix it with `pulumi config set 'enablementTimeoutMinutes' 45`",
    ],
  },
  {
    name: "timeout above 240 minutes",
    patch: { enablementTimeoutMinutes: "600" },
    problems: [
      "`enablementTimeoutMinutes` (600) is above 240 minutes; use 30-240; fix it with `pulumi config set 'enablementTimeoutMinutes' 45`",
    ],
  },
  {
    name: "timeout not a number",
    patch: { enablementTimeoutMinutes: "soon" },
    problems: [
      "`enablementTimeoutMinutes` (\"soon\") must be a number; fix it with `pulumi config set 'enablementTimeoutMinutes' 45`",
    ],
  },
  {
    name: "tag value not a string",
    patch: { tags: '{"Owner": 7}' },
    problems: [
      "`tags.Owner` (7) must be a string tag value; fix it with `pulumi config set --path 'tags.Owner' <value>`",
    ],
  },
  {
    name: "tags not a map",
    patch: { tags: '["Owner"]' },
    problems: [
      "`tags` ([\"Owner\"]) must be a map of tag names to string values; fix it with `pulumi config set --path 'tags.<name>' <value>`",
    ],
  },
  {
    name: "misspelt key",
    patch: { scanType: '["EC2"]' },
    problems: [
      "`scanType` is not a configuration key of inspector-rollout (did you mean `scanTypes`?); remove it with `pulumi config rm 'scanType'`",
    ],
  },
  {
    name: "empty inventory path",
    patch: { inventoryFile: "" },
    problems: [
      "`inventoryFile` is empty; give a path or remove the key; fix it with `pulumi config set 'inventoryFile' <path>`",
    ],
  },
];

describe("validateConfig", () => {
  it("returns the frozen, fully defaulted configuration for a minimal valid stack", () => {
    // Act
    const result = validateConfig(BASE);
    // Assess
    expect(result).to.deep.equal({
      config: {
        costEcrRescansPerImagePerMonth: 4,
        costMonthlyBudget: undefined,
        costPrices: {},
        managementAccountId: "111111111111",
        delegatedAdminAccountId: "222222222222",
        delegatedAdminRoleName: "OrganizationAccountAccessRole",
        homeRegion: "us-east-1",
        regions: ["us-east-1", "eu-west-1"],
        enablementMode: "organization-policy",
        scanTypes: ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"],
        organizationalUnitIds: [],
        excludedAccountIds: [],
        inventoryFile: undefined,
        protectOrgResources: true,
        enablementTimeoutMinutes: 45,
        disassociateRemovedMembers: false,
        tags: { ManagedBy: "inspector-rollout" },
        // Scanning keys (stacks/configScanning.ts, configCis.ts, configSuppression.ts; their own table
        // is configScanning.spec.ts).
        ec2ScanMode: "EC2_HYBRID",
        ecrPushDateRescanDuration: "DAYS_14",
        ecrPullDateRescanDuration: "DAYS_14",
        ecrPullDateRescanMode: "LAST_IN_USE_AT",
        ec2DeepInspection: true,
        ec2DeepInspectionPackagePaths: [],
        ecrScanOnPushFilters: [],
        ecrContinuousScanFilters: ["*"],
        cisScanConfigurations: {},
        costEcrContinuousScanPercent: 100,
        suppressionRules: {},
        scanTypesByOu: [],
        ssmDefaultHostManagement: true,
        memberBaselineStackSetName: "inspector-rollout-member-baseline",
        memberBaselineMaxConcurrentPercentage: 25,
        memberBaselineFailureTolerancePercentage: 10,
        memberBaselineRegionConcurrency: "PARALLEL",
        ...FINDINGS_DEFAULTS,
        // Remediation keys, as docs/runbooks.md gives their defaults.
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
        // Pinned by hand in configKpis.spec.ts ("defaults to KPIs on, hourly, ...").
        ...KPI_DEFAULTS,
      },
    });
    expect("config" in result && Object.isFrozen(result.config)).to.equal(true);
  });

  it("orders scan types as the API documents them, whatever the config order", () => {
    const result = validateConfig(withPatch({ scanTypes: '["LAMBDA","EC2","CODE_REPOSITORY"]' }));
    expect("config" in result && result.config.scanTypes).to.deep.equal([
      "EC2",
      "LAMBDA",
      "CODE_REPOSITORY",
    ]);
  });

  for (const c of BAD_CASES) {
    it(`rejects ${c.name}`, () => {
      expect(problemsOf(withPatch(c.patch))).to.deep.equal(c.problems);
    });
  }

  it("reports every problem at once, one line each", () => {
    // Prepare: five independent mistakes
    const raw = withPatch({
      managementAccountId: "1",
      regions: '["us-east-1","xx-east-1"]',
      enablementMode: "manual",
      scanTypes: '["LAMBDA_CODE"]',
      protectOrgResources: "maybe",
    });
    // Act
    const problems = problemsOf(raw);
    // Assess: one line per key, in key order
    expect(problems.map((p) => /^`([^`]+)`/.exec(p)?.[1])).to.deep.equal([
      "managementAccountId",
      "regions[1]",
      "enablementMode",
      "protectOrgResources",
      "scanTypes",
    ]);
  });

  it("has at least 25 rejected configurations in its table", () => {
    expect(BAD_CASES.length).to.be.at.least(25);
  });
});

/** Map-valued keys and lists of maps, which Pulumi.yaml cannot declare. */
const MAP_KEYS = [
  "tags",
  "cisScanConfigurations",
  "suppressionRules",
  "kpiSlaDays",
  "costPrices",
  "scanTypesByOu",
];

describe("Pulumi.yaml", () => {
  const project = parse(fs.readFileSync(path.join(__dirname, "../../Pulumi.yaml"), "utf8")) as {
    name: string;
    config: Record<string, { type: string; description: string; default?: unknown }>;
  };

  it("declares every configuration key but the map-valued ones, with a type and a description", () => {
    // Project config types are only string, boolean, integer and array: maps cannot be declared.
    expect(Object.keys(project.config).sort()).to.deep.equal(
      CONFIG_KEYS.filter((k) => !MAP_KEYS.includes(k)).sort(),
    );
    for (const [key, decl] of Object.entries(project.config)) {
      expect(decl.description, key).to.be.a("string").and.not.equal("");
      expect(["string", "boolean", "integer", "array"], key).to.include(decl.type);
    }
  });

  it("declares the same defaults as the code", () => {
    const declared = Object.fromEntries(
      Object.entries(project.config)
        .filter(([, d]) => d.default !== undefined)
        .map(([k, d]) => [k, d.default]),
    );
    const codeDefaults = Object.fromEntries(
      Object.entries(CONFIG_DEFAULTS).filter(([k]) => !MAP_KEYS.includes(k)),
    );
    expect(declared).to.deep.equal(codeDefaults);
  });
});

describe("validateConfig: values as the offline plan hands them (issue 13)", () => {
  const S = "[secret: not decrypted offline]";
  function configOf(raw: Record<string, string>): Record<string, unknown> {
    const result = validateConfig(raw);
    expect(result).to.have.property("config");
    return (result as unknown as { config: Record<string, unknown> }).config;
  }

  it("takes 12-digit numbers as account ids (what `pulumi config set --path` stores)", () => {
    const config = configOf(withPatch({ excludedAccountIds: "[333333333333]" }));
    expect(config.excludedAccountIds).to.deep.equal(["333333333333"]);
  });

  it("plans a secret list as empty and a secret optional string as the placeholder", () => {
    const config = configOf(
      withPatch({
        findingsNotificationHttpsEndpoints: S,
        remediationTicketWebhookUrl: S,
        remediationTicketSecretArn:
          "arn:aws:secretsmanager:us-east-1:222222222222:secret:ticket-token-AbCdEf",
      }),
    );
    expect([
      config.findingsNotificationHttpsEndpoints,
      config.remediationTicketWebhookUrl,
    ]).to.deep.equal([[], S]);
  });

  it("uses a secret key's default, and treats a nested secret as the whole key's", () => {
    const config = configOf(withPatch({ tags: `{"Owner":"${S}"}` }));
    expect(config.tags).to.deep.equal({ ManagedBy: "inspector-rollout" });
  });

  it("refuses a secret where the plan needs the value, naming the key", () => {
    expect(problemsOf(withPatch({ delegatedAdminAccountId: S }))).to.deep.equal([
      "`delegatedAdminAccountId` is a secret (secure:), which the offline plan cannot decrypt, and the plan needs its value; it is not sensitive; store it in plain text with `pulumi config set delegatedAdminAccountId <12-digit id>`",
    ]);
  });
});
