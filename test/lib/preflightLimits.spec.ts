/**
 * The preflight checks' numeric limits, each at, one below and one above its edge: the delegated
 * administrator's 10,000 members and Lambda's 100 executions that must stay unreserved.
 */
import { GetAccountSettingsCommand } from "@aws-sdk/client-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import type { PlannedStack } from "../../lib/day0/plannedStack";
import type { StackContext } from "../../lib/day0/stack";
import { lambdaConcurrencyCheck } from "../../lib/preflight/accountChecks";
import type { CheckResult, PreflightInput } from "../../lib/preflight/checkTypes";
import { memberLimitCheck } from "../../lib/preflight/organizationChecks";
import { DELEGATED_ADMIN, fakeClients } from "../helpers/day0Fakes";

/** A plan covering `members` accounts besides the delegated administrator, with `resources`. */
function inputOf(
  members: number,
  resources: PlannedStack["resources"] = [],
  clients = fakeClients(),
): PreflightInput {
  const accountsCovered = [
    DELEGATED_ADMIN,
    ...Array.from({ length: members }, (_, i) => String(300000000000 + i)),
  ];
  return {
    ctx: {
      config: { delegatedAdminAccountId: DELEGATED_ADMIN, homeRegion: "us-east-1" },
    } as unknown as StackContext,
    planned: { resources, outputs: { accountsCovered } } as unknown as PlannedStack,
    clients,
    canAssumeRole: true,
  };
}

describe("preflight limits", () => {
  // "A delegated administrator can manage a maximum of 10,000 members" (Inspector User Guide,
  // managing-multiple-accounts; ../shared/reference/inspector-facts.md).
  const memberCases: { members: number; result: CheckResult }[] = [
    {
      members: 9999,
      result: {
        id: "inspector-member-limit",
        status: "ok",
        message: "9999 member accounts, within the limit of 10000",
      },
    },
    {
      members: 10000,
      result: {
        id: "inspector-member-limit",
        status: "ok",
        message: "10000 member accounts, within the limit of 10000",
      },
    },
    {
      members: 10001,
      result: {
        id: "inspector-member-limit",
        status: "blocker",
        message: "10001 member accounts exceed the limit of 10000 per delegated administrator",
        fix: "scope the stack to fewer accounts (organizationalUnitIds) and govern the rest with another organization's stack",
      },
    },
  ];
  for (const c of memberCases) {
    it(`inspector-member-limit: ${c.members} members besides the delegated administrator`, async () => {
      expect(await memberLimitCheck.run(inputOf(c.members))).to.deep.equal([c.result]);
    });
  }

  // "You can reserve concurrency for as many functions as you like, as long as you leave at least
  // 100 simultaneous executions unreserved" (Lambda API reference, PutFunctionConcurrency). The
  // plan reserves 12 here; the account leaves 111, 112 or 113 unreserved.
  const reserving = [
    {
      type: "aws:lambda/function:Function",
      name: "triage",
      urn: "urn:pulumi:dev::inspector-rollout::aws:lambda/function:Function::triage",
      custom: true,
      remote: false,
      inputs: { reservedConcurrentExecutions: 12 },
    },
  ] as unknown as PlannedStack["resources"];
  const concurrencyCases: { unreserved: number; result: CheckResult }[] = [
    {
      unreserved: 111,
      result: {
        id: "lambda-concurrency",
        region: "us-east-1",
        status: "blocker",
        message:
          "the functions reserve 12 concurrent executions but only 11 can be reserved (unreserved 111, account limit 1000, 100 must stay unreserved)",
        fix: 'request a higher "Concurrent executions" quota (L-B99A9384) in us-east-1: aws service-quotas request-service-quota-increase --service-code lambda --quota-code L-B99A9384 --desired-value 1000 --region us-east-1',
      },
    },
    {
      unreserved: 112,
      result: {
        id: "lambda-concurrency",
        region: "us-east-1",
        status: "ok",
        message: "the functions reserve or may run 12 of 112 unreserved concurrent executions",
      },
    },
    {
      unreserved: 113,
      result: {
        id: "lambda-concurrency",
        region: "us-east-1",
        status: "ok",
        message: "the functions reserve or may run 12 of 113 unreserved concurrent executions",
      },
    },
  ];
  for (const c of concurrencyCases) {
    it(`lambda-concurrency: 12 reserved with ${c.unreserved} unreserved`, async () => {
      const clients = fakeClients();
      mockClient(clients.delegatedAdmin.lambda("us-east-1"))
        .on(GetAccountSettingsCommand)
        .resolves({
          AccountLimit: {
            ConcurrentExecutions: 1000,
            UnreservedConcurrentExecutions: c.unreserved,
          },
        });
      expect(await lambdaConcurrencyCheck.run(inputOf(0, reserving, clients))).to.deep.equal([
        c.result,
      ]);
    });
  }
});
