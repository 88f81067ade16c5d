import { expect } from "chai";
import * as path from "path";
import { allPolicies } from "../policies";
import { loadPolicyConfig, runPolicies } from "../offline";

const CONFIG_DIR = path.join(__dirname, "..", "config");

describe("policy/config", () => {
  it("dev.json sets every policy to advisory", () => {
    const config = loadPolicyConfig(path.join(CONFIG_DIR, "dev.json"));
    expect(Object.keys(config).sort()).to.deep.equal(allPolicies.map((p) => p.name).sort());
    for (const entry of Object.values(config)) {
      expect(entry).to.have.property("enforcementLevel", "advisory");
    }
  });

  for (const stack of ["dev", "prod"]) {
    it(`${stack}.json fits the policies' config schemas`, async () => {
      const config = loadPolicyConfig(path.join(CONFIG_DIR, `${stack}.json`));
      expect(await runPolicies([], { config })).to.deep.equal([]);
    });
  }

  it("prod.json leaves every policy at the pack's mandatory level", () => {
    const config = loadPolicyConfig(path.join(CONFIG_DIR, "prod.json"));
    for (const entry of Object.values(config)) {
      expect(entry).to.not.have.property("enforcementLevel");
    }
  });
});
