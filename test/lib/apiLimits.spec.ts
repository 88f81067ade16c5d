import { expect } from "chai";
import { checkApiInput } from "../helpers/apiLimits";

const FINDING =
  "arn:aws:inspector2:us-east-1:333333333333:finding/7ab969c3df6811656e3e5413ce3dfb66";

describe("checkApiInput (test/fixtures/aws-api-limits.json)", () => {
  const cases: {
    name: string;
    service: string;
    operation: string;
    input: unknown;
    problems: string[];
  }[] = [
    {
      name: "accepts a patch automation as triage starts it",
      service: "ssm",
      operation: "StartAutomationExecution",
      input: {
        DocumentName: "Inspector-PatchInstance",
        Parameters: { InstanceId: ["i-0a1b2c3d4e5f67890"], FindingArn: [FINDING] },
        ClientToken: "0f1e2d3c-4b5a-4697-a887-766554433221",
        Tags: [{ Key: "InspectorFinding", Value: FINDING }],
      },
      problems: [],
    },
    {
      name: "refuses 51 values in one Automation parameter (botocore AutomationParameterValueList)",
      service: "ssm",
      operation: "StartAutomationExecution",
      input: {
        DocumentName: "Inspector-PatchInstance",
        Parameters: { InstallPackages: Array.from({ length: 51 }, (_, i) => `p${i}`) },
      },
      problems: ["Parameters.InstallPackages: 51 items, at most 50 (AutomationParameterValueList)"],
    },
    {
      name: "refuses a role session over 64 characters and a missing RoleArn",
      service: "sts",
      operation: "AssumeRole",
      input: { RoleSessionName: "x".repeat(65) },
      problems: [
        "RoleArn: required (AssumeRoleRequest)",
        "RoleSessionName: 65 characters, at most 64 (roleSessionNameType)",
      ],
    },
    {
      name: "refuses an SBOM format Inspector does not offer (hand-written from the API reference)",
      service: "inspector2",
      operation: "CreateSbomExport",
      input: { reportFormat: "SPDX_3", s3Destination: { bucketName: "b", kmsKeyArn: "k" } },
      problems: ['reportFormat: "SPDX_3" is not one of CYCLONEDX_1_4, SPDX_2_3 (SbomReportFormat)'],
    },
    {
      name: "refuses a member that is not in the model",
      service: "sns",
      operation: "Publish",
      input: { Message: "m", Topic: "arn" },
      problems: ["Topic: not a member of PublishInput"],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(checkApiInput(c.service, c.operation, c.input)).to.deep.equal(c.problems);
    });
  }

  it("names the script to extend for an operation it has no limits for", () => {
    expect(() => checkApiInput("ssm", "SendCommand", {})).to.throw(
      "no API limits for ssm:SendCommand; add it to OPERATIONS in scripts/extractApiLimits.ts",
    );
  });
});
