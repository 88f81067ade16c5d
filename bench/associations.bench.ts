/**
 * `npm run bench` (part): the AWS API calls a first `pulumi up` in delegated-admin mode makes to
 * associate 10,000 members in 17 Regions, counted from the member associations provider's calls
 * on a mocked client (one Region run, times 17: each Region is its own resource and endpoint),
 * and how long they take at a range of request rates.
 *
 * Inspector publishes no per-API request rate (Inspector UG "quotas" and the Service Quotas table
 * list only the 10,000-member and resource limits; ../shared/reference/inspector-facts.md §2.8),
 * so the time is given at 1, 5 and 10 requests per second per Region.
 */
import {
  AssociateMemberCommand,
  Inspector2Client,
  ListMembersCommand,
} from "@aws-sdk/client-inspector2";
import { mockClient } from "aws-sdk-client-mock";
import { MAX_ACCOUNTS_PER_ENABLER } from "../components/inspectorMemberEnablement";
import { createMemberAssociationsProvider } from "../components/providers/inspectorMemberAssociations";
import { answerFromFake, FakeMembers } from "../test/helpers/fakeInspectorMembers";
import { BENCH_REGIONS } from "./regions";

const MEMBERS = 10_000;
const RATES = [1, 5, 10];

/** Calls per Region: the provider's (counted) and the Enablers' (at least one Enable each). */
export interface AssociationCalls {
  readonly listMembers: number;
  /** ListMembers pages before the first poll (what is already associated). */
  readonly listBefore: number;
  readonly associateMember: number;
  readonly polls: number;
  readonly enable: number;
}

/** Runs the provider's create for `members` new members in one Region on a mocked client. */
export async function countFirstUpCalls(members: number): Promise<AssociationCalls> {
  const client = new Inspector2Client({ region: "us-east-1" });
  const inspector = mockClient(client);
  const fake = new FakeMembers([]);
  answerFromFake(inspector, fake);
  let polls = 0;
  let listBefore = 0;
  const provider = createMemberAssociationsProvider(() => client, {
    pollSeconds: 15,
    timeoutSeconds: 600,
    sleep: () => {
      listBefore = polls === 0 ? fake.listRequests.length : listBefore;
      polls += 1;
      return Promise.resolve();
    },
  });
  const accountIds = Array.from({ length: members }, (_, i) => String(300000000000 + i));
  const result = await provider.create({
    region: "us-east-1",
    roleArn: "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole",
    accountIds,
    disassociateRemovedMembers: false,
    maxConcurrency: 5,
  });
  const failed = result.outs?.failedAccounts ?? [];
  if (failed.length > 0) {
    throw new Error(`${failed.length} accounts failed on the fake`);
  }
  return {
    listMembers: inspector.commandCalls(ListMembersCommand).length,
    listBefore,
    associateMember: inspector.commandCalls(AssociateMemberCommand).length,
    polls,
    enable: Math.ceil(members / MAX_ACCOUNTS_PER_ENABLER),
  };
}

/** Minutes for `calls` at `rate` requests per second. */
function minutes(calls: number, rate: number): string {
  return (calls / rate / 60).toFixed(0);
}

async function main(): Promise<void> {
  const c = await countFirstUpCalls(MEMBERS);
  const perPoll = (c.listMembers - c.listBefore) / c.polls;
  const perRegion = c.listMembers + c.associateMember + c.enable;
  const regions = BENCH_REGIONS.length;
  const lines = [
    `first \`pulumi up\`, delegated-admin mode, ${MEMBERS.toLocaleString("en-US")} new members, ${regions} Regions:`,
    `  per Region: ${c.associateMember} AssociateMember + ${c.listMembers} ListMembers (${c.listBefore} page(s) before, ${perPoll} per poll, ${c.polls} poll(s) until every association is ENABLED) + at least ${c.enable} Enable = ${perRegion}`,
    `  all Regions: ${(perRegion * regions).toLocaleString("en-US")} calls (each further 15 s poll adds ${perPoll} ListMembers per Region)`,
    `  Regions run in parallel (one resource and endpoint each); at ${RATES.map((r) => `${r}/s: ${minutes(perRegion, r)} min`).join(", ")} per Region`,
    `  no per-API request rate is published for Inspector (UG quotas, Service Quotas); the SDK's adaptive mode slows down on throttling`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

if (require.main === module) {
  void main();
}
