/**
 * `npm run plan -- --program FILE` on application programs written with awsx, as a user runs it
 * (a child process): the TypeScript-native resources checked, awsx:ecr:Repository's children
 * checked from its inputs, and every multi-language component named as not seen into, in the
 * text summary and in `--json`, without changing the exit code.
 */
import { expect } from "chai";
import { COMMANDS, type CliResult, runCli } from "../helpers/cli";

const FAULTY_APP = "examples/faulty-app/index.ts";
const GATE_APP = "packages/inspector-gate/examples/app/index.ts";

const STACK = "urn:pulumi:dev::faulty-app::pulumi:pulumi:Stack";
const NOT_SEEN_HEADER =
  "Not seen into offline: 3 multi-language component(s); their provider plugin creates their children at deploy time, which only `pulumi preview --policy-pack` checks (not a violation; exit code unchanged)";
const FROM_APP_IMAGES =
  '(checked from the inputs of awsx:ecr:Repository "app-images": fix them there)';

describe("npm run plan -- --program, on awsx programs (a child process)", function () {
  this.timeout(240_000);
  let text: CliResult;
  let json: CliResult;
  let gate: CliResult;

  before(async () => {
    [text, json, gate] = await Promise.all([
      runCli(COMMANDS.plan, ["--program", FAULTY_APP]),
      runCli(COMMANDS.plan, ["--program", FAULTY_APP, "--json"]),
      runCli(COMMANDS.plan, ["--program", GATE_APP]),
    ]);
  });

  it("faulty-app: exit 1, the summary names each awsx component it could not see into and checks the repositories from their inputs", () => {
    expect([text.code, text.stderr]).to.deep.equal([1, ""]);
    expect(text.stdout.split("\n")).to.deep.equal([
      'Plan of program "faulty-app", stack "dev"',
      "",
      "Resources: 5",
      "  by type:",
      "    1  aws:iam/policy:Policy",
      "    1  aws:sqs/queue:Queue",
      "    1  awsx:ecr:Image",
      "    2  awsx:ecr:Repository",
      "  cloud resources by account role / Region:",
      "    2  default/global",
      "",
      NOT_SEEN_HEADER,
      `  awsx:ecr:Repository "app-images" ${STACK}$awsx:ecr:Repository::app-images`,
      "    creates: aws:ecr/repository:Repository, aws:ecr/lifecyclePolicy:LifecyclePolicy",
      "    checked offline from its inputs: aws:ecr/repository:Repository::app-images",
      `  awsx:ecr:Repository "base-images" ${STACK}$awsx:ecr:Repository::base-images`,
      "    creates: aws:ecr/repository:Repository, aws:ecr/lifecyclePolicy:LifecyclePolicy",
      "    checked offline from its inputs: aws:ecr/repository:Repository::base-images, aws:ecr/lifecyclePolicy:LifecyclePolicy::base-images",
      `  awsx:ecr:Image "base-image" ${STACK}$awsx:ecr:Image::base-image`,
      "    creates: docker-build:index:Image",
      "    checked offline: nothing (no rule reads its inputs)",
      "",
      "Warnings: 0",
      "",
      "Policy violations: 5 mandatory, 1 advisory",
      `  [mandatory] inspector-ecr-repository-enable-scan-on-push on aws:ecr/repository:Repository "app-images": ECR repository 'app-images' does not scan images on push; set imageScanningConfiguration.scanOnPush to true. ${FROM_APP_IMAGES}`,
      `  [mandatory] inspector-ecr-repository-enforce-immutable-tags on aws:ecr/repository:Repository "app-images": ECR repository 'app-images' has MUTABLE image tags, so a scanned tag can be moved to another image; set imageTagMutability to "IMMUTABLE" (policy config allowExclusions). ${FROM_APP_IMAGES}`,
      `  [mandatory] inspector-iam-policy-disallow-wildcard-action on aws:iam/policy:Policy "app-admin": IAM policy 'app-admin' statement #1 allows the wildcard action "*"; list the specific actions the principal needs (policy config allowedWildcardActions).`,
      `  [mandatory] inspector-iam-policy-disallow-wildcard-resource on aws:iam/policy:Policy "app-admin": IAM policy 'app-admin' statement #1 grants * on Resource "*"; these actions support resource-level permissions, so list the ARNs they need (policy config unscopableActions lists the exceptions).`,
      "  [mandatory] inspector-sqs-queue-enable-encryption on aws:sqs/queue:Queue \"jobs\": SQS queue 'jobs' is not encrypted at rest; set sqsManagedSseEnabled: true or kmsMasterKeyId.",
      `  [advisory] inspector-ecr-repository-missing-lifecycle-policy on aws:ecr/repository:Repository "app-images": ECR repository 'app-images' has no lifecycle policy, so every image it keeps is re-scanned and billed until deleted; add an aws.ecr.LifecyclePolicy for it that expires old images. ${FROM_APP_IMAGES}`,
      "",
    ]);
  });

  it("faulty-app --json: one document whose notSeenInto lists each component's type, URN, child types and the input views checked", () => {
    expect([json.code, json.stderr]).to.deep.equal([1, ""]);
    const doc = JSON.parse(json.stdout) as {
      notSeenInto: unknown;
      policyViolations: { policyName: string; resourceUrn?: string }[];
    };
    const repoView = (name: string) =>
      `${STACK}$awsx:ecr:Repository$aws:ecr/repository:Repository::${name}`;
    expect(doc.notSeenInto).to.deep.equal([
      {
        type: "awsx:ecr:Repository",
        name: "app-images",
        urn: `${STACK}$awsx:ecr:Repository::app-images`,
        children: ["aws:ecr/repository:Repository", "aws:ecr/lifecyclePolicy:LifecyclePolicy"],
        checkedFromInputs: [repoView("app-images")],
      },
      {
        type: "awsx:ecr:Repository",
        name: "base-images",
        urn: `${STACK}$awsx:ecr:Repository::base-images`,
        children: ["aws:ecr/repository:Repository", "aws:ecr/lifecyclePolicy:LifecyclePolicy"],
        checkedFromInputs: [
          repoView("base-images"),
          `${STACK}$awsx:ecr:Repository$aws:ecr/lifecyclePolicy:LifecyclePolicy::base-images`,
        ],
      },
      {
        type: "awsx:ecr:Image",
        name: "base-image",
        urn: `${STACK}$awsx:ecr:Image::base-image`,
        children: ["docker-build:index:Image"],
        checkedFromInputs: [],
      },
    ]);
    expect(
      doc.policyViolations
        .filter((v) => v.policyName.startsWith("inspector-ecr-"))
        .map((v) => `${v.policyName} ${v.resourceUrn}`),
    ).to.deep.equal([
      `inspector-ecr-repository-enable-scan-on-push ${repoView("app-images")}`,
      `inspector-ecr-repository-enforce-immutable-tags ${repoView("app-images")}`,
      `inspector-ecr-repository-missing-lifecycle-policy ${repoView("app-images")}`,
    ]);
  });

  it("the gate's example app (awsx repository with lifecycle rules, awsx image): exit 0 with the notice, which is not a violation", () => {
    const stack = "urn:pulumi:dev::payments-api::pulumi:pulumi:Stack";
    expect(gate.code).to.equal(0);
    // The runtime's own warnings: the components' outputs come from the plugin, absent offline.
    expect(gate.stderr.split("\n")).to.deep.equal([
      "warning: [runtime] Undefined value (imageUri) will not show as a stack output.",
      "warning: [runtime] Undefined value (repositoryUrl) will not show as a stack output.",
      "",
    ]);
    const lines = gate.stdout.split("\n");
    expect(lines.slice(lines.findIndex((l) => l.startsWith("Not seen into")))).to.deep.equal([
      "Not seen into offline: 2 multi-language component(s); their provider plugin creates their children at deploy time, which only `pulumi preview --policy-pack` checks (not a violation; exit code unchanged)",
      `  awsx:ecr:Repository "payments-api" ${stack}$awsx:ecr:Repository::payments-api`,
      "    creates: aws:ecr/repository:Repository, aws:ecr/lifecyclePolicy:LifecyclePolicy",
      "    checked offline from its inputs: aws:ecr/repository:Repository::payments-api, aws:ecr/lifecyclePolicy:LifecyclePolicy::payments-api",
      `  awsx:ecr:Image "payments-api" ${stack}$awsx:ecr:Image::payments-api`,
      "    creates: docker-build:index:Image",
      "    checked offline: nothing (no rule reads its inputs)",
      "",
      "Warnings: 0",
      "",
      "Policy violations: 0 mandatory, 0 advisory",
      "",
    ]);
  });
});
