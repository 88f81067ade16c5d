import { expect } from "chai";
import {
  accountWide,
  buildMemberBaselineTemplate,
  buildRegistryScanningRules,
  defaultHostManagementPiece,
  registryScanningPiece,
} from "../../components/memberBaselineTemplate";

const SETTING_ARN = {
  "Fn::Sub":
    "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:servicesetting/ssm/managed-instance/default-ec2-instance-management-role",
};

/** The whole expected template for DHMC plus one continuous-scan rule. */
const EXPECTED = {
  AWSTemplateFormatVersion: "2010-09-09",
  Description:
    "inspector-rollout member baseline: SSM Default Host Management Configuration; ECR enhanced scanning rules",
  Conditions: {
    IsNotDelegatedAdministrator: {
      "Fn::Not": [{ "Fn::Equals": [{ Ref: "AWS::AccountId" }, "222222222222"] }],
    },
  },
  Resources: {
    DefaultHostManagementRole: {
      Type: "AWS::IAM::Role",
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
      Properties: {
        Description: "SSM Default Host Management Configuration role (inspector-rollout)",
        Path: "/service-role/",
        AssumeRolePolicyDocument: {
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Service: "ssm.amazonaws.com" },
              Action: "sts:AssumeRole",
            },
          ],
        },
        ManagedPolicyArns: [
          {
            "Fn::Sub":
              "arn:${AWS::Partition}:iam::aws:policy/AmazonSSMManagedEC2InstanceDefaultPolicy",
          },
        ],
      },
    },
    DefaultHostManagementAutomationRole: {
      Type: "AWS::IAM::Role",
      Properties: {
        Description: "Runs the runbook that sets the SSM Default Host Management role",
        AssumeRolePolicyDocument: {
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Service: "ssm.amazonaws.com" },
              Action: "sts:AssumeRole",
              Condition: { StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } } },
            },
          ],
        },
        Policies: [
          {
            PolicyName: "SetDefaultHostManagementRole",
            PolicyDocument: {
              Version: "2012-10-17",
              Statement: [
                {
                  Sid: "UpdateDhmcSetting",
                  Effect: "Allow",
                  Action: ["ssm:GetServiceSetting", "ssm:UpdateServiceSetting"],
                  Resource: SETTING_ARN,
                },
                {
                  Sid: "PassDhmcRoleToSsm",
                  Effect: "Allow",
                  Action: "iam:PassRole",
                  Resource: { "Fn::GetAtt": ["DefaultHostManagementRole", "Arn"] },
                  Condition: { StringEquals: { "iam:PassedToService": "ssm.amazonaws.com" } },
                },
              ],
            },
          },
        ],
      },
    },
    DefaultHostManagementRunbook: {
      Type: "AWS::SSM::Document",
      Properties: {
        DocumentType: "Automation",
        Content: {
          schemaVersion: "0.3",
          description: "Sets the SSM Default Host Management role (inspector-rollout).",
          assumeRole: "{{ AutomationAssumeRole }}",
          parameters: { AutomationAssumeRole: { type: "String" }, RoleName: { type: "String" } },
          mainSteps: [
            {
              name: "updateServiceSetting",
              action: "aws:executeAwsApi",
              onFailure: "Abort",
              inputs: {
                Service: "ssm",
                Api: "UpdateServiceSetting",
                SettingId: SETTING_ARN,
                SettingValue: "{{ RoleName }}",
              },
            },
            {
              name: "verifyServiceSetting",
              action: "aws:assertAwsResourceProperty",
              isEnd: true,
              inputs: {
                Service: "ssm",
                Api: "GetServiceSetting",
                SettingId: SETTING_ARN,
                PropertySelector: "$.ServiceSetting.SettingValue",
                DesiredValues: ["{{ RoleName }}"],
              },
            },
          ],
        },
      },
    },
    DefaultHostManagementAssociation: {
      Type: "AWS::SSM::Association",
      Properties: {
        Name: { Ref: "DefaultHostManagementRunbook" },
        ScheduleExpression: "rate(1 day)",
        Parameters: {
          AutomationAssumeRole: [{ "Fn::GetAtt": ["DefaultHostManagementAutomationRole", "Arn"] }],
          RoleName: [{ "Fn::Sub": "service-role/${DefaultHostManagementRole}" }],
        },
      },
    },
    RegistryScanningConfiguration: {
      Type: "AWS::ECR::RegistryScanningConfiguration",
      Condition: "IsNotDelegatedAdministrator",
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
      Properties: {
        ScanType: "ENHANCED",
        Rules: [
          {
            ScanFrequency: "CONTINUOUS_SCAN",
            RepositoryFilters: [{ Filter: "*", FilterType: "WILDCARD" }],
          },
        ],
      },
    },
  },
  Outputs: {
    DefaultHostManagementRoleArn: {
      Description: "The SSM Default Host Management role",
      Value: { "Fn::GetAtt": ["DefaultHostManagementRole", "Arn"] },
    },
  },
};

describe("buildMemberBaselineTemplate", () => {
  it("builds the exact template for DHMC and the member's ECR rules", () => {
    const template = buildMemberBaselineTemplate([
      defaultHostManagementPiece(),
      registryScanningPiece(buildRegistryScanningRules([], ["*"]), "222222222222"),
    ]);
    expect(JSON.parse(JSON.stringify(template))).to.deep.equal(EXPECTED);
  });

  it("takes further pieces from later capabilities", () => {
    const template = buildMemberBaselineTemplate([
      registryScanningPiece(buildRegistryScanningRules(["*"], []), "222222222222"),
      {
        purpose: "remediation execution role",
        resources: { RemediationRole: { Type: "AWS::IAM::Role", Properties: { Path: "/" } } },
      },
    ]);
    expect([template.Description, Object.keys(template.Resources), template.Outputs]).to.deep.equal(
      [
        "inspector-rollout member baseline: ECR enhanced scanning rules; remediation execution role",
        ["RegistryScanningConfiguration", "RemediationRole"],
        undefined,
      ],
    );
  });

  it("rejects two pieces with the same logical id", () => {
    expect(() =>
      buildMemberBaselineTemplate([defaultHostManagementPiece(), defaultHostManagementPiece()]),
    ).to.throw(
      'logical id DefaultHostManagementRole of "SSM Default Host Management Configuration" is already used by another piece',
    );
  });

  it("creates account-wide resources only in the account-wide Region's stack", () => {
    const template = buildMemberBaselineTemplate(
      [
        {
          purpose: "a named role",
          resources: {
            Role: accountWide({ Type: "AWS::IAM::Role", Properties: { RoleName: "fixed" } }),
          },
        },
      ],
      { accountWideRegion: "eu-west-1" },
    );
    expect([template.Conditions, template.Resources.Role.Condition]).to.deep.equal([
      { IsAccountWideRegion: { "Fn::Equals": [{ Ref: "AWS::Region" }, "eu-west-1"] } },
      "IsAccountWideRegion",
    ]);
  });

  it("rejects account-wide resources without an account-wide Region", () => {
    expect(() =>
      buildMemberBaselineTemplate([
        {
          purpose: "a named role",
          resources: { Role: accountWide({ Type: "AWS::IAM::Role", Properties: {} }) },
        },
      ]),
    ).to.throw(
      "a piece has account-wide resources (condition IsAccountWideRegion) but no accountWideRegion was given",
    );
  });

  it("rejects an empty baseline", () => {
    expect(() => buildMemberBaselineTemplate([])).to.throw(
      "the member baseline has no piece; a template needs a resource",
    );
  });
});

describe("buildRegistryScanningRules", () => {
  it("makes one rule per frequency with filters, scan-on-push first", () => {
    expect(buildRegistryScanningRules(["team-a/*", "b"], ["*"])).to.deep.equal([
      {
        scanFrequency: "SCAN_ON_PUSH",
        repositoryFilters: [
          { filter: "team-a/*", filterType: "WILDCARD" },
          { filter: "b", filterType: "WILDCARD" },
        ],
      },
      {
        scanFrequency: "CONTINUOUS_SCAN",
        repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }],
      },
    ]);
  });
});
