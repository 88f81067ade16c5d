import { expect } from "chai";
import {
  GetConfigurationCommand,
  Inspector2Client,
  ThrottlingException,
  UpdateConfigurationCommand,
  ValidationException,
} from "@aws-sdk/client-inspector2";
import { mockClient } from "aws-sdk-client-mock";
import {
  createScanConfigurationProvider,
  type ScanConfigurationInputs,
} from "../../../components/providers/inspectorScanConfiguration";

const ROLE = "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole";
const INPUTS: ScanConfigurationInputs = {
  region: "eu-west-1",
  roleArn: ROLE,
  ec2ScanMode: "EC2_HYBRID",
  ecrPushDateRescanDuration: "DAYS_30",
  ecrPullDateRescanDuration: "DAYS_7",
  ecrPullDateRescanMode: "LAST_PULL_DATE",
};

// One client instance, mocked: other spec files' clients are unaffected.
const client = new Inspector2Client({ region: "eu-west-1" });
const inspector = mockClient(client);
let factoryCalls: [string, string][] = [];
const provider = createScanConfigurationProvider((region, roleArn) => {
  factoryCalls.push([region, roleArn]);
  return client;
});

function updates(): unknown[] {
  return inspector.commandCalls(UpdateConfigurationCommand).map((c) => c.args[0].input);
}

describe("InspectorScanConfiguration provider", () => {
  beforeEach(() => {
    inspector.reset();
    factoryCalls = [];
  });

  it("creates by calling UpdateConfiguration in the resource's Region as the delegated admin role", async () => {
    inspector.on(UpdateConfigurationCommand).resolves({});
    const result = await provider.create(INPUTS);
    expect(result).to.deep.equal({ id: "scan-configuration/eu-west-1", outs: INPUTS });
    expect(factoryCalls).to.deep.equal([["eu-west-1", ROLE]]);
    expect(updates()).to.deep.equal([
      {
        ec2Configuration: { scanMode: "EC2_HYBRID" },
        ecrConfiguration: {
          rescanDuration: "DAYS_30",
          pullDateRescanDuration: "DAYS_7",
          pullDateRescanMode: "LAST_PULL_DATE",
        },
      },
    ]);
  });

  it("reads the settings back so that a console change shows as drift", async () => {
    inspector.on(GetConfigurationCommand).resolves({
      ec2Configuration: {
        scanModeState: { scanMode: "EC2_SSM_AGENT_BASED", scanModeStatus: "SUCCESS" },
      },
      ecrConfiguration: {
        rescanDurationState: {
          rescanDuration: "LIFETIME",
          pullDateRescanDuration: "DAYS_7",
          pullDateRescanMode: "LAST_PULL_DATE",
          status: "SUCCESS",
        },
      },
    });
    const result = await provider.read!("scan-configuration/eu-west-1", INPUTS);
    expect(result).to.deep.equal({
      id: "scan-configuration/eu-west-1",
      props: {
        ...INPUTS,
        ec2ScanMode: "EC2_SSM_AGENT_BASED",
        ecrPushDateRescanDuration: "LIFETIME",
      },
    });
  });

  it("keeps the recorded values the service does not report", async () => {
    inspector.on(GetConfigurationCommand).resolves({});
    const result = await provider.read!("scan-configuration/eu-west-1", INPUTS);
    expect(result.props).to.deep.equal(INPUTS);
  });

  it("refuses an import, which has no role to act as", async () => {
    let error: unknown;
    try {
      await provider.read!("scan-configuration/eu-west-1", undefined);
    } catch (err) {
      error = err;
    }
    expect((error as Error).message).to.equal(
      "import of scan-configuration/eu-west-1 is not supported: create the resource, it adopts the current settings",
    );
  });

  it("diffs: a setting changes in place, a Region change replaces", async () => {
    const same = await provider.diff!("id", INPUTS, INPUTS);
    const setting = await provider.diff!("id", INPUTS, {
      ...INPUTS,
      ec2ScanMode: "EC2_SSM_AGENT_BASED",
    });
    const region = await provider.diff!("id", INPUTS, { ...INPUTS, region: "us-east-1" });
    expect([same, setting, region]).to.deep.equal([
      { changes: false, replaces: [], deleteBeforeReplace: false },
      { changes: true, replaces: [], deleteBeforeReplace: false },
      { changes: true, replaces: ["region"], deleteBeforeReplace: false },
    ]);
  });

  it("updates by sending the new settings", async () => {
    inspector.on(UpdateConfigurationCommand).resolves({});
    const news = { ...INPUTS, ecrPushDateRescanDuration: "DAYS_180" };
    const result = await provider.update!("id", INPUTS, news);
    expect(result).to.deep.equal({ outs: news });
    expect(updates()).to.deep.equal([
      {
        ec2Configuration: { scanMode: "EC2_HYBRID" },
        ecrConfiguration: {
          rescanDuration: "DAYS_180",
          pullDateRescanDuration: "DAYS_7",
          pullDateRescanMode: "LAST_PULL_DATE",
        },
      },
    ]);
  });

  it("deletes by restoring the documented defaults (agent-based, 14 days, last in use)", async () => {
    inspector.on(UpdateConfigurationCommand).resolves({});
    await provider.delete!("id", INPUTS);
    expect(updates()).to.deep.equal([
      {
        ec2Configuration: { scanMode: "EC2_SSM_AGENT_BASED" },
        ecrConfiguration: {
          rescanDuration: "DAYS_14",
          pullDateRescanDuration: "DAYS_14",
          pullDateRescanMode: "LAST_IN_USE_AT",
        },
      },
    ]);
  });

  it("reports throttling that outlasted the SDK's retries as one line", async () => {
    inspector
      .on(UpdateConfigurationCommand)
      .rejects(new ThrottlingException({ message: "Rate exceeded", $metadata: {} }));
    let error: unknown;
    try {
      await provider.create(INPUTS);
    } catch (err) {
      error = err;
    }
    expect([(error as Error).name, (error as Error).message]).to.deep.equal([
      "InspectorSettingError",
      "Inspector UpdateConfiguration in eu-west-1 was still throttled after the SDK's adaptive retries; run `pulumi up` again later",
    ]);
  });

  it("reports the service's validation error with its reason", async () => {
    inspector.on(UpdateConfigurationCommand).rejects(
      new ValidationException({
        message: "Invalid rescan duration",
        reason: "FIELD_VALIDATION_FAILED",
        $metadata: {},
      }),
    );
    let error: unknown;
    try {
      await provider.update!("id", INPUTS, INPUTS);
    } catch (err) {
      error = err;
    }
    expect((error as Error).message).to.equal(
      "Inspector UpdateConfiguration in eu-west-1 rejected the request (FIELD_VALIDATION_FAILED): Invalid rescan duration; check the stack configuration of this setting",
    );
  });

  it("passes other errors through unchanged", async () => {
    const boom = new Error("socket hang up");
    inspector.on(UpdateConfigurationCommand).rejects(boom);
    let error: unknown;
    try {
      await provider.delete!("id", INPUTS);
    } catch (err) {
      error = err;
    }
    expect(error).to.equal(boom);
  });
});
