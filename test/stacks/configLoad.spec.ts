/**
 * How the stack configuration is read and refused as a whole (stacks/config.ts, issue 18, the
 * config-core mutation group): the keys taken from Pulumi's runtime configuration, the error
 * `pulumi up` prints, a key the project does not declare and the key it suggests, and what the
 * offline plan uses for a secret it cannot decrypt.
 */
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { ConfigValidationError, loadConfig, readRawConfig } from "../../stacks/config";
import { configOutcome } from "../helpers/configOutcome";

/** What the offline plan's stack reader writes for a `secure:` value. */
const SECRET = "[secret: not decrypted offline]";

const outcome = configOutcome;

describe("the stack configuration as Pulumi hands it over", () => {
  let saved: Record<string, string>;
  beforeEach(() => {
    saved = pulumi.runtime.allConfig();
  });
  afterEach(() => {
    pulumi.runtime.setAllConfig(saved);
  });

  it("reads this project's keys without their prefix, and no other project's", () => {
    pulumi.runtime.setAllConfig({
      "inspector-rollout:homeRegion": "eu-west-1",
      "inspector-rollout:regions": '["eu-west-1"]',
      "aws:region": "eu-west-1",
    });
    expect(readRawConfig()).to.deep.equal({
      homeRegion: "eu-west-1",
      regions: '["eu-west-1"]',
    });
  });

  it("loads a valid stack into its configuration", () => {
    pulumi.runtime.setAllConfig({
      "inspector-rollout:managementAccountId": "111111111111",
      "inspector-rollout:delegatedAdminAccountId": "222222222222",
      "inspector-rollout:homeRegion": "eu-west-1",
      "inspector-rollout:regions": '["eu-west-1"]',
      "aws:region": "eu-west-1",
    });
    const config = loadConfig();
    expect([config.managementAccountId, config.homeRegion, config.regions]).to.deep.equal([
      "111111111111",
      "eu-west-1",
      ["eu-west-1"],
    ]);
  });

  it("throws one ConfigValidationError listing every problem, before any resource exists", () => {
    pulumi.runtime.setAllConfig({
      "inspector-rollout:managementAccountId": "1",
      "inspector-rollout:delegatedAdminAccountId": "222222222222",
      "inspector-rollout:homeRegion": "eu-west-1",
      "inspector-rollout:regions": '["eu-west-1"]',
      "inspector-rollout:enablementMode": "manual",
    });
    let thrown: unknown;
    try {
      loadConfig();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).to.be.instanceOf(ConfigValidationError).and.instanceOf(pulumi.RunError);
    const error = thrown as ConfigValidationError;
    expect(error.name).to.equal("ConfigValidationError");
    expect(error.problems).to.have.length(2);
    expect(error.message).to.equal(
      "the stack configuration has 2 problems:\n" +
        '  - `managementAccountId` ("1") is not a 12-digit AWS account id; set the Organizations management account id; an id that starts with 0 must be quoted in Pulumi.<stack>.yaml ("012345678901"), since YAML reads it unquoted as the number 12345678901; fix it with `pulumi config set \'managementAccountId\' <12-digit id>`\n' +
        "  - `enablementMode` (\"manual\") is not an enablement mode; use one of: organization-policy, delegated-admin; fix it with `pulumi config set 'enablementMode' organization-policy`",
    );
  });

  it("says problem, not problems, for one", () => {
    expect(new ConfigValidationError(["`regions` is empty"]).message).to.equal(
      "the stack configuration has 1 problem:\n  - `regions` is empty",
    );
  });
});

describe("a key the project does not declare", () => {
  it("suggests the declared key that shares its first six letters, whatever follows", () => {
    expect(outcome({ RegionList: '["us-east-1"]' })).to.deep.equal([
      "`RegionList` is not a configuration key of inspector-rollout (did you mean `regions`?); remove it with `pulumi config rm 'RegionList'`",
    ]);
  });

  it("suggests nothing when no declared key starts like it", () => {
    expect(outcome({ zoneIds: '["use1-az1"]' })).to.deep.equal([
      "`zoneIds` is not a configuration key of inspector-rollout; remove it with `pulumi config rm 'zoneIds'`",
    ]);
  });
});

describe("a secret the offline plan cannot decrypt", () => {
  it("refuses the inventory file, which the plan must read, though the key is optional", () => {
    expect(outcome({ inventoryFile: SECRET })).to.deep.equal([
      "`inventoryFile` is a secret (secure:), which the offline plan cannot decrypt, and the plan needs its value; it is not sensitive; store it in plain text with `pulumi config set inventoryFile <path>`",
    ]);
  });

  it("leaves an optional number or boolean unset, and gives an optional string the placeholder", () => {
    const config = outcome({
      costMonthlyBudget: SECRET,
      kpiPatchCompliance: SECRET,
      findingsSlackTeamId: SECRET,
      findingsSlackChannelId: SECRET,
    }) as Record<string, unknown>;
    expect([
      config.costMonthlyBudget,
      config.kpiPatchCompliance,
      config.findingsSlackTeamId,
      config.findingsSlackChannelId,
    ]).to.deep.equal([undefined, undefined, SECRET, SECRET]);
  });
});
