import { expect } from "chai";
import {
  AccessDeniedException,
  DisablePolicyTypeCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  type ListRootsCommandOutput,
  type PolicyTypeStatus,
  OrganizationsClient,
  PolicyTypeAlreadyEnabledException,
  PolicyTypeNotEnabledException,
} from "@aws-sdk/client-organizations";
import { mockClient } from "aws-sdk-client-mock";
import {
  createOrganizationsClient,
  createPolicyTypeProvider,
} from "../../../components/providers/organizationsPolicyType";

const client = new OrganizationsClient({ region: "us-east-1" });
const orgs = mockClient(client);
/** The Regions the provider asked clients for. */
const clientRegions: string[] = [];
/** Milliseconds, not minutes: the waiter's back-off scaled down for the test. */
const TIMING = { maxWaitSeconds: 0.2, minDelaySeconds: 0.001, maxDelaySeconds: 0.002 };
const provider = createPolicyTypeProvider((region) => {
  clientRegions.push(region);
  return client;
}, TIMING);
const INPUTS = { region: "eu-west-1", rootId: "r-a1b2", policyType: "INSPECTOR_POLICY" };
const META = { $metadata: {} };

function rootWith(status: PolicyTypeStatus): ListRootsCommandOutput {
  return {
    Roots: [{ Id: "r-a1b2", PolicyTypes: [{ Type: "INSPECTOR_POLICY", Status: status }] }],
    $metadata: {},
  };
}

describe("OrganizationsPolicyType provider", () => {
  beforeEach(() => {
    orgs.reset();
    clientRegions.length = 0;
  });

  it("enables the policy type on the root, then waits until ListRoots shows it ENABLED", async () => {
    // EnablePolicyType "performs in the background": two PENDING_ENABLE reads, then ENABLED.
    orgs.on(EnablePolicyTypeCommand).resolves({});
    orgs
      .on(ListRootsCommand)
      .resolvesOnce(rootWith("PENDING_ENABLE"))
      .resolvesOnce(rootWith("PENDING_ENABLE"))
      .resolves(rootWith("ENABLED"));
    const result = await provider.create(INPUTS);
    expect(result).to.deep.equal({
      id: "r-a1b2/INSPECTOR_POLICY",
      outs: { ...INPUTS, status: "ENABLED" },
    });
    expect(orgs.commandCalls(EnablePolicyTypeCommand).map((c) => c.args[0].input)).to.deep.equal([
      { RootId: "r-a1b2", PolicyType: "INSPECTOR_POLICY" },
    ]);
    expect(orgs.commandCalls(ListRootsCommand)).to.have.length(3);
    expect(clientRegions).to.deep.equal(["eu-west-1"]);
  });

  it("fails with the status it last saw when the type is not ENABLED in time", async () => {
    orgs.on(EnablePolicyTypeCommand).resolves({});
    orgs.on(ListRootsCommand).resolves(rootWith("PENDING_ENABLE"));
    let message = "";
    try {
      await provider.create(INPUTS);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).to.equal(
      "Organizations policy type INSPECTOR_POLICY on root r-a1b2 is still PENDING_ENABLE after 0.2 s (EnablePolicyType runs in the background); check `aws organizations list-roots` and run `pulumi up` again once it shows ENABLED",
    );
    expect(orgs.commandCalls(ListRootsCommand).length).to.be.greaterThan(1);
  });

  it("adopts a policy type that is enabled already", async () => {
    orgs
      .on(EnablePolicyTypeCommand)
      .rejects(new PolicyTypeAlreadyEnabledException({ message: "enabled", ...META }));
    orgs.on(ListRootsCommand).resolves(rootWith("ENABLED"));
    expect((await provider.create(INPUTS)).id).to.equal("r-a1b2/INSPECTOR_POLICY");
  });

  it("gives its client the Region of its inputs, not AWS_REGION (unset in CI)", async () => {
    // Prepare: what a CI job without AWS_REGION sees.
    const saved = process.env.AWS_REGION;
    delete process.env.AWS_REGION;
    try {
      // Act
      const real = createOrganizationsClient("eu-west-1");
      const bare = new OrganizationsClient({});
      // Assess: Organizations' one endpoint, whatever the Region; a client without one fails.
      const endpoint = real.config.endpointProvider({ Region: await real.config.region() });
      expect(endpoint.url.href).to.equal("https://organizations.us-east-1.amazonaws.com/");
      let missing = "";
      try {
        await bare.config.region();
      } catch (err) {
        missing = (err as Error).message;
      }
      expect(missing).to.equal("Region is missing");
    } finally {
      if (saved !== undefined) {
        process.env.AWS_REGION = saved;
      }
    }
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
      props: { ...INPUTS, region: "us-east-1", status: "PENDING_ENABLE" },
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
