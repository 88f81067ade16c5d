import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../bin/plan";
import { monitor, TEST_PROJECT } from "../helpers/runtime";

const ROOT = path.resolve(__dirname, "../..");
const PROGRAM = path.join(ROOT, "index.ts");

interface Run {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

async function plan(argv: string[], dir = ROOT): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    argv,
    { out: (t) => out.push(t), err: (t) => err.push(t) },
    {
      dir,
      programFile: PROGRAM,
      monitor,
    },
  );
  return { code, out, err };
}

/** A project directory holding Pulumi.yaml and one stack file with the given YAML. */
function projectWithStack(stack: string, yaml: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
  fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  fs.copyFileSync(path.join(ROOT, "examples/org-inventory.json"), path.join(dir, "org.json"));
  fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), yaml);
  return dir;
}

describe("npm run plan (bin/plan.ts)", () => {
  after(() => monitor.install(TEST_PROJECT, "test"));

  it("plans the dev stack by default and exits 0 with a summary", async () => {
    const run = await plan([]);
    expect([run.code, run.err]).to.deep.equal([0, []]);
    expect(run.out[0].split("\n")[0]).to.equal(
      'Plan of stack "dev" (delegated-admin mode), delegated administrator 222222222222, home Region us-east-1',
    );
    expect(run.out[0]).to.include("Accounts: 4 covered, 2 skipped");
    // Pulumi.dev.yaml sets no costMonthlyBudget: no budget, and the summary says so.
    expect(run.out[0].split("\n")).to.include(
      "  budget: none (set costMonthlyBudget for an AWS Budgets alert on Amazon Inspector)",
    );
    expect(run.out[0]).to.not.include("aws:budgets/budget:Budget");
  });

  it("prints one JSON document with --json: stack, resources (type, name, inputs), violations, summary", async () => {
    const run = await plan(["--stack", "prod", "--json"]);
    expect(run.code).to.equal(0);
    expect(run.out).to.have.length(1);
    const doc = JSON.parse(run.out[0]) as {
      stack: string;
      resources: { type: string; name: string; inputs: Record<string, unknown> }[];
      policyViolations: unknown[];
      summary: {
        resourceCount: number;
        byType: Record<string, number>;
        accountsCovered: number;
        costMonthlyBudget: number | null;
        costEstimate: { monthlyTotal: number; byScanType: Record<string, number> };
      };
    };
    expect(doc.stack).to.equal("prod");
    expect(
      doc.resources.every(
        (r) =>
          Object.keys(r).join() === "type,name,inputs,urn,parent,dependsOn,provider,options" ||
          // Components and providers have no provider of their own.
          Object.keys(r).join() === "type,name,inputs,urn,parent,dependsOn,options",
      ),
    ).to.equal(true);
    expect(doc.summary.resourceCount).to.equal(doc.resources.length);
    expect(
      doc.summary.byType["aws:inspector2/delegatedAdminAccount:DelegatedAdminAccount"],
    ).to.equal(6);
    expect(doc.summary.accountsCovered).to.equal(34);
    // Pulumi.prod.yaml's costMonthlyBudget: 2500, one budget in the management account.
    expect(doc.summary.costMonthlyBudget).to.equal(2500);
    expect(doc.summary.byType["aws:budgets/budget:Budget"]).to.equal(1);
    // The KPI dashboard draws the plan's estimate less CIS (not in ListUsageTotals).
    const dashboard = doc.resources.find((r) => r.type === "aws:cloudwatch/dashboard:Dashboard");
    const widgets = (
      JSON.parse(dashboard?.inputs.dashboardBody as string) as {
        widgets: { properties: { annotations?: { horizontal: { value: number }[] } } }[];
      }
    ).widgets;
    const planned = widgets.flatMap((w) => w.properties.annotations?.horizontal ?? []);
    const { monthlyTotal, byScanType } = doc.summary.costEstimate;
    expect(planned.map((a) => a.value)).to.deep.equal([
      Math.round((monthlyTotal - byScanType.CIS) * 100) / 100,
    ]);
    expect(planned[0].value).to.be.greaterThan(0);
    const policyType = doc.resources.find(
      (r) => r.type === "pulumi-nodejs:dynamic/inspector:OrganizationsPolicyType",
    );
    expect(policyType?.inputs.__provider).to.equal("<serialized dynamic provider>");
    // The graph a reviewer reads: the policy attachment waits for the policy (an Output it
    // reads) and for the policy type (the component's dependsOn), by URN.
    const find = (type: string, name: string) => {
      const found = doc.resources.find((r) => r.type === type && r.name === name);
      expect(found, `${type} ${name}`).to.not.equal(undefined);
      return found as unknown as {
        urn: string;
        parent: string;
        dependsOn: string[];
        provider: string;
        options: Record<string, unknown>;
      };
    };
    const attachment = find(
      "aws:organizations/policyAttachment:PolicyAttachment",
      "inspector-org-policy-r-a1b2",
    );
    expect(attachment.urn).to.equal(
      "urn:pulumi:prod::inspector-rollout::inspector:index:OrganizationPolicy$aws:organizations/policyAttachment:PolicyAttachment::inspector-org-policy-r-a1b2",
    );
    expect(attachment.parent).to.equal(
      find("inspector:index:OrganizationPolicy", "inspector-org-policy").urn,
    );
    expect(attachment.dependsOn).to.include.members([
      find("aws:organizations/policy:Policy", "inspector-org-policy").urn,
      find(
        "pulumi-nodejs:dynamic/inspector:OrganizationsPolicyType",
        "inspector-org-access-policy-type",
      ).urn,
    ]);
    expect(attachment.provider.split("::").slice(0, -1).join("::")).to.equal(
      find("pulumi:providers:aws", "management").urn,
    );
    expect(attachment.options).to.deep.equal({
      protect: true,
      retainOnDelete: true,
      aliases: [],
      ignoreChanges: [],
    });
  });

  it("exits 2 with the usage for an unknown flag", async () => {
    const run = await plan(["--bogus"]);
    expect([run.code, run.out, run.err]).to.deep.equal([
      2,
      [],
      [
        "plan: Unknown option '--bogus'",
        "usage: npm run plan -- [--stack NAME] [--inventory FILE | --live-inventory] [--policy-config FILE] [--program FILE] [--timeout SECONDS] [--json]",
      ],
    ]);
  });

  it("exits 2 naming the missing stack file and the stacks that exist", async () => {
    const run = await plan(["--stack", "nope"]);
    expect([run.code, run.err]).to.deep.equal([
      2,
      [`plan: --stack: no Pulumi.nope.yaml in ${ROOT}; stacks here: dev, prod`],
    ]);
  });

  // --timeout: whole seconds from 1 to 3600. A value within passes the flag checks and the run
  // goes on to the (missing) stack file; one outside stops at the flag.
  for (const [seconds, ok] of [
    ["0", false],
    ["1", true],
    ["3599", true],
    ["3600", true],
    ["3601", false],
  ] as const) {
    it(`${ok ? "accepts" : "refuses"} --timeout ${seconds}`, async () => {
      const run = await plan(["--stack", "nope", "--timeout", seconds]);
      expect([run.code, run.err[0]]).to.deep.equal([
        2,
        ok
          ? `plan: --stack: no Pulumi.nope.yaml in ${ROOT}; stacks here: dev, prod`
          : `plan: --timeout ("${seconds}") must be a whole number of seconds from 1 to 3600 (default 300)`,
      ]);
    });
  }

  it("exits 2 with one line per bad key, and registers nothing but the stack", async () => {
    const dir = projectWithStack(
      "bad",
      [
        "config:",
        '  inspector-rollout:managementAccountId: "123"',
        '  inspector-rollout:delegatedAdminAccountId: "222222222222"',
        "  inspector-rollout:homeRegion: us-east-1",
        "  inspector-rollout:regions: [us-east-1, moon-1]",
        "  inspector-rollout:enablementMode: manual",
        "  inspector-rollout:inventoryFile: org.json",
      ].join("\n"),
    );
    const run = await plan(["--stack", "bad"], dir);
    expect(run.code).to.equal(2);
    expect(run.err.map((l) => /^plan: `([^`]+)`/.exec(l)?.[1])).to.deep.equal([
      "managementAccountId",
      "regions[1]",
      "enablementMode",
    ]);
    expect(monitor.registrations.filter((r) => r.type !== "pulumi:pulumi:Stack")).to.deep.equal([]);
  });

  it("exits 2 when the inventory given with --inventory cannot be read", async () => {
    const run = await plan(["--inventory", "/nonexistent/org.json"]);
    expect(run.code).to.equal(2);
    expect(run.err).to.have.length(1);
    expect(run.err[0]).to.match(/^plan: .*\/nonexistent\/org\.json/);
  });

  it("exits 2 naming the key when the delegated admin is not in the organization", async () => {
    const dir = projectWithStack(
      "ghost",
      [
        "config:",
        '  inspector-rollout:managementAccountId: "111111111111"',
        '  inspector-rollout:delegatedAdminAccountId: "999999999999"',
        "  inspector-rollout:homeRegion: us-east-1",
        "  inspector-rollout:regions: [us-east-1]",
        "  inspector-rollout:inventoryFile: org.json",
      ].join("\n"),
    );
    const run = await plan(["--stack", "ghost"], dir);
    expect(run.code).to.equal(2);
    expect(run.err.join("\n")).to.match(/delegatedAdminAccountId/);
  });
});

describe("npm run plan with the policy pack", () => {
  after(() => monitor.install(TEST_PROJECT, "test"));

  it("exits 1 and names policy, resource and fix when a mandatory policy is violated", async () => {
    // Prepare: the dev stack with no policy config runs every policy at the pack's level,
    // mandatory; dev's OU-scoped rollout turns auto-enable off, which one policy forbids.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-policy-"));
    const config = path.join(dir, "strict.json");
    fs.writeFileSync(config, "{}");
    // Act
    const run = await plan(["--policy-config", config, "--json"]);
    // Assess
    expect(run.code).to.equal(1);
    const doc = JSON.parse(run.out[0]) as {
      policyViolations: {
        policyName: string;
        enforcementLevel: string;
        resourceName?: string;
        message: string;
      }[];
    };
    const autoEnable = doc.policyViolations.filter(
      (v) => v.policyName === "inspector-organization-configuration-missing-auto-enable",
    );
    expect(autoEnable).to.have.length(8);
    expect(autoEnable[0]).to.deep.include({
      enforcementLevel: "mandatory",
      resourceName: "inspector-org-config-us-east-1",
      message:
        "OrganizationConfiguration 'inspector-org-config-us-east-1' does not auto-enable EC2 scanning for new accounts in us-east-1; set autoEnable.ec2 to true.",
    });
  });

  it("exits 1 when prod switches patching off: the pack checks the triage function's patch mode", async () => {
    // Prepare: prod as shipped, but remediationPatchMode off (containment still deploys the
    // Automation documents, so a check of the documents alone would pass).
    const prod = fs.readFileSync(path.join(ROOT, "Pulumi.prod.yaml"), "utf8");
    const patchOff = prod
      .replace(
        "inspector-rollout:remediationPatchMode: enforce",
        "inspector-rollout:remediationPatchMode: off",
      )
      .replace(/inspector-rollout:inventoryFile: .*/, "inspector-rollout:inventoryFile: org.json");
    expect(patchOff).to.include("remediationPatchMode: off");
    const dir = projectWithStack("prod", patchOff);
    // Act
    const run = await plan(
      ["--stack", "prod", "--json", "--policy-config", path.join(ROOT, "policy/config/prod.json")],
      dir,
    );
    // Assess
    expect(run.code).to.equal(1);
    const doc = JSON.parse(run.out[0]) as {
      policyViolations: { policyName: string; enforcementLevel: string; message: string }[];
    };
    expect(
      doc.policyViolations.filter(
        (v) => v.policyName === "inspector-remediation-missing-patch-documents",
      ),
    ).to.deep.equal([
      {
        policyName: "inspector-remediation-missing-patch-documents",
        enforcementLevel: "mandatory",
        message:
          "Function 'remediation-triage' runs with patchMode \"off\" (REMEDIATION_SETTINGS), so findings are never patched although the Automation documents are deployed; set remediationPatchMode to dry-run or enforce (`pulumi config set remediationPatchMode enforce`), or set requireRemediation to false in the policy config.",
      },
    ]);
  });

  it("exits 2 naming the policy when the policy config is invalid", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-policy-"));
    const config = path.join(dir, "bad.json");
    fs.writeFileSync(config, JSON.stringify({ "inspector-no-such-policy": "advisory" }));
    const run = await plan(["--policy-config", config]);
    expect(run.code).to.equal(2);
    expect(run.err).to.have.length(1);
    expect(run.err[0]).to.match(/^plan: --policy-config: .*inspector-no-such-policy/);
  });
});

describe("npm run plan -- --program (another team's program)", () => {
  after(() => monitor.install(TEST_PROJECT, "test"));

  it("runs the faulty example app and reports exactly its five mandatory violations and one advisory (exit 1)", async () => {
    const run = await plan([
      "--program",
      path.join(ROOT, "examples/faulty-app/index.ts"),
      "--json",
    ]);
    expect(run.code).to.equal(1);
    const doc = JSON.parse(run.out[0]) as {
      stack: string;
      resources: { type: string; name: string }[];
      policyViolations: { policyName: string; enforcementLevel: string; resourceName?: string }[];
    };
    // The awsx components are registered alone (their plugin creates the children); the ECR
    // rules run over their children rebuilt from their inputs (test/bin/planProgram.spec.ts).
    expect(doc.resources.map((r) => `${r.type} ${r.name}`).sort()).to.deep.equal([
      "aws:iam/policy:Policy app-admin",
      "aws:sqs/queue:Queue jobs",
      "awsx:ecr:Image base-image",
      "awsx:ecr:Repository app-images",
      "awsx:ecr:Repository base-images",
    ]);
    expect(
      doc.policyViolations
        .map((v) => `${v.enforcementLevel} ${v.policyName} ${v.resourceName ?? ""}`)
        .sort(),
    ).to.deep.equal([
      "advisory inspector-ecr-repository-missing-lifecycle-policy app-images",
      "mandatory inspector-ecr-repository-enable-scan-on-push app-images",
      "mandatory inspector-ecr-repository-enforce-immutable-tags app-images",
      "mandatory inspector-iam-policy-disallow-wildcard-action app-admin",
      "mandatory inspector-iam-policy-disallow-wildcard-resource app-admin",
      "mandatory inspector-sqs-queue-enable-encryption jobs",
    ]);
  });

  it("exits 2 when the program has no Pulumi project above it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "no-project-"));
    const file = path.join(dir, "index.ts");
    fs.writeFileSync(file, "export {};\n");
    const run = await plan(["--program", file]);
    expect([run.code, run.err]).to.deep.equal([
      2,
      [`plan: --program: no Pulumi.yaml in ${dir} or above`],
    ]);
  });
});
