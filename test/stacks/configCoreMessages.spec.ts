/**
 * What the core keys' refusals say (stacks/configCore.ts, issue 18, the config-core mutation
 * group): the noun of each list, a Region that is not text, the fix of each boolean, and the rules
 * between keys when keys are missing.
 */
import { expect } from "chai";
import { configOutcome } from "../helpers/configOutcome";

const problems = configOutcome;

describe("core keys: what each refusal says", () => {
  it("names what each list holds when it is not a list", () => {
    expect(problems({ scanTypes: '"EC2"' })).to.deep.equal([
      "`scanTypes` (\"EC2\") must be a list of scan types; fix it with `pulumi config set --path 'scanTypes[0]' <scan type>`",
    ]);
    expect(problems({ organizationalUnitIds: '"ou-abcd-abcdefgh"' })).to.deep.equal([
      "`organizationalUnitIds` (\"ou-abcd-abcdefgh\") must be a list of OU ids; fix it with `pulumi config set --path 'organizationalUnitIds[0]' <ou-id>`",
    ]);
    expect(problems({ excludedAccountIds: "{}" })).to.deep.equal([
      "`excludedAccountIds` ({}) must be a list of account ids; fix it with `pulumi config set --path 'excludedAccountIds[0]' <12-digit id>`",
    ]);
  });

  it("names a Region that is not text", () => {
    expect(problems({ regions: '["us-east-1",7]' })).to.deep.equal([
      "`regions[1]` (7) must be a Region name such as \"us-east-1\"; fix it with `pulumi config set --path 'regions[1]' <region>`",
    ]);
  });

  it("fixes disassociateRemovedMembers with its default, false", () => {
    expect(problems({ disassociateRemovedMembers: "no" })).to.deep.equal([
      "`disassociateRemovedMembers` (\"no\") must be true or false; fix it with `pulumi config set 'disassociateRemovedMembers' false`",
    ]);
  });

  it("reports two missing account ids as missing, not as equal to each other", () => {
    expect(
      problems({ managementAccountId: undefined, delegatedAdminAccountId: undefined }),
    ).to.deep.equal([
      "`managementAccountId` is required and not set; fix it with `pulumi config set 'managementAccountId' <12-digit id>`",
      "`delegatedAdminAccountId` is required and not set; fix it with `pulumi config set 'delegatedAdminAccountId' <12-digit id>`",
    ]);
  });
});
