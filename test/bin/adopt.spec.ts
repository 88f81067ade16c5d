import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../bin/adopt";
import type { ImportDocument } from "../../lib/adopt/importDocument";
import type { PlannedStack } from "../../lib/day0/plannedStack";
import { examplePlan, PLAN_TIMEOUT_MS } from "../helpers/day0Plans";

const ROOT = path.resolve(__dirname, "../..");
const EXAMPLE = path.join(ROOT, "examples/brownfield-state.json");

interface Run {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
  readonly written: Record<string, string>;
}

let dev: PlannedStack;

async function adopt(argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const written: Record<string, string> = {};
  const code = await main(
    argv,
    { out: (t) => out.push(t), err: (t) => err.push(t) },
    { dir: ROOT, plan: () => Promise.resolve(dev), write: (f, t) => (written[f] = t) },
  );
  return { code, out, err, written };
}

function stateWith(change: (s: Record<string, unknown>) => void): string {
  const state = JSON.parse(fs.readFileSync(EXAMPLE, "utf8")) as Record<string, unknown>;
  change(state);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "adopt-")), "state.json");
  fs.writeFileSync(file, JSON.stringify(state));
  return file;
}

describe("npm run adopt (bin/adopt.ts)", () => {
  before(async function () {
    this.timeout(PLAN_TIMEOUT_MS);
    dev = await examplePlan("dev");
  });

  it("turns the example brownfield state into an import document of the plan's own types and names", async () => {
    // Act
    const run = await adopt(["--stack", "dev", "--state", EXAMPLE, "--out", "import.json"]);
    // Assess
    expect([run.code, run.err]).to.deep.equal([0, []]);
    const doc = JSON.parse(run.written["import.json"]) as ImportDocument;
    const imported = doc.resources.filter((r) => r.component !== true);
    expect(imported.map((r) => [r.type, r.logicalName ?? r.name, r.id])).to.deep.equal([
      [
        "aws:organizations/awsServiceAccess:AwsServiceAccess",
        "inspector-org-access-inspector2",
        "inspector2.amazonaws.com",
      ],
      [
        "aws:inspector2/delegatedAdminAccount:DelegatedAdminAccount",
        "inspector-delegated-admin-us-east-1",
        "222222222222@us-east-1",
      ],
      [
        "aws:securityhub/account:Account",
        "inspector-securityhub-us-east-1",
        "222222222222@us-east-1",
      ],
      [
        "aws:inspector2/enabler:Enabler",
        "inspector-admin-us-east-1",
        "222222222222-EC2:ECR:LAMBDA@us-east-1",
      ],
      [
        "aws:securityhub/organizationAdminAccount:OrganizationAdminAccount",
        "inspector-securityhub-admin-us-east-1",
        "222222222222@us-east-1",
      ],
      [
        "aws:securityhub/organizationConfiguration:OrganizationConfiguration",
        "inspector-securityhub-org-us-east-1",
        "222222222222@us-east-1",
      ],
      [
        "aws:inspector2/enabler:Enabler",
        "inspector-members-us-east-1-000",
        "408018016814:659261393546:758861041068-EC2:ECR@us-east-1",
      ],
      [
        "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration",
        "inspector-scan-settings-us-east-1-ecr-registry",
        "222222222222@us-east-1",
      ],
      [
        "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration",
        "inspector-scan-settings-eu-west-1-ecr-registry",
        "222222222222@eu-west-1",
      ],
      [
        "aws:inspector2/filter:Filter",
        "inspector-scan-settings-us-east-1-suppress-sandbox-low-severity",
        "arn:aws:inspector2:us-east-1:222222222222:owner/222222222222/filter/7c1e0f5a2b9d4e61",
      ],
    ]);
    expect(doc.nameTable).to.deep.equal({
      management:
        "urn:pulumi:dev::inspector-rollout::pulumi:pulumi:Stack$pulumi:providers:aws::management",
      "delegated-admin":
        "urn:pulumi:dev::inspector-rollout::pulumi:pulumi:Stack$pulumi:providers:aws::delegated-admin",
    });
    expect(run.out[0].split("\n")[0]).to.equal(
      'Adopt for stack "dev": 10 existing resource(s) to import (written to import.json), 129 to create',
    );
  });

  it("gives every entry a type and name that the plan registers, with its planned parent and provider", async () => {
    const run = await adopt(["--stack", "dev", "--state", EXAMPLE, "--out", "import.json"]);
    const doc = JSON.parse(run.written["import.json"]) as ImportDocument;
    const byKey = new Map(doc.resources.map((r) => [r.name, r]));
    for (const entry of doc.resources) {
      const name = entry.logicalName ?? entry.name;
      const planned = dev.resources.filter((r) => r.type === entry.type && r.name === name);
      expect(planned, `${entry.type} ${name}`).to.have.length(1);
      const parent = entry.parent === undefined ? undefined : byKey.get(entry.parent);
      const plannedParent = dev.resources.find((r) => r.urn === planned[0].parent);
      expect(
        parent === undefined
          ? "pulumi:pulumi:Stack"
          : `${parent.type}::${parent.logicalName ?? parent.name}`,
      ).to.equal(
        plannedParent === undefined
          ? "pulumi:pulumi:Stack"
          : `${plannedParent.type}::${plannedParent.name}`,
      );
      if (entry.provider !== undefined) {
        expect(planned[0].provider?.startsWith(`${doc.nameTable[entry.provider]}::`)).to.equal(
          true,
        );
      }
      expect(entry.component === true).to.equal(!planned[0].custom);
    }
  });

  it("keeps a component and its same-named child apart with logicalName", async () => {
    const run = await adopt(["--stack", "dev", "--state", EXAMPLE, "--out", "import.json"]);
    const doc = JSON.parse(run.written["import.json"]) as ImportDocument;
    expect(
      doc.resources.filter((r) => (r.logicalName ?? r.name) === "inspector-admin-us-east-1"),
    ).to.deep.equal([
      {
        type: "inspector:index:AdminEnabler",
        name: "inspector-admin-us-east-1",
        component: true,
      },
      {
        type: "aws:inspector2/enabler:Enabler",
        name: "inspector-admin-us-east-1 (Enabler)",
        id: "222222222222-EC2:ECR:LAMBDA@us-east-1",
        logicalName: "inspector-admin-us-east-1",
        parent: "inspector-admin-us-east-1",
        provider: "delegated-admin",
      },
    ]);
  });

  it("lists the settings the first pulumi up changes", async () => {
    const run = await adopt(["--stack", "dev", "--state", EXAMPLE, "--out", "import.json"]);
    const lines = run.out[0].split("\n");
    expect(lines).to.include(
      "  inspector-org-config-us-east-1 (aws:inspector2/organizationConfiguration:OrganizationConfiguration): cannot be imported (no import in @pulumi/aws); created over the existing configuration, changing auto-enable: ec2 true -> false, ecr true -> false",
    );
    expect(lines).to.include(
      "  inspector-members-us-east-1-000 (aws:inspector2/enabler:Enabler): enables EC2, ECR, LAMBDA, LAMBDA_CODE for 1 more account(s): 874110358952",
    );
    expect(lines).to.include(
      "  inspector-scan-settings-eu-west-1-ecr-registry (aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration): scan type BASIC -> ENHANCED",
    );
  });

  it("names another account designated as delegated administrator as what will fail, and does not import it", async () => {
    const file = stateWith((s) => {
      const eu = (s.regions as Record<string, Record<string, unknown>>)["eu-west-1"];
      eu.inspectorDelegatedAdmins = [{ accountId: "965579748152", status: "ENABLED" }];
    });
    const run = await adopt(["--stack", "dev", "--state", file]);
    expect(run.code).to.equal(0);
    const doc = JSON.parse(run.out[0]) as ImportDocument;
    expect(
      doc.resources.some(
        (r) => r.id === "222222222222@eu-west-1" && r.type.includes("delegatedAdmin"),
      ),
    ).to.equal(false);
    expect(run.err[0].split("\n").slice(-3, -1)).to.deep.equal([
      "It will fail on (fix these first; npm run preflight gives the way out):",
      "  inspector-delegated-admin-eu-west-1 (aws:inspector2/delegatedAdminAccount:DelegatedAdminAccount): 965579748152 is Inspector's delegated administrator in eu-west-1; designating 222222222222 fails (npm run preflight names the way out)",
    ]);
  });

  const usageCases: { name: string; argv: () => string[]; first: string }[] = [
    {
      name: "--state with --capture",
      argv: () => ["--stack", "dev", "--state", EXAMPLE, "--capture"],
      first:
        "adopt: --capture reads the live organization and --state reads a file; give one of them",
    },
    {
      name: "a state file that is not JSON",
      argv: () => ["--stack", "dev", "--state", path.join(ROOT, "README.md")],
      first: `adopt: --state ${path.join(ROOT, "README.md")}: is not valid JSON`,
    },
    {
      name: "a state file with a bad filter ARN",
      argv: () => [
        "--stack",
        "dev",
        "--state",
        stateWith((s) => {
          (s.regions as Record<string, { filters: { arn: string }[] }>)[
            "us-east-1"
          ].filters[0].arn = "filter/1";
        }),
      ],
      first: "adopt: --state ",
    },
    {
      name: "a state file of another delegated administrator",
      argv: () => [
        "--stack",
        "dev",
        "--state",
        stateWith((s) => (s.delegatedAdminAccountId = "333333333333")),
      ],
      first: "adopt: --state ",
    },
  ];
  for (const c of usageCases) {
    it(`exits 2 for ${c.name}, writing nothing`, async () => {
      const run = await adopt(c.argv());
      expect([run.code, run.out, run.written, run.err[0].slice(0, c.first.length)]).to.deep.equal([
        2,
        [],
        {},
        c.first,
      ]);
    });
  }

  it("names the JSON path of a bad field in the state file", async () => {
    const file = stateWith((s) => {
      (s.regions as Record<string, { filters: { arn: string }[] }>)["us-east-1"].filters[0].arn =
        "filter/1";
    });
    const run = await adopt(["--stack", "dev", "--state", file]);
    expect(run.err[0]).to.equal(
      `adopt: --state ${file}: regions.us-east-1.filters.0.arn must be an Inspector filter ARN (arn:aws:inspector2:<region>:<account>:owner/<account>/filter/<id>)`,
    );
  });
});
