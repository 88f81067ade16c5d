import {
  Inspector2Client,
  ListMembersCommand,
  type ListMembersRequest,
  ListUsageTotalsCommand,
  type ListUsageTotalsRequest,
} from "@aws-sdk/client-inspector2";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { publishKpiRows } from "../../functions/lib/kpiPublish";
import {
  buildUsageRows,
  type RegionUsage,
  usageReportRows,
  usageTotals,
} from "../../functions/lib/kpiUsage";
import { captureStdout, enabledKpiMetrics, parseEmf, requestCopy } from "../helpers/kpiFakes";

const inspector = new Inspector2Client({ region: "us-east-1" });
const inspectorMock = mockClient(inspector);
const ADMIN = "222222222222";

/** The n-th member's 12-digit account id, from 100000000001 on. */
const member = (n: number) => String(100000000000 + n);

/** A Usage as ListUsageTotals returns it. */
const usage = (type: string, total: number, estimatedMonthlyCost: number) => ({
  type: type as never,
  total,
  estimatedMonthlyCost,
  currency: "USD" as const,
});

const line = (accountId: string, usageType: string, total: number, cost: number) => ({
  accountId,
  usageType,
  total,
  estimatedMonthlyCost: cost,
  currency: "USD",
});

describe("KPI usage (ListUsageTotals)", () => {
  beforeEach(() => inspectorMock.reset());

  describe("usageTotals", () => {
    it("asks for the administrator and every associated member, 7,000 account ids a request, every page", async () => {
      // Prepare: 7,001 members over 141 pages of ListMembers (50 a page).
      const members = Array.from({ length: 7001 }, (_, i) => member(i + 1));
      const memberRequests: Partial<ListMembersRequest>[] = [];
      const usageRequests: Partial<ListUsageTotalsRequest>[] = [];
      inspectorMock.on(ListMembersCommand).callsFake((input: ListMembersRequest) => {
        memberRequests.push(requestCopy(input));
        const start = Number(input.nextToken ?? "0");
        const next = start + 50;
        return {
          members: members
            .slice(start, next)
            .map((accountId) => ({ accountId, delegatedAdminAccountId: ADMIN })),
          nextToken: next < members.length ? String(next) : undefined,
        };
      });
      // The first batch answers in two pages, the second in one.
      inspectorMock.on(ListUsageTotalsCommand).callsFake((input: ListUsageTotalsRequest) => {
        usageRequests.push(requestCopy(input));
        const ids = input.accountIds ?? [];
        if (ids.length === 7000 && input.nextToken === undefined) {
          return {
            totals: [{ accountId: ids[0], usage: [usage("EC2_INSTANCE_HOURS", 720, 1.25)] }],
            nextToken: "page-2",
          };
        }
        if (ids.length === 7000) {
          return {
            totals: [{ accountId: ids[6999], usage: [usage("ECR_RESCAN", 10, 0.1)] }],
          };
        }
        return {
          totals: ids.map((accountId) => ({
            accountId,
            usage: [usage("LAMBDA_FUNCTION_HOURS", 1440, 0.6)],
          })),
        };
      });

      // Act
      const figures = await usageTotals(inspector, ADMIN, 200);

      // Assess
      expect(memberRequests).to.have.length(141);
      expect(memberRequests.slice(0, 2)).to.deep.equal([
        { onlyAssociated: true, maxResults: 50 },
        { onlyAssociated: true, maxResults: 50, nextToken: "50" },
      ]);
      // Sorted ids: the 7,001 members (1000000000xx) then the administrator (2222...).
      expect(
        usageRequests.map((c) => [
          c.accountIds?.length,
          c.accountIds?.[0],
          c.accountIds?.at(-1),
          c.maxResults,
          c.nextToken,
        ]),
      ).to.deep.equal([
        [7000, member(1), member(7000), 500, undefined],
        [7000, member(1), member(7000), 500, "page-2"],
        [2, member(7001), ADMIN, 500, undefined],
      ]);
      expect(figures).to.deep.equal({
        accounts: 7002,
        truncated: false,
        lines: [
          line(member(1), "EC2_INSTANCE_HOURS", 720, 1.25),
          line(member(7000), "ECR_RESCAN", 10, 0.1),
          line(member(7001), "LAMBDA_FUNCTION_HOURS", 1440, 0.6),
          line(ADMIN, "LAMBDA_FUNCTION_HOURS", 1440, 0.6),
        ],
      });
    });

    it("stops at the page limit and says the figures are lower bounds", async () => {
      inspectorMock.on(ListMembersCommand).resolves({ members: [], nextToken: "more" });
      inspectorMock.on(ListUsageTotalsCommand).resolves({ totals: [] });

      const figures = await usageTotals(inspector, ADMIN, 1);

      expect(figures).to.deep.equal({ accounts: 1, lines: [], truncated: true });
      expect(inspectorMock.commandCalls(ListMembersCommand)).to.have.length(1);
    });
  });

  describe("buildUsageRows", () => {
    const east: RegionUsage = {
      accounts: 3,
      truncated: false,
      lines: [
        line("111111111111", "EC2_INSTANCE_HOURS", 7200, 12.53),
        line("111111111111", "ECR_INITIAL_SCAN", 3, 0.27),
        line("333333333333", "EC2_INSTANCE_HOURS", 0, 0),
      ],
    };
    const west: RegionUsage = {
      accounts: 3,
      truncated: false,
      lines: [
        line("111111111111", "LAMBDA_FUNCTION_HOURS", 1440, 0.6),
        line(ADMIN, "ECR_RESCAN", 20, 0.2),
      ],
    };

    it("totals the estimate for the organization, per usage type and per non-zero account, and usage per type", () => {
      expect(
        buildUsageRows([
          { region: "us-east-1", usage: east },
          { region: "eu-west-1", usage: west },
          { region: "ap-south-1", usage: undefined },
        ]),
      ).to.deep.equal([
        { kpi: "EstimatedMonthlyCost", unit: "None", value: 13.6 },
        {
          kpi: "EstimatedMonthlyCost",
          unit: "None",
          value: 12.53,
          usageType: "EC2_INSTANCE_HOURS",
        },
        { kpi: "EstimatedMonthlyCost", unit: "None", value: 0.27, usageType: "ECR_INITIAL_SCAN" },
        { kpi: "EstimatedMonthlyCost", unit: "None", value: 0.2, usageType: "ECR_RESCAN" },
        {
          kpi: "EstimatedMonthlyCost",
          unit: "None",
          value: 0.6,
          usageType: "LAMBDA_FUNCTION_HOURS",
        },
        // 333333333333 costs nothing: no series of its own.
        { kpi: "EstimatedMonthlyCost", unit: "None", value: 13.4, account: "111111111111" },
        { kpi: "EstimatedMonthlyCost", unit: "None", value: 0.2, account: ADMIN },
        { kpi: "UsageTotal", unit: "None", value: 7200, usageType: "EC2_INSTANCE_HOURS" },
        { kpi: "UsageTotal", unit: "None", value: 3, usageType: "ECR_INITIAL_SCAN" },
        { kpi: "UsageTotal", unit: "None", value: 20, usageType: "ECR_RESCAN" },
        { kpi: "UsageTotal", unit: "None", value: 1440, usageType: "LAMBDA_FUNCTION_HOURS" },
      ]);
    });

    it("publishes no usage row when no Region answered ListUsageTotals", () => {
      expect(buildUsageRows([{ region: "us-east-1", usage: undefined }])).to.deep.equal([]);
    });

    it("keeps per-account series for the 100 accounts with the highest estimate only", () => {
      // 101 accounts costing 1.01 to 2.01 USD: the cheapest is left to the report.
      const lines = Array.from({ length: 101 }, (_, i) =>
        line(member(i + 1), "EC2_INSTANCE_HOURS", 720, (101 + i) / 100),
      );
      const rows = buildUsageRows([
        { region: "us-east-1", usage: { accounts: 101, truncated: false, lines } },
      ]);

      const accounts = rows.filter((r) => r.account !== undefined);
      expect(accounts).to.have.length(100);
      expect([accounts[0].account, accounts[0].value]).to.deep.equal([member(101), 2.01]);
      expect([accounts[99].account, accounts[99].value]).to.deep.equal([member(2), 1.02]);
      expect(rows[0]).to.deep.equal({ kpi: "EstimatedMonthlyCost", unit: "None", value: 152.51 });
    });

    it("publishes the usage rows as EMF with exactly their dimensions in InspectorRollout/KPIs", async () => {
      const rows = buildUsageRows([{ region: "eu-west-1", usage: west }]);

      const docs = parseEmf(await captureStdout(() => publishKpiRows(enabledKpiMetrics(), rows)));

      expect(
        docs.map((d) => [d.namespace, d.dimensions, d.dimensionValues, d.metrics]),
      ).to.deep.equal([
        ["InspectorRollout/KPIs", [[]], {}, { EstimatedMonthlyCost: { unit: "None", value: 0.8 } }],
        [
          "InspectorRollout/KPIs",
          [["UsageType"]],
          { UsageType: "ECR_RESCAN" },
          {
            EstimatedMonthlyCost: { unit: "None", value: 0.2 },
            UsageTotal: { unit: "None", value: 20 },
          },
        ],
        [
          "InspectorRollout/KPIs",
          [["UsageType"]],
          { UsageType: "LAMBDA_FUNCTION_HOURS" },
          {
            EstimatedMonthlyCost: { unit: "None", value: 0.6 },
            UsageTotal: { unit: "None", value: 1440 },
          },
        ],
        [
          "InspectorRollout/KPIs",
          [["AccountId"]],
          { AccountId: "111111111111" },
          { EstimatedMonthlyCost: { unit: "None", value: 0.6 } },
        ],
        [
          "InspectorRollout/KPIs",
          [["AccountId"]],
          { AccountId: ADMIN },
          { EstimatedMonthlyCost: { unit: "None", value: 0.2 } },
        ],
      ]);
    });
  });

  describe("usageReportRows", () => {
    it("lists usage and estimate per account, Region and usage type, the most expensive first", () => {
      const rows = usageReportRows([
        {
          region: "eu-west-1",
          usage: {
            accounts: 2,
            truncated: false,
            lines: [
              line(ADMIN, "ECR_RESCAN", 20, 0.2),
              line("111111111111", "LAMBDA_FUNCTION_HOURS", 1440, 0.6),
            ],
          },
        },
      ]);

      expect(rows).to.deep.equal([
        {
          kpi: "UsageTotal",
          unit: "None",
          value: 1440,
          account: "111111111111",
          region: "eu-west-1",
          usageType: "LAMBDA_FUNCTION_HOURS",
        },
        {
          kpi: "EstimatedMonthlyCost",
          unit: "None",
          value: 0.6,
          account: "111111111111",
          region: "eu-west-1",
          usageType: "LAMBDA_FUNCTION_HOURS",
        },
        {
          kpi: "UsageTotal",
          unit: "None",
          value: 20,
          account: ADMIN,
          region: "eu-west-1",
          usageType: "ECR_RESCAN",
        },
        {
          kpi: "EstimatedMonthlyCost",
          unit: "None",
          value: 0.2,
          account: ADMIN,
          region: "eu-west-1",
          usageType: "ECR_RESCAN",
        },
      ]);
    });
  });
});
