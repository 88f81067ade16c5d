import { expect } from "chai";
import { PREFLIGHT_CHECKS, PREREQUISITE_CHECKS } from "../../lib/preflight/checks";
import { PREREQUISITES } from "../../lib/prerequisites";

describe("preflight and the README prerequisites", () => {
  it("joins every prerequisite to the preflight check that verifies it, or says why none does", () => {
    expect(Object.keys(PREREQUISITE_CHECKS).sort()).to.deep.equal(
      PREREQUISITES.map((p) => p.id).sort(),
    );
    const checked = Object.entries(PREREQUISITE_CHECKS).flatMap(([id, v]) =>
      "check" in v ? [[id, v.check]] : [],
    );
    expect(checked).to.deep.equal([
      ["organizations-all-features", "organizations-all-features"],
      ["delegated-admin-role", "delegated-admin-role-assumable"],
      ["inspector-service-linked-roles", "service-linked-roles"],
    ]);
    for (const [, check] of checked) {
      expect(PREFLIGHT_CHECKS, check).to.have.property(check);
    }
  });
});
