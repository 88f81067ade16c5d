import { expect } from "chai";
import {
  AccessDeniedException,
  DisablePolicyTypeCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  OrganizationsClient,
  PolicyTypeAlreadyEnabledException,
  PolicyTypeNotEnabledException,
} from "@aws-sdk/client-organizations";
import { mockClient } from "aws-sdk-client-mock";
import { createPolicyTypeProvider } from "../../../components/providers/organizationsPolicyType";

const client = new OrganizationsClient({ region: "us-east-1" });
const orgs = mockClient(client);
const provider = createPolicyTypeProvider(() => client);
const INPUTS = { rootId: "r-a1b2", policyType: "INSPECTOR_POLICY" };
const META = { $metadata: {} };

describe("OrganizationsPolicyType provider", () => {
  beforeEach(() => orgs.reset());

  it("enables the policy type on the root", async () => {
    orgs.on(EnablePolicyTypeCommand).resolves({});
    const result = await provider.create(INPUTS);
    expect(result).to.deep.equal({
      id: "r-a1b2/INSPECTOR_POLICY",
      outs: { ...INPUTS, status: "ENABLED" },
    });
    expect(orgs.commandCalls(EnablePolicyTypeCommand).map((c) => c.args[0].input)).to.deep.equal([
      { RootId: "r-a1b2", PolicyType: "INSPECTOR_POLICY" },
    ]);
  });

  it("adopts a policy type that is enabled already", async () => {
    orgs
      .on(EnablePolicyTypeCommand)
      .rejects(new PolicyTypeAlreadyEnabledException({ message: "enabled", ...META }));
    expect((await provider.create(INPUTS)).id).to.equal("r-a1b2/INSPECTOR_POLICY");
  });

  it("fails on any other error, such as missing permissions", async () => {
    orgs
      .on(EnablePolicyTypeCommand)
      .rejects(new AccessDeniedException({ message: "denied", ...META }));
    let caught: unknown;
    try {
      await provider.create(INPUTS);
    } catch (err) {
      caught = err;
    }
    expect(caught).to.be.instanceOf(AccessDeniedException);
  });

  it("reads the status from ListRoots, also on import (no props)", async () => {
    orgs.on(ListRootsCommand).resolves({
      Roots: [
        { Id: "r-a1b2", PolicyTypes: [{ Type: "INSPECTOR_POLICY", Status: "PENDING_ENABLE" }] },
      ],
    });
    expect(await provider.read!("r-a1b2/INSPECTOR_POLICY", undefined)).to.deep.equal({
      id: "r-a1b2/INSPECTOR_POLICY",
      props: { ...INPUTS, status: "PENDING_ENABLE" },
    });
  });

  it("reports DISABLED when the root lists no such type (drift)", async () => {
    orgs.on(ListRootsCommand).resolves({ Roots: [{ Id: "r-a1b2", PolicyTypes: [] }] });
    const read = await provider.read!("r-a1b2/INSPECTOR_POLICY", { ...INPUTS, status: "ENABLED" });
    expect(read.props?.status).to.equal("DISABLED");
  });

  it("names the root when it does not exist", async () => {
    orgs.on(ListRootsCommand).resolves({ Roots: [{ Id: "r-zzzz" }] });
    let message = "";
    try {
      await provider.read!("r-a1b2/INSPECTOR_POLICY", { ...INPUTS, status: "ENABLED" });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).to.equal(
      "organization root r-a1b2 was not found; check the inventory's rootId against `aws organizations list-roots`",
    );
  });

  it("replaces (delete first) when the root or the type changes, and does nothing otherwise", async () => {
    const olds = { ...INPUTS, status: "ENABLED" };
    expect(await provider.diff!("id", olds, INPUTS)).to.deep.equal({
      changes: false,
      replaces: [],
      deleteBeforeReplace: true,
    });
    expect(await provider.diff!("id", olds, { ...INPUTS, rootId: "r-zzzz" })).to.deep.equal({
      changes: true,
      replaces: ["rootId"],
      deleteBeforeReplace: true,
    });
  });

  it("disables the type on delete and tolerates one that is disabled already", async () => {
    orgs
      .on(DisablePolicyTypeCommand)
      .rejects(new PolicyTypeNotEnabledException({ message: "not enabled", ...META }));
    await provider.delete!("id", { ...INPUTS, status: "ENABLED" });
    expect(orgs.commandCalls(DisablePolicyTypeCommand).map((c) => c.args[0].input)).to.deep.equal([
      { RootId: "r-a1b2", PolicyType: "INSPECTOR_POLICY" },
    ]);
  });
});
