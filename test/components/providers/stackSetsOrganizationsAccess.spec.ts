import { expect } from "chai";
import {
  InvalidOperationException,
  ActivateOrganizationsAccessCommand,
  CloudFormationClient,
  DescribeOrganizationsAccessCommand,
} from "@aws-sdk/client-cloudformation";
import { mockClient } from "aws-sdk-client-mock";
import { failureOf } from "../../helpers/failure";
import {
  createCloudFormationClient,
  createStackSetsAccessProvider,
} from "../../../components/providers/stackSetsOrganizationsAccess";

const client = new CloudFormationClient({ region: "us-east-1" });
const cfn = mockClient(client);
const clientRegions: string[] = [];
/** The waiter's back-off scaled down to milliseconds for the test. */
const TIMING = { maxWaitSeconds: 0.2, minDelaySeconds: 0.001, maxDelaySeconds: 0.002 };
const provider = createStackSetsAccessProvider((region) => {
  clientRegions.push(region);
  return client;
}, TIMING);
const INPUTS = { region: "eu-west-1" };

async function messageOf(run: () => Promise<unknown>): Promise<string> {
  return (await failureOf(run)).message;
}

describe("StackSetsOrganizationsAccess provider", () => {
  beforeEach(() => {
    cfn.reset();
    clientRegions.length = 0;
  });

  it("activates trusted access in the management account and waits until it is ENABLED", async () => {
    cfn
      .on(DescribeOrganizationsAccessCommand)
      .resolvesOnce({ Status: "DISABLED" })
      .resolvesOnce({ Status: "DISABLED" })
      .resolves({ Status: "ENABLED" });
    cfn.on(ActivateOrganizationsAccessCommand).resolves({});
    expect(await provider.create(INPUTS)).to.deep.equal({
      id: "cloudformation-stacksets-organizations-access",
      outs: { region: "eu-west-1", status: "ENABLED" },
    });
    expect(cfn.commandCalls(ActivateOrganizationsAccessCommand)).to.have.length(1);
    expect(
      cfn.commandCalls(DescribeOrganizationsAccessCommand).map((c) => c.args[0].input),
    ).to.deep.equal([{ CallAs: "SELF" }, { CallAs: "SELF" }, { CallAs: "SELF" }]);
    expect(clientRegions).to.deep.equal(["eu-west-1"]);
  });

  it("adopts trusted access that is active already, without activating again", async () => {
    cfn.on(DescribeOrganizationsAccessCommand).resolves({ Status: "ENABLED" });
    expect((await provider.create(INPUTS)).outs).to.deep.equal({
      region: "eu-west-1",
      status: "ENABLED",
    });
    expect(cfn.commandCalls(ActivateOrganizationsAccessCommand)).to.have.length(0);
  });

  it("stops with a clear error when the organization disabled it permanently", async () => {
    cfn.on(DescribeOrganizationsAccessCommand).resolves({ Status: "DISABLED_PERMANENTLY" });
    expect(await messageOf(() => provider.create(INPUTS))).to.equal(
      "CloudFormation StackSets trusted access with AWS Organizations cannot be activated in this organization (DescribeOrganizationsAccess: DISABLED_PERMANENTLY), and the member baseline is a service-managed StackSet; ask AWS Support to lift it",
    );
    expect(cfn.commandCalls(ActivateOrganizationsAccessCommand)).to.have.length(0);
  });

  it("fails with the status it last saw when activation does not complete in time", async () => {
    cfn.on(DescribeOrganizationsAccessCommand).resolves({ Status: "DISABLED" });
    cfn.on(ActivateOrganizationsAccessCommand).resolves({});
    expect(await messageOf(() => provider.create(INPUTS))).to.equal(
      "CloudFormation StackSets trusted access with AWS Organizations is still DISABLED after 0.2 s; check `aws cloudformation describe-organizations-access` and run `pulumi up` again once it shows ENABLED",
    );
  });

  it("passes on an AWS error of the activation", async () => {
    cfn.on(DescribeOrganizationsAccessCommand).resolves({ Status: "DISABLED" });
    cfn
      .on(ActivateOrganizationsAccessCommand)
      .rejects(
        new InvalidOperationException({ message: "not the management account", $metadata: {} }),
      );
    expect(await messageOf(() => provider.create(INPUTS))).to.equal("not the management account");
  });

  it("reads the status (drift shows as DISABLED), also on import", async () => {
    cfn.on(DescribeOrganizationsAccessCommand).resolves({ Status: "DISABLED" });
    expect(await provider.read!("id", undefined)).to.deep.equal({
      id: "id",
      props: { region: "us-east-1", status: "DISABLED" },
    });
  });

  it("never deactivates on delete: other StackSets of the organization need it", async () => {
    await provider.delete!("id", { region: "eu-west-1", status: "ENABLED" });
    expect(cfn.calls()).to.have.length(0);
  });

  it("builds its client in the Region of its inputs, without AWS_REGION", async () => {
    const saved = process.env.AWS_REGION;
    delete process.env.AWS_REGION;
    try {
      expect(await createCloudFormationClient("ap-southeast-2").config.region()).to.equal(
        "ap-southeast-2",
      );
    } finally {
      if (saved !== undefined) {
        process.env.AWS_REGION = saved;
      }
    }
  });
});
