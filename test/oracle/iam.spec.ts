import { expect } from "chai";
import { checkPolicies } from "./iamOracle";
import { policiesOfPlan } from "./planDocuments";
import { EXAMPLE_STACKS, planOf } from "./plannedStack";

for (const stack of EXAMPLE_STACKS) {
  describe(`IAM documents of stack ${stack} against the Service Authorization Reference`, function () {
    this.timeout(180_000);
    it("has no action, resource type or condition key AWS would not honour", async () => {
      const policies = policiesOfPlan(await planOf(stack));
      const problems = await checkPolicies(policies);
      expect(problems).to.deep.equal([]);
    });
  });
}
