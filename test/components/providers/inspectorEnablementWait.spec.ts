import { expect } from "chai";
import {
  AccessDeniedException,
  BatchGetAccountStatusCommand,
  type BatchGetAccountStatusResponse,
  Inspector2Client,
  ListMembersCommand,
  type Status,
} from "@aws-sdk/client-inspector2";
import { mockClient } from "aws-sdk-client-mock";
import { failureOf } from "../../helpers/failure";
import {
  createEnablementWaitProvider,
  type EnablementWaitInputs,
  type EnablementWaitOutputs,
} from "../../../components/providers/inspectorEnablementWait";

const ADMIN = "222222222222";
const INPUTS: EnablementWaitInputs = {
  region: "eu-west-1",
  roleArn: "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole",
  delegatedAdminAccountId: ADMIN,
  scanTypes: ["EC2", "ECR", "LAMBDA_CODE"],
  memberAccountIds: ["333333333333", "444444444444"],
};
/** The waiter's back-off scaled down to milliseconds for the test. */
const FAST = { maxWaitSeconds: 0.2, minDelaySeconds: 0.001, maxDelaySeconds: 0.002 };

const client = new Inspector2Client({ region: "eu-west-1" });
const inspector = mockClient(client);
const asked: string[] = [];
const provider = createEnablementWaitProvider(
  (region, roleArn) => {
    asked.push(`${region} ${roleArn}`);
    return client;
  },
  { admin: FAST, members: FAST },
);

function adminStatus(account: Status, ec2: Status, lambdaCode: Status) {
  const state = (status: Status) => ({ status, errorCode: undefined, errorMessage: undefined });
  return {
    accounts: [
      {
        accountId: ADMIN,
        state: state(account),
        resourceState: { ec2: state(ec2), ecr: state("ENABLED"), lambdaCode: state(lambdaCode) },
      },
    ],
  } as BatchGetAccountStatusResponse;
}

function associated(...ids: string[]) {
  return {
    members: ids.map((accountId) => ({ accountId, relationshipStatus: "ENABLED" as const })),
  };
}

async function messageOf(run: () => Promise<unknown>): Promise<string> {
  return (await failureOf(run)).message;
}

describe("InspectorEnablementWait provider", () => {
  beforeEach(() => {
    inspector.reset();
    asked.length = 0;
  });

  it("waits until the policy has enabled every scan type for the administrator and associated the members", async () => {
    inspector
      .on(BatchGetAccountStatusCommand)
      .resolvesOnce(adminStatus("ENABLING", "ENABLING", "ENABLING"))
      .resolvesOnce(adminStatus("ENABLED", "ENABLED", "ENABLING"))
      .resolves(adminStatus("ENABLED", "ENABLED", "ENABLED"));
    inspector
      .on(ListMembersCommand)
      .resolvesOnce(associated("333333333333"))
      .resolves(associated("333333333333", "444444444444"));
    const result = await provider.create(INPUTS);
    expect(result).to.deep.equal({
      id: "enablement-wait/eu-west-1",
      outs: {
        ...INPUTS,
        pendingMemberAccountIds: [],
        message: "every member is associated in eu-west-1",
      },
    });
    expect(
      inspector.commandCalls(BatchGetAccountStatusCommand).map((c) => c.args[0].input),
    ).to.deep.equal([1, 2, 3].map(() => ({ accountIds: [ADMIN] })));
    expect(inspector.commandCalls(ListMembersCommand)).to.have.length(2);
    expect(new Set(asked)).to.deep.equal(new Set([`eu-west-1 ${INPUTS.roleArn}`]));
  });

  it("fails naming the state it saw when the administrator is not ENABLED in time", async () => {
    inspector
      .on(BatchGetAccountStatusCommand)
      .resolves(adminStatus("ENABLED", "ENABLED", "DISABLED"));
    expect(await messageOf(() => provider.create(INPUTS))).to.equal(
      "Inspector is not ENABLED for the delegated administrator 222222222222 in eu-west-1 after 0.2 s (account ENABLED, EC2 ENABLED, ECR ENABLED, LAMBDA_CODE DISABLED); check that the Inspector policy covers this account and Region (`aws inspector2 batch-get-account-status --account-ids 222222222222 --region eu-west-1`), then run `pulumi up` again",
    );
    expect(inspector.commandCalls(ListMembersCommand)).to.have.length(0);
  });

  it("reports members still not associated as pending, with a message, instead of failing", async () => {
    inspector
      .on(BatchGetAccountStatusCommand)
      .resolves(adminStatus("ENABLED", "ENABLED", "ENABLED"));
    inspector.on(ListMembersCommand).resolves(associated("333333333333"));
    const { outs } = (await provider.create(INPUTS)) as { outs: EnablementWaitOutputs };
    expect([outs.pendingMemberAccountIds, outs.message]).to.deep.equal([
      ["444444444444"],
      "1 member(s) not yet associated with the delegated administrator in eu-west-1 (444444444444): the organization policy associates them in the background; their deep inspection is set at the next `pulumi up`",
    ]);
  });

  it("re-checks at the next run while members are pending, and not once all are associated", async () => {
    const pending = { ...INPUTS, pendingMemberAccountIds: ["444444444444"], message: "" };
    const done = { ...INPUTS, pendingMemberAccountIds: [], message: "" };
    expect(await provider.diff!("id", pending, INPUTS)).to.deep.equal({
      changes: true,
      replaces: [],
    });
    expect(await provider.diff!("id", done, INPUTS)).to.deep.equal({
      changes: false,
      replaces: [],
    });
    expect(
      await provider.diff!("id", done, { ...INPUTS, memberAccountIds: ["555555555555"] }),
    ).to.deep.equal({ changes: true, replaces: [] });
  });

  it("names the call that was denied", async () => {
    inspector
      .on(BatchGetAccountStatusCommand)
      .rejects(new AccessDeniedException({ message: "not authorized", $metadata: {} }));
    expect(await messageOf(() => provider.create(INPUTS))).to.equal(
      "Inspector BatchGetAccountStatus in eu-west-1 was denied: not authorized; the delegated administrator role needs inspector2 permissions and the account must be the Inspector delegated administrator",
    );
  });
});
