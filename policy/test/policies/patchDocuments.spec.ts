/**
 * inspector-remediation-missing-patch-documents on Automation documents deployed through a
 * StackSet (issue 18, the policy group's survivors and uncovered lines in this rule): the member
 * baseline's template counts when it holds an AWS::SSM::Document of type Automation, not a Command
 * document nor a template the pack cannot read; and the rule's guards.
 */
import * as aws from "@pulumi/aws";
import { remediationMissingPatchDocuments as rule } from "../../policies/remediation/missingPatchDocuments";
import { compliantRollout, without } from "../fixtures";
import {
  type StackFixtureResource,
  checkStack,
  expectMessages,
  expectNoViolations,
  expectNotApplicable,
} from "../helpers";

const NO_DOCUMENT = [
  "No SSM Automation remediation document is deployed, so findings are never patched; turn remediation on (dry-run or enforce) for this stack (policy config requireRemediation).",
];

/** The compliant rollout with its documents only in a StackSet of this template body. */
function withBaseline(templateBody: string): StackFixtureResource[] {
  return [
    ...without(compliantRollout(), "patch"),
    {
      cls: aws.cloudformation.StackSet,
      name: "member-baseline",
      props: { permissionModel: "SERVICE_MANAGED", templateBody },
    },
  ];
}

function template(...documentTypes: string[]): string {
  const resources: Record<string, unknown> = {
    Role: { Type: "AWS::IAM::Role", Properties: { AssumeRolePolicyDocument: {} } },
  };
  documentTypes.forEach((documentType, i) => {
    resources[`Doc${i}`] = {
      Type: "AWS::SSM::Document",
      Properties: { DocumentType: documentType, Content: {} },
    };
  });
  return JSON.stringify({ Resources: resources });
}

describe("inspector-remediation-missing-patch-documents: documents in a StackSet", () => {
  it("counts an Automation document of a StackSet template beside other resources", async () => {
    expectNoViolations(await checkStack(rule, withBaseline(template("Command", "Automation"))));
  });

  it("does not count a template holding only a Command document", async () => {
    expectMessages(await checkStack(rule, withBaseline(template("Command"))), NO_DOCUMENT);
  });

  it("does not count a template it cannot read (YAML)", async () => {
    const yaml = [
      "Resources:",
      "  Doc:",
      "    Type: AWS::SSM::Document",
      "    Properties:",
      "      DocumentType: Automation",
    ].join("\n");
    expectMessages(await checkStack(rule, withBaseline(yaml)), NO_DOCUMENT);
  });

  it("does not apply to a stack without Inspector2 resources", async () => {
    expectNotApplicable(
      await checkStack(rule, [
        { cls: aws.ssm.Document, name: "patch", props: { documentType: "Automation" } },
      ]),
      "The stack has no Inspector2 resources.",
    );
  });
});
