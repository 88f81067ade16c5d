import { expect } from "chai";
import {
  BatchGetMemberEc2DeepInspectionStatusCommand,
  BatchUpdateMemberEc2DeepInspectionStatusCommand,
  GetEc2DeepInspectionConfigurationCommand,
  Inspector2Client,
  ThrottlingException,
  UpdateEc2DeepInspectionConfigurationCommand,
  UpdateOrgEc2DeepInspectionConfigurationCommand,
  ValidationException,
} from "@aws-sdk/client-inspector2";
import { mockClient } from "aws-sdk-client-mock";
import { failureOf } from "../../helpers/failure";
import {
  buildMemberBatches,
  createDeepInspectionProvider,
  type DeepInspectionInputs,
} from "../../../components/providers/inspectorDeepInspection";

const ROLE = "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole";
/** 250 members: three batches of 100, 100 and 50. */
const MEMBERS = Array.from({ length: 250 }, (_, i) => String(300000000000 + i));
const INPUTS: DeepInspectionInputs = {
  region: "us-east-1",
  roleArn: ROLE,
  orgPackagePaths: ["/opt/app/lib"],
  activateDeepInspection: true,
  memberAccountIds: MEMBERS,
};

const client = new Inspector2Client({ region: "us-east-1" });
const inspector = mockClient(client);
const provider = createDeepInspectionProvider(() => client);

function inputsOf(command: Parameters<typeof inspector.commandCalls>[0]): unknown[] {
  return inspector.commandCalls(command).map((c) => c.args[0].input as unknown);
}

describe("InspectorDeepInspection provider", () => {
  beforeEach(() => {
    inspector.reset();
    inspector.on(UpdateOrgEc2DeepInspectionConfigurationCommand).resolves({});
    inspector.on(UpdateEc2DeepInspectionConfigurationCommand).resolves({});
    inspector.on(BatchUpdateMemberEc2DeepInspectionStatusCommand).resolves({});
  });

  it("batches members by 100", () => {
    const batches = buildMemberBatches(MEMBERS, true);
    expect(batches.map((b) => b.accountIds.length)).to.deep.equal([100, 100, 50]);
    expect(batches[2].accountIds[49]).to.deep.equal({
      accountId: "300000000249",
      activateDeepInspection: true,
    });
  });

  it("creates: organization paths, the administrator, then the members in batches of 100", async () => {
    const result = await provider.create(INPUTS);
    expect(result).to.deep.equal({ id: "deep-inspection/us-east-1", outs: INPUTS });
    expect(inputsOf(UpdateOrgEc2DeepInspectionConfigurationCommand)).to.deep.equal([
      { orgPackagePaths: ["/opt/app/lib"] },
    ]);
    expect(inputsOf(UpdateEc2DeepInspectionConfigurationCommand)).to.deep.equal([
      { activateDeepInspection: true },
    ]);
    expect(inputsOf(BatchUpdateMemberEc2DeepInspectionStatusCommand)).to.deep.equal(
      buildMemberBatches(MEMBERS, true),
    );
  });

  it("fails when the batch reports members it could not update", async () => {
    inspector.on(BatchUpdateMemberEc2DeepInspectionStatusCommand).resolves({
      failedAccountIds: [{ accountId: "300000000007", errorMessage: "Account is not a member" }],
    });
    const error = await failureOf(() =>
      provider.create({ ...INPUTS, memberAccountIds: ["300000000007"] }),
    );
    expect(error.message).to.equal(
      "Inspector BatchUpdateMemberEc2DeepInspectionStatus in us-east-1 failed for 300000000007 (Account is not a member); check that these accounts are associated members, then run `pulumi up` again",
    );
  });

  it("reads: members whose status differs drop out, paths and activation come from the service", async () => {
    inspector.on(GetEc2DeepInspectionConfigurationCommand).resolves({
      orgPackagePaths: ["/opt/app/lib", "/srv/extra"],
      status: "ACTIVATED",
    });
    inspector
      .on(BatchGetMemberEc2DeepInspectionStatusCommand)
      .callsFake((input: { accountIds: string[] }) => ({
        accountIds: input.accountIds.map((accountId) => ({
          accountId,
          status: accountId === "300000000120" ? "DEACTIVATED" : "ACTIVATED",
        })),
      }));
    const result = await provider.read!("deep-inspection/us-east-1", INPUTS);
    expect(result.props).to.deep.equal({
      ...INPUTS,
      orgPackagePaths: ["/opt/app/lib", "/srv/extra"],
      memberAccountIds: MEMBERS.filter((m) => m !== "300000000120"),
    });
    expect(inputsOf(BatchGetMemberEc2DeepInspectionStatusCommand).length).to.equal(3);
  });

  it("diffs members as a set and the Region as a replacement", async () => {
    const reordered = await provider.diff!("id", INPUTS, {
      ...INPUTS,
      memberAccountIds: [...MEMBERS].reverse(),
    });
    const added = await provider.diff!("id", INPUTS, {
      ...INPUTS,
      memberAccountIds: [...MEMBERS, "399999999999"],
    });
    const region = await provider.diff!("id", INPUTS, { ...INPUTS, region: "eu-west-1" });
    expect([reordered, added, region]).to.deep.equal([
      { changes: false, replaces: [], deleteBeforeReplace: false },
      { changes: true, replaces: [], deleteBeforeReplace: false },
      { changes: true, replaces: ["region"], deleteBeforeReplace: false },
    ]);
  });

  it("updates only what changed: new members are activated, the others are left alone", async () => {
    const news = { ...INPUTS, memberAccountIds: [...MEMBERS, "399999999999"] };
    await provider.update!("id", INPUTS, news);
    expect(inputsOf(UpdateOrgEc2DeepInspectionConfigurationCommand)).to.deep.equal([]);
    expect(inputsOf(UpdateEc2DeepInspectionConfigurationCommand)).to.deep.equal([]);
    expect(inputsOf(BatchUpdateMemberEc2DeepInspectionStatusCommand)).to.deep.equal([
      { accountIds: [{ accountId: "399999999999", activateDeepInspection: true }] },
    ]);
  });

  it("updates every member and the administrator when activation flips", async () => {
    const news = { ...INPUTS, activateDeepInspection: false, orgPackagePaths: [] };
    await provider.update!("id", INPUTS, news);
    expect(inputsOf(UpdateOrgEc2DeepInspectionConfigurationCommand)).to.deep.equal([
      { orgPackagePaths: [] },
    ]);
    expect(inputsOf(UpdateEc2DeepInspectionConfigurationCommand)).to.deep.equal([
      { activateDeepInspection: false },
    ]);
    expect(inputsOf(BatchUpdateMemberEc2DeepInspectionStatusCommand)).to.deep.equal(
      buildMemberBatches(MEMBERS, false),
    );
  });

  it("deletes by clearing the organization paths; activation is already the default", async () => {
    await provider.delete!("id", INPUTS);
    expect(inputsOf(UpdateOrgEc2DeepInspectionConfigurationCommand)).to.deep.equal([
      { orgPackagePaths: [] },
    ]);
    expect(inputsOf(UpdateEc2DeepInspectionConfigurationCommand)).to.deep.equal([]);
    expect(inputsOf(BatchUpdateMemberEc2DeepInspectionStatusCommand)).to.deep.equal([]);
  });

  it("deletes a deactivated configuration by activating again (the service default)", async () => {
    await provider.delete!("id", { ...INPUTS, activateDeepInspection: false });
    expect(inputsOf(UpdateEc2DeepInspectionConfigurationCommand)).to.deep.equal([
      { activateDeepInspection: true },
    ]);
    expect(inputsOf(BatchUpdateMemberEc2DeepInspectionStatusCommand)).to.deep.equal(
      buildMemberBatches(MEMBERS, true),
    );
  });

  it("names the throttled call", async () => {
    inspector
      .on(BatchUpdateMemberEc2DeepInspectionStatusCommand)
      .rejects(new ThrottlingException({ message: "Rate exceeded", $metadata: {} }));
    const error = await failureOf(() => provider.create(INPUTS));
    expect(error.message).to.equal(
      "Inspector BatchUpdateMemberEc2DeepInspectionStatus in us-east-1 was still throttled after the SDK's adaptive retries; run `pulumi up` again later",
    );
  });

  it("reports a rejected path list with the service's reason", async () => {
    inspector.on(UpdateOrgEc2DeepInspectionConfigurationCommand).rejects(
      new ValidationException({
        message: "Too many paths",
        reason: "FIELD_VALIDATION_FAILED",
        $metadata: {},
      }),
    );
    const error = await failureOf(() => provider.create(INPUTS));
    expect(error.message).to.equal(
      "Inspector UpdateOrgEc2DeepInspectionConfiguration in us-east-1 rejected the request (FIELD_VALIDATION_FAILED): Too many paths; check the stack configuration of this setting",
    );
    expect(inputsOf(BatchUpdateMemberEc2DeepInspectionStatusCommand)).to.deep.equal([]);
  });
});
