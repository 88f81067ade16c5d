import { expect } from "chai";
import { validateConfig } from "../../stacks/config";
import { isSelective } from "../../stacks/configSelective";

const BASE: Record<string, string> = {
  managementAccountId: "111111111111",
  delegatedAdminAccountId: "222222222222",
  homeRegion: "us-east-1",
  regions: '["us-east-1"]',
};

function problemsOf(scanTypesByOu: unknown): string[] {
  const result = validateConfig({ ...BASE, scanTypesByOu: JSON.stringify(scanTypesByOu) });
  return "problems" in result ? result.problems : [];
}

const PROD = "ou-a1b2-prodapps";
const FIX = (path: string) => `; fix it with \`pulumi config set --path '${path}' <value>\``;

describe("scanTypesByOu (configuration)", () => {
  it("is refused in delegated-admin mode, naming the mode to use and how to drop the key", () => {
    const result = validateConfig({
      ...BASE,
      enablementMode: "delegated-admin",
      scanTypesByOu: JSON.stringify([{ ous: [PROD], scanTypes: ["EC2"] }]),
    });
    expect("problems" in result ? result.problems : []).to.deep.equal([
      "`scanTypesByOu` needs enablementMode organization-policy (one Inspector policy per set of scan types, attached to its OUs); in delegated-admin mode the Enablers that switch scanning on disable every scan type they do not list, so accounts with their own scan types would lose scanning when they move between OUs; switch modes with `pulumi config set enablementMode organization-policy`, or remove the key with `pulumi config rm scanTypesByOu`",
    ]);
  });

  it("is accepted in delegated-admin mode when empty", () => {
    const result = validateConfig({
      ...BASE,
      enablementMode: "delegated-admin",
      scanTypesByOu: "[]",
    });
    expect("problems" in result ? result.problems : []).to.deep.equal([]);
  });

  it("defaults to none and keeps entries with scan types in API order", () => {
    const none = validateConfig(BASE);
    const some = validateConfig({
      ...BASE,
      scanTypesByOu: JSON.stringify([{ ous: [PROD], scanTypes: ["LAMBDA_CODE", "EC2", "LAMBDA"] }]),
    });
    expect([
      "config" in none && none.config.scanTypesByOu,
      "config" in some && some.config.scanTypesByOu,
    ]).to.deep.equal([[], [{ ous: [PROD], scanTypes: ["EC2", "LAMBDA", "LAMBDA_CODE"] }]]);
  });

  const cases: { name: string; value: unknown; problems: string[] }[] = [
    {
      name: "an OU id of the wrong shape",
      value: [{ ous: ["prod"], scanTypes: ["EC2"] }],
      problems: [
        `\`scanTypesByOu[0].ous[0]\` ("prod") is not an organizational unit id (ou-xxxx-xxxxxxxx); copy it from \`aws organizations list-organizational-units-for-parent\` (the root takes \`scanTypes\`)${FIX("scanTypesByOu[0].ous[0]")}`,
      ],
    },
    {
      name: "the root id given as an OU",
      value: [{ ous: ["r-a1b2"], scanTypes: ["EC2"] }],
      problems: [
        `\`scanTypesByOu[0].ous[0]\` ("r-a1b2") is not an organizational unit id (ou-xxxx-xxxxxxxx); copy it from \`aws organizations list-organizational-units-for-parent\` (the root takes \`scanTypes\`)${FIX("scanTypesByOu[0].ous[0]")}`,
      ],
    },
    {
      name: "an unknown scan type",
      value: [{ ous: [PROD], scanTypes: ["EC2", "S3"] }],
      problems: [
        `\`scanTypesByOu[0].scanTypes[1]\` ("S3") is not an Inspector scan type; use one of: EC2, ECR, LAMBDA, LAMBDA_CODE, CODE_REPOSITORY${FIX("scanTypesByOu[0].scanTypes[1]")}`,
      ],
    },
    {
      name: "LAMBDA_CODE without LAMBDA",
      value: [{ ous: [PROD], scanTypes: ["EC2", "LAMBDA_CODE"] }],
      problems: [
        `\`scanTypesByOu[0].scanTypes\` (["EC2","LAMBDA_CODE"]) has LAMBDA_CODE without LAMBDA; Lambda code scanning requires Lambda standard scanning: add LAMBDA${FIX("scanTypesByOu[0].scanTypes")}`,
      ],
    },
    {
      name: "an OU listed in two entries",
      value: [
        { ous: [PROD], scanTypes: ["EC2"] },
        { ous: ["ou-a1b2-sandbox1", PROD], scanTypes: ["ECR"] },
      ],
      problems: [
        `\`scanTypesByOu[1].ous[1]\` ("${PROD}") is already listed in scanTypesByOu[0].ous[0]; an OU gets one set of scan types: remove one of them${FIX("scanTypesByOu[1].ous[1]")}`,
      ],
    },
    {
      name: "an OU listed twice in one entry",
      value: [{ ous: [PROD, PROD], scanTypes: ["EC2"] }],
      problems: [
        `\`scanTypesByOu[0].ous[1]\` ("${PROD}") repeats entry [0]; remove the duplicate${FIX("scanTypesByOu[0].ous[1]")}`,
      ],
    },
    {
      name: "no scan types",
      value: [{ ous: [PROD], scanTypes: [] }],
      problems: [
        `\`scanTypesByOu[0].scanTypes\` is empty; list at least one scan type (to leave an OU unscanned, exclude it from organizationalUnitIds instead)${FIX("scanTypesByOu[0].scanTypes")}`,
      ],
    },
    {
      name: "an unknown field",
      value: [{ ous: [PROD], scanTypes: ["EC2"], regions: ["us-east-1"] }],
      problems: [
        `\`scanTypesByOu[0]\` has unknown field(s) regions; use ous and scanTypes${FIX("scanTypesByOu[0]")}`,
      ],
    },
    {
      name: "a map instead of a list",
      value: { [PROD]: ["EC2"] },
      problems: [
        `\`scanTypesByOu\` ({"${PROD}":["EC2"]}) must be a list of {ous, scanTypes} entries, e.g. [{ous: [ou-ab12-cdefgh34], scanTypes: [EC2, ECR, LAMBDA, LAMBDA_CODE]}]${FIX("scanTypesByOu[0]")}`,
      ],
    },
    {
      name: "OU ids as a string",
      value: [{ ous: PROD, scanTypes: ["EC2"] }],
      problems: [
        `\`scanTypesByOu[0].ous\` ("${PROD}") must be a list of OU ids${FIX("scanTypesByOu[0].ous")}`,
      ],
    },
    {
      name: "no OU ids",
      value: [{ ous: [], scanTypes: ["EC2"] }],
      problems: [
        `\`scanTypesByOu[0].ous\` is empty; list the OU ids these scan types are for${FIX("scanTypesByOu[0].ous")}`,
      ],
    },
    {
      name: "scan types as a string",
      value: [{ ous: [PROD], scanTypes: "EC2" }],
      problems: [
        `\`scanTypesByOu[0].scanTypes\` ("EC2") must be a list of scan types${FIX("scanTypesByOu[0].scanTypes")}`,
      ],
    },
    {
      name: "an entry that is a string",
      value: [PROD],
      problems: [
        `\`scanTypesByOu[0]\` ("${PROD}") must be a map with ous and scanTypes, e.g. {ous: [ou-ab12-cdefgh34], scanTypes: [EC2, ECR]}${FIX("scanTypesByOu[0]")}`,
      ],
    },
  ];
  for (const c of cases) {
    it(`rejects ${c.name}`, () => {
      expect(problemsOf(c.value)).to.deep.equal(c.problems);
    });
  }

  it("reports only the bad entry in delegated-admin mode, not the mode, when the list is invalid", () => {
    const result = validateConfig({
      ...BASE,
      enablementMode: "delegated-admin",
      scanTypesByOu: JSON.stringify([{ ous: [], scanTypes: ["EC2"] }]),
    });
    expect("problems" in result ? result.problems : []).to.deep.equal([
      `\`scanTypesByOu[0].ous\` is empty; list the OU ids these scan types are for${FIX("scanTypesByOu[0].ous")}`,
    ]);
  });
});

describe("isSelective", () => {
  it("is true only when some OU has scan types of its own", () => {
    expect([
      isSelective({}),
      isSelective({ scanTypesByOu: [] }),
      isSelective({ scanTypesByOu: [{ ous: [PROD], scanTypes: ["EC2"] }] }),
    ]).to.deep.equal([false, false, true]);
  });
});
