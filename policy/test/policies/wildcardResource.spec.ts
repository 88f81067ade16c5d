/**
 * inspector-iam-policy-disallow-wildcard-resource on a managed policy with a Deny statement
 * (issue 18, the policy group's survivors in this rule): a Deny on Resource "*" restricts, so only
 * the Allow is reported, under the managed policy's own label.
 */
import * as aws from "@pulumi/aws";
import { iamPolicyDisallowWildcardResource as rule } from "../../policies/iamPolicy/disallowWildcardResource";
import { checkResource, expectMessages } from "../helpers";

describe("inspector-iam-policy-disallow-wildcard-resource on Deny and Allow statements", () => {
  it('reports the Allow of a scopable action on Resource "*" in an IAM policy, not the Deny', async () => {
    const policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Sid: "NoDeletes", Effect: "Deny", Action: "sqs:DeleteQueue", Resource: "*" },
        { Effect: "Allow", Action: ["sqs:SendMessage", "sts:GetCallerIdentity"], Resource: "*" },
      ],
    });
    expectMessages(await checkResource(rule, aws.iam.Policy, { policy }, { name: "send" }), [
      `IAM policy 'send' statement #2 grants sqs:SendMessage on Resource "*"; these actions support resource-level permissions, so list the ARNs they need (policy config unscopableActions lists the exceptions).`,
    ]);
  });
});
