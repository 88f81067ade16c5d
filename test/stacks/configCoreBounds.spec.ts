/**
 * The organization keys at their limits (issue 18, the config-core mutation group's survivors):
 * OU ids at the lengths AWS allows for each part, tag keys at 128 characters, tag values at 256,
 * 50 tags per resource, and what each refusal says. Limits: Organizations' OU id pattern
 * (`^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$`) and "Tagging AWS resources" (keys 1-128, values 0-256
 * Unicode letters, digits, spaces and _.:/=+-@, 50 tags, no "aws:" prefix).
 */
import { expect } from "chai";
import { validateConfig } from "../../stacks/config";

const BASE: Record<string, string> = {
  managementAccountId: "111111111111",
  delegatedAdminAccountId: "222222222222",
  homeRegion: "us-east-1",
  regions: '["us-east-1","eu-west-1"]',
};

function outcome(patch: Record<string, string>): string[] | "accepted" {
  const result = validateConfig({ ...BASE, ...patch });
  return "problems" in result ? result.problems : "accepted";
}

const ouIds = (id: string) => ({ organizationalUnitIds: JSON.stringify([id]) });
const ouRefusal = (id: string) => [
  `\`organizationalUnitIds[0]\` ("${id}") is not an organizational unit id (ou-xxxx-xxxxxxxx); copy it from \`aws organizations list-organizational-units-for-parent\`; fix it with \`pulumi config set --path 'organizationalUnitIds[0]' <ou-id>\``,
];
const k = (n: number) => "k".repeat(n);

describe("organization keys at their limits", () => {
  it("OU ids: 4 to 32 characters, then 8 to 32, lower case", () => {
    for (const id of ["ou-abcd-abcdefgh", `ou-${k(32)}-${k(32)}`, "ou-0a1b-0a1b2c3d"]) {
      expect(outcome(ouIds(id)), id).to.equal("accepted");
    }
    for (const id of [
      "ou-abc-abcdefgh",
      `ou-${k(33)}-abcdefgh`,
      "ou-abcd-abcdefg",
      `ou-abcd-${k(33)}`,
      "ou-ABCD-abcdefgh",
      "xou-abcd-abcdefgh",
      "ou-abcd-abcdefgh ",
    ]) {
      expect(outcome(ouIds(id)), id).to.deep.equal(ouRefusal(id));
    }
  });

  it("the delegated administrator's role name: 1 to 64 of letters, digits and +=,.@_-", () => {
    expect(outcome({ delegatedAdminRoleName: `R+=,.@_-${k(56)}` })).to.equal("accepted");
    for (const name of [`R${k(64)}`, "Role/Admin", "Role Admin"]) {
      expect(outcome({ delegatedAdminRoleName: name }), name).to.deep.equal([
        `\`delegatedAdminRoleName\` ("${name}") is not a valid IAM role name (1-64 characters of letters, digits and +=,.@_-); fix it with \`pulumi config set 'delegatedAdminRoleName' <role name>\``,
      ]);
    }
  });

  it("tag keys: 128 characters, Unicode letters and the allowed punctuation; a bad key is named as a key", () => {
    expect(
      outcome({ tags: JSON.stringify({ [k(128)]: "v", "Équipe_1.2:/=+-@ x": "v" }) }),
    ).to.equal("accepted");
    expect(outcome({ tags: JSON.stringify({ "a#b": "v" }) })).to.deep.equal([
      "`tags.a#b` (\"a#b\") is not a valid tag key: 1 to 128 letters, digits, spaces and _.:/=+-@; fix it with `pulumi config set --path 'tags.a#b' <value>`",
    ]);
    expect(outcome({ tags: JSON.stringify({ "": "v" }) })).to.deep.equal([
      "`tags.` (\"\") is not a valid tag key: 1 to 128 letters, digits, spaces and _.:/=+-@; fix it with `pulumi config set --path 'tags.' <value>`",
    ]);
    const long = outcome({ tags: JSON.stringify({ [k(129)]: "v" }) });
    expect(long).to.have.length(1);
    expect((long as string[])[0]).to.match(
      /^`tags\.k{129}` \("k+… \(131 characters\)\) is not a valid tag key: 1 to 128 letters/,
    );
  });

  it("no key starting with aws:, in any case", () => {
    expect(outcome({ tags: JSON.stringify({ "AWS:x": "v" }) })).to.deep.equal([
      '`tags.AWS:x` ("AWS:x") starts with "aws:", which AWS reserves for its own tags; choose another key; fix it with `pulumi config set --path \'tags.AWS:x\' <value>`',
    ]);
    expect(outcome({ tags: JSON.stringify({ "awsx:team": "v" }) })).to.equal("accepted");
  });

  it("tag values: empty to 256 characters of the allowed set", () => {
    expect(
      outcome({ tags: JSON.stringify({ a: "", b: "v".repeat(256), c: "Ünïcode 1_.:/=+-@" }) }),
    ).to.equal("accepted");
    expect(outcome({ tags: JSON.stringify({ a: "v".repeat(257) }) })).to.deep.equal([
      "`tags.a` is longer than 256 characters, the AWS tag value limit; fix it with `pulumi config set --path 'tags.a' <value>`",
    ]);
    expect(outcome({ tags: JSON.stringify({ a: "x#y" }) })).to.deep.equal([
      "`tags.a` (\"x#y\") has characters AWS refuses in a tag value; use letters, digits, spaces and _.:/=+-@; fix it with `pulumi config set --path 'tags.a' <value>`",
    ]);
  });

  it("50 tags are accepted, 51 refused with their count", () => {
    const tags = (n: number) =>
      JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`t${i}`, "v"])));
    expect(outcome({ tags: tags(50) })).to.equal("accepted");
    expect(outcome({ tags: tags(51) })).to.deep.equal([
      "`tags` has 51 tags, above the 50 AWS allows per resource; remove some; fix it with `pulumi config set --path 'tags.<name>' <value>`",
    ]);
  });
});
