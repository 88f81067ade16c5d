import { expect } from "chai";
import { DEFAULT_REGION_CAPABILITIES } from "../lib/regionCapabilities";
import { REGION_CAPABILITIES } from "../../lib/regionCapabilities";

describe("DEFAULT_REGION_CAPABILITIES", () => {
  it("is the same map as the program's REGION_CAPABILITIES", () => {
    const program = Object.fromEntries(
      Object.entries(REGION_CAPABILITIES).map(([region, types]) => [region, [...types]]),
    );
    expect(DEFAULT_REGION_CAPABILITIES).to.deep.equal(program);
  });
});
