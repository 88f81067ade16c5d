/**
 * How raw configuration strings become values, and what the shared schema helpers say about a bad
 * one (stacks/configSchema.ts, issue 18, the config-core mutation group): booleans and numbers
 * as Pulumi stores them, account ids that YAML read as numbers, whole numbers, long values cut in
 * messages, and the path of a nested problem.
 */
import { expect } from "chai";
import { booleanSchema, formatPath } from "../../stacks/configSchema";
import { configOutcome } from "../helpers/configOutcome";

const outcome = configOutcome;

/** The messages of a schema's refusal of `value`, or [] when it accepts it. */
function refusal(schema: { safeParse(v: unknown): unknown }, value: unknown): string[] {
  const parsed = schema.safeParse(value) as
    { success: true } | { success: false; error: { issues: { message: string }[] } };
  return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
}

const HINT =
  '; an id that starts with 0 must be quoted in Pulumi.<stack>.yaml ("012345678901"), since YAML reads it unquoted as the number 12345678901';
const EXCLUDED_FIX = "fix it with `pulumi config set --path 'excludedAccountIds[0]' <12-digit id>`";

describe("configuration values as Pulumi stores them", () => {
  it("reads true and false as booleans", () => {
    const config = outcome({
      protectOrgResources: "false",
      disassociateRemovedMembers: "true",
    }) as Record<string, unknown>;
    expect([config.protectOrgResources, config.disassociateRemovedMembers]).to.deep.equal([
      false,
      true,
    ]);
  });

  it("refuses a blank number instead of reading it as 0", () => {
    for (const text of ["", " "]) {
      expect(outcome({ enablementTimeoutMinutes: text }), JSON.stringify(text)).to.deep.equal([
        `\`enablementTimeoutMinutes\` (${JSON.stringify(text)}) must be a number; fix it with \`pulumi config set 'enablementTimeoutMinutes' 45\``,
      ]);
    }
  });

  it("refuses a fraction where a whole number is expected, naming the unit", () => {
    expect(outcome({ enablementTimeoutMinutes: "45.5" })).to.deep.equal([
      "`enablementTimeoutMinutes` (45.5) must be a whole number of minutes; fix it with `pulumi config set 'enablementTimeoutMinutes' 45`",
    ]);
  });

  it("says a number's range without a reason where the key gives none", () => {
    expect(outcome({ memberBaselineMaxConcurrentPercentage: "0" })).to.deep.equal([
      "`memberBaselineMaxConcurrentPercentage` (0) is below 1 percent; use 1-100; fix it with `pulumi config set 'memberBaselineMaxConcurrentPercentage' 25`",
    ]);
  });

  it("names a map entry that is not a number (a map's values are not decoded from text)", () => {
    expect(outcome({ kpiSlaDays: '{"CRITICAL":"7"}' })).to.deep.equal([
      "`kpiSlaDays.CRITICAL` (\"7\") must be a number; fix it with `pulumi config set --path 'kpiSlaDays.CRITICAL' <days>`",
    ]);
  });

  // Every boolean key is decoded from text first (refused there), so only a direct call reaches it.
  it("names a value that is not a boolean", () => {
    expect(refusal(booleanSchema, "yes")).to.deep.equal(['("yes") must be true or false']);
  });
});

describe("account ids that YAML read as numbers", () => {
  it("takes a whole number from 0 up as the id's digits, and says how to keep a leading 0", () => {
    expect(outcome({ excludedAccountIds: "[0]" })).to.deep.equal([
      `\`excludedAccountIds[0]\` ("0") is not a 12-digit AWS account id; list 12-digit account ids only${HINT}; ${EXCLUDED_FIX}`,
    ]);
    expect(outcome({ excludedAccountIds: "[12345678901]" })).to.deep.equal([
      `\`excludedAccountIds[0]\` ("12345678901") is not a 12-digit AWS account id; list 12-digit account ids only${HINT}; ${EXCLUDED_FIX}`,
    ]);
  });

  it("refuses a negative number, a fraction and null as not being text", () => {
    for (const [json, shown] of [
      ["[-1]", "-1"],
      ["[1.5]", "1.5"],
      ["[null]", "null"],
      ['[["333333333333"]]', '["333333333333"]'],
    ]) {
      expect(outcome({ excludedAccountIds: json }), json).to.deep.equal([
        `\`excludedAccountIds[0]\` (${shown}) must be a string; ${EXCLUDED_FIX}`,
      ]);
    }
  });
});

describe("a long value in a message", () => {
  const refusedId = (shown: string) => [
    `\`managementAccountId\` (${shown}) is not a 12-digit AWS account id; set the Organizations management account id; fix it with \`pulumi config set 'managementAccountId' <12-digit id>\``,
  ];

  it("is shown whole up to 120 characters", () => {
    // 118 digits and the two quotes of its JSON: 120 characters.
    const id = "9".repeat(118);
    expect(outcome({ managementAccountId: id })).to.deep.equal(refusedId(`"${id}"`));
  });

  it("is cut at 120 characters above, with its length", () => {
    // 119 digits and two quotes: 121 characters, cut after the opening quote and 119 digits.
    const id = "9".repeat(119);
    expect(outcome({ managementAccountId: id })).to.deep.equal(
      refusedId(`"${id}… (121 characters)`),
    );
  });
});

describe("the path of a nested problem", () => {
  it("joins map keys with dots and list indexes in brackets", () => {
    expect(formatPath("cisScanConfigurations", ["weekly", "schedule", "days", 0])).to.equal(
      "cisScanConfigurations.weekly.schedule.days[0]",
    );
    expect(formatPath("regions", [])).to.equal("regions");
  });
});
