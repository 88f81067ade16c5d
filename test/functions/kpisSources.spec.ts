import {
  AccessDeniedException,
  Inspector2Client,
  ListCoverageCommand,
  type ListCoverageRequest,
  ListCoverageStatisticsCommand,
  ListFindingAggregationsCommand,
  ListFindingsCommand,
  type ListFindingsRequest,
  ListMembersCommand,
  ListUsageTotalsCommand,
  ThrottlingException,
} from "@aws-sdk/client-inspector2";
import {
  GetObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2Request,
  S3Client,
} from "@aws-sdk/client-s3";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import {
  activeFindingsByAccount,
  collectRegion,
  countRemediationActions,
  coverageGaps,
  inactiveResources,
  newFindingsBySeverity,
  readExportedEvents,
  slaBreachesByAccount,
} from "../../functions/lib/kpiSources";
import { findingEvent, gzipBody, requestCopy } from "../helpers/kpiFakes";

const NOW = new Date("2026-11-30T05:00:00.000Z");
const inspector = new Inspector2Client({ region: "us-east-1" });
const inspectorMock = mockClient(inspector);
const s3 = new S3Client({ region: "us-east-1" });
const s3Mock = mockClient(s3);
const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({ region: "us-east-1" }));
const dynamoMock = mockClient(dynamo);

const finding = (awsAccountId: string, severity: string) => ({ awsAccountId, severity }) as never;

describe("KPI sources", () => {
  beforeEach(() => {
    inspectorMock.reset();
    s3Mock.reset();
    dynamoMock.reset();
  });

  describe("activeFindingsByAccount", () => {
    it("reads every page of the ACCOUNT aggregation into counts per severity", async () => {
      // Prepare
      const requests: unknown[] = [];
      inspectorMock.on(ListFindingAggregationsCommand).callsFake((input: object) => {
        requests.push(requestCopy(input));
        return requests.length === 1
          ? {
              aggregationType: "ACCOUNT",
              responses: [
                {
                  accountAggregation: {
                    accountId: "111111111111",
                    severityCounts: { all: 10, critical: 2, high: 3, medium: 4 },
                  },
                },
              ],
              nextToken: "page-2",
            }
          : {
              aggregationType: "ACCOUNT",
              responses: [
                {
                  accountAggregation: {
                    accountId: "222222222222",
                    severityCounts: { all: 1, high: 1 },
                  },
                },
              ],
            };
      });

      // Act
      const counts = await activeFindingsByAccount(inspector, 10);

      // Assess
      expect(counts).to.deep.equal({
        "111111111111": { CRITICAL: 2, HIGH: 3, MEDIUM: 4, ALL: 10 },
        "222222222222": { CRITICAL: 0, HIGH: 1, MEDIUM: 0, ALL: 1 },
      });
      expect(requests).to.deep.equal([
        { aggregationType: "ACCOUNT", maxResults: 100 },
        { aggregationType: "ACCOUNT", maxResults: 100, nextToken: "page-2" },
      ]);
    });
  });

  describe("newFindingsBySeverity", () => {
    it("counts findings first observed in the last 24 hours, not suppressed, per severity", async () => {
      inspectorMock.on(ListFindingsCommand).resolves({
        findings: [finding("1", "CRITICAL"), finding("1", "HIGH"), finding("2", "HIGH")],
      });

      const result = await newFindingsBySeverity(inspector, NOW, 10);

      expect(result).to.deep.equal({ bySeverity: { CRITICAL: 1, HIGH: 2 }, truncated: false });
      expect(
        requestCopy(inspectorMock.commandCalls(ListFindingsCommand)[0].args[0].input),
      ).to.deep.equal({
        maxResults: 100,
        filterCriteria: {
          findingStatus: [{ comparison: "NOT_EQUALS", value: "SUPPRESSED" }],
          firstObservedAt: [
            { startInclusive: new Date("2026-11-29T05:00:00.000Z"), endInclusive: NOW },
          ],
        },
      });
    });
  });

  describe("slaBreachesByAccount", () => {
    it("queries ACTIVE findings older than each severity's SLA and counts them per account", async () => {
      inspectorMock.on(ListFindingsCommand).callsFake((input: ListFindingsRequest) => {
        const severity = input.filterCriteria?.severity?.[0].value;
        if (severity === "CRITICAL") {
          return { findings: [finding("111111111111", "CRITICAL")] };
        }
        return input.nextToken === undefined
          ? { findings: [finding("111111111111", "HIGH")], nextToken: "n" }
          : { findings: [finding("222222222222", "HIGH"), finding("222222222222", "HIGH")] };
      });

      const result = await slaBreachesByAccount(inspector, NOW, { CRITICAL: 7, HIGH: 30 }, 10);

      expect(result).to.deep.equal({
        bySeverity: {
          CRITICAL: { "111111111111": 1 },
          HIGH: { "111111111111": 1, "222222222222": 2 },
        },
        truncated: false,
      });
      const filters = inspectorMock
        .commandCalls(ListFindingsCommand)
        .map((c) => c.args[0].input.filterCriteria);
      expect(filters[0]).to.deep.equal({
        findingStatus: [{ comparison: "EQUALS", value: "ACTIVE" }],
        severity: [{ comparison: "EQUALS", value: "CRITICAL" }],
        firstObservedAt: [{ endInclusive: new Date("2026-11-23T05:00:00.000Z") }],
      });
      expect(filters[1]?.firstObservedAt).to.deep.equal([
        { endInclusive: new Date("2026-10-31T05:00:00.000Z") },
      ]);
      expect(filters).to.have.length(3);
    });

    it("stops at the page limit and says the figure is a lower bound", async () => {
      inspectorMock
        .on(ListFindingsCommand)
        .resolves({ findings: [finding("111111111111", "CRITICAL")], nextToken: "more" });

      const result = await slaBreachesByAccount(inspector, NOW, { CRITICAL: 7 }, 2);

      expect(result).to.deep.equal({
        bySeverity: { CRITICAL: { "111111111111": 2 } },
        truncated: true,
      });
      expect(inspectorMock.commandCalls(ListFindingsCommand)).to.have.length(2);
    });
  });

  describe("inactiveResources", () => {
    it("counts distinct inactive EC2 instances without SSM per account, over every page", async () => {
      const requests: unknown[] = [];
      inspectorMock.on(ListCoverageCommand).callsFake((input: ListCoverageRequest) => {
        requests.push(requestCopy(input));
        return input.nextToken === undefined
          ? {
              coveredResources: [
                {
                  resourceId: "i-0000000000000001",
                  accountId: "111111111111",
                  resourceType: "AWS_EC2_INSTANCE",
                  scanType: "PACKAGE",
                  scanStatus: { statusCode: "INACTIVE", reason: "UNMANAGED_EC2_INSTANCE" },
                },
                {
                  resourceId: "i-0000000000000002",
                  accountId: "111111111111",
                  resourceType: "AWS_EC2_INSTANCE",
                  scanType: "PACKAGE",
                  scanStatus: { statusCode: "INACTIVE", reason: "EC2_INSTANCE_STOPPED" },
                },
              ],
              nextToken: "p2",
            }
          : {
              coveredResources: [
                {
                  resourceId: "i-0000000000000001",
                  accountId: "111111111111",
                  resourceType: "AWS_EC2_INSTANCE",
                  scanType: "PACKAGE",
                  scanStatus: { statusCode: "INACTIVE", reason: "UNMANAGED_EC2_INSTANCE" },
                },
                {
                  resourceId: "i-0000000000000003",
                  accountId: "222222222222",
                  resourceType: "AWS_EC2_INSTANCE",
                  scanType: "PACKAGE",
                  scanStatus: { statusCode: "INACTIVE", reason: "NO_INVENTORY" },
                },
              ],
            };
      });

      const result = await inactiveResources(inspector, "AWS_EC2_INSTANCE", 10, [
        "UNMANAGED_EC2_INSTANCE",
        "NO_INVENTORY",
        "STALE_INVENTORY",
      ]);

      expect(result).to.deep.equal({
        byAccount: { "111111111111": 1, "222222222222": 1 },
        byReason: { UNMANAGED_EC2_INSTANCE: 1, NO_INVENTORY: 1 },
        truncated: false,
      });
      expect(requests[0]).to.deep.equal({
        maxResults: 200,
        filterCriteria: {
          resourceType: [{ comparison: "EQUALS", value: "AWS_EC2_INSTANCE" }],
          scanType: [{ comparison: "EQUALS", value: "PACKAGE" }],
          scanStatusCode: [{ comparison: "EQUALS", value: "INACTIVE" }],
        },
      });
    });
  });

  describe("coverageGaps", () => {
    it("totals the INACTIVE reasons that are gaps, leaving out stopped, excluded and pending", async () => {
      inspectorMock.on(ListCoverageStatisticsCommand).resolves({
        totalCounts: 10,
        countsByGroup: [
          { groupKey: "UNMANAGED_EC2_INSTANCE", count: 1 },
          { groupKey: "NO_INVENTORY", count: 1 },
          { groupKey: "UNSUPPORTED_RUNTIME", count: 1 },
          { groupKey: "EC2_INSTANCE_STOPPED", count: 5 },
          { groupKey: "EXCLUDED_BY_TAG", count: 2 },
        ] as never,
      });

      const result = await coverageGaps(inspector, 10);

      expect(result).to.deep.equal({
        total: 3,
        byReason: {
          UNMANAGED_EC2_INSTANCE: 1,
          NO_INVENTORY: 1,
          UNSUPPORTED_RUNTIME: 1,
          EC2_INSTANCE_STOPPED: 5,
          EXCLUDED_BY_TAG: 2,
        },
      });
      expect(
        requestCopy(inspectorMock.commandCalls(ListCoverageStatisticsCommand)[0].args[0].input),
      ).to.deep.equal({
        filterCriteria: { scanStatusCode: [{ comparison: "EQUALS", value: "INACTIVE" }] },
        groupBy: "SCAN_STATUS_REASON",
      });
    });
  });

  describe("collectRegion", () => {
    it("keeps the sources that answered when others are throttled or denied", async () => {
      inspectorMock
        .on(ListFindingAggregationsCommand)
        .rejects(new ThrottlingException({ message: "Rate exceeded", $metadata: {} }));
      inspectorMock
        .on(ListFindingsCommand)
        .rejects(new AccessDeniedException({ message: "not authorized", $metadata: {} }));
      inspectorMock.on(ListCoverageCommand).resolves({ coveredResources: [] });
      inspectorMock
        .on(ListCoverageStatisticsCommand)
        .resolves({ totalCounts: 0, countsByGroup: [] });
      inspectorMock.on(ListMembersCommand).resolves({ members: [] });
      inspectorMock.on(ListUsageTotalsCommand).resolves({ totals: [] });

      const figures = await collectRegion(inspector, "eu-west-1", {
        now: NOW,
        slaDays: { CRITICAL: 7 },
        maxPages: 10,
        adminAccountId: "222222222222",
      });

      expect(figures).to.deep.equal({
        region: "eu-west-1",
        activeFindings: undefined,
        newFindings: undefined,
        slaBreaches: undefined,
        ec2WithoutSsm: { byAccount: {}, byReason: {}, truncated: false },
        lambdaNotCovered: { byAccount: {}, byReason: {}, truncated: false },
        coverageGaps: { total: 0, byReason: {} },
        usage: { accounts: 1, lines: [], truncated: false },
        errors: [
          {
            source: "ListFindingAggregations",
            region: "eu-west-1",
            error: "ThrottlingException: Rate exceeded",
          },
          {
            source: "ListFindings:new",
            region: "eu-west-1",
            error: "AccessDeniedException: not authorized",
          },
          {
            source: "ListFindings:sla",
            region: "eu-west-1",
            error: "AccessDeniedException: not authorized",
          },
        ],
      });
    });
  });

  describe("readExportedEvents", () => {
    it("lists the kind partitions, then each kind's keys from the first lookback day, reads them, and names the events' accounts", async () => {
      // Prepare
      const event = findingEvent({
        arn: "arn:aws:inspector2:us-east-1:111111111111:finding/a",
        account: "111111111111",
        severity: "HIGH",
        status: "ACTIVE",
        firstObservedAt: "2026-11-28T10:00:00Z",
        updatedAt: "2026-11-28T10:00:00Z",
      });
      // A scan event has no detail.awsAccountId: its account is the envelope's.
      const scan = {
        source: "aws.inspector2",
        "detail-type": "Inspector2 Scan",
        account: "333333333333",
        time: "2026-11-29T08:00:00Z",
        detail: {
          "scan-status": "INITIAL_SCAN_COMPLETE",
          "image-digest": "sha256:965fbcae990b0467ed5657caceaec165018ef44a4d2d46c7cdea80a9dff0d1ea",
          "finding-severity-counts": { CRITICAL: 0, HIGH: 0, MEDIUM: 0, TOTAL: 0 },
        },
      };
      const lists: unknown[] = [];
      s3Mock.on(ListObjectsV2Command).callsFake((input: ListObjectsV2Request) => {
        lists.push(requestCopy(input));
        if (input.Delimiter === "/") {
          return input.ContinuationToken === undefined
            ? {
                CommonPrefixes: [{ Prefix: "findings/type=finding/" }],
                NextContinuationToken: "c2",
                IsTruncated: true,
              }
            : { CommonPrefixes: [{ Prefix: "findings/type=scan/" }] };
        }
        return input.Prefix === "findings/type=finding/"
          ? {
              Contents: [
                { Key: "findings/type=finding/dt=2026-11-22/old.json.gz" },
                { Key: "findings/type=finding/dt=2026-11-28/s-1.json.gz" },
              ],
            }
          : {
              Contents: [
                { Key: "findings/type=scan/dt=2026-11-29/broken.json.gz" },
                { Key: "findings/type=scan/dt=2026-11-29/s-2.json.gz" },
              ],
            };
      });
      s3Mock
        .on(GetObjectCommand, { Key: "findings/type=finding/dt=2026-11-28/s-1.json.gz" })
        .resolves({ Body: gzipBody([event]) as never });
      s3Mock
        .on(GetObjectCommand, { Key: "findings/type=scan/dt=2026-11-29/s-2.json.gz" })
        .resolves({ Body: gzipBody([scan]) as never });
      s3Mock
        .on(GetObjectCommand, { Key: "findings/type=scan/dt=2026-11-29/broken.json.gz" })
        .resolves({
          Body: { transformToByteArray: () => Promise.resolve(new Uint8Array([1, 2, 3])) } as never,
        });

      // Act
      const result = await readExportedEvents(s3, {
        bucket: "export",
        prefix: "findings/",
        now: NOW,
        lookbackDays: 7,
        maxObjects: 100,
      });

      // Assess
      expect(result.events).to.deep.equal([event, scan]);
      expect(result.accounts).to.deep.equal(["111111111111", "333333333333"]);
      expect(result.objects).to.equal(3);
      expect(result.truncated).to.equal(false);
      expect(result.unreadable.map((u) => u.key)).to.deep.equal([
        "findings/type=scan/dt=2026-11-29/broken.json.gz",
      ]);
      expect(lists).to.deep.equal([
        { Bucket: "export", Prefix: "findings/", Delimiter: "/" },
        { Bucket: "export", Prefix: "findings/", Delimiter: "/", ContinuationToken: "c2" },
        {
          Bucket: "export",
          Prefix: "findings/type=finding/",
          StartAfter: "findings/type=finding/dt=2026-11-23",
        },
        {
          Bucket: "export",
          Prefix: "findings/type=scan/",
          StartAfter: "findings/type=scan/dt=2026-11-23",
        },
      ]);
    });
  });

  describe("countRemediationActions", () => {
    it("queries the byAccount index per account for action records since the time", async () => {
      dynamoMock
        .on(QueryCommand, { ExpressionAttributeValues: { ":account": "111111111111" } })
        .resolves({
          Items: [{ outcome: "started" }, { outcome: "dry-run" }, { outcome: "started" }],
        });
      dynamoMock
        .on(QueryCommand, { ExpressionAttributeValues: { ":account": "222222222222" } })
        .resolves({ Items: [] });

      const result = await countRemediationActions(
        dynamo,
        "audit",
        ["222222222222", "111111111111", "111111111111"],
        new Date("2026-11-29T05:00:00.000Z"),
      );

      expect(result).to.deep.equal({ total: 3, byOutcome: { started: 2, "dry-run": 1 } });
      const inputs = dynamoMock.commandCalls(QueryCommand).map((c) => requestCopy(c.args[0].input));
      expect(inputs).to.have.length(2);
      expect(inputs[0]).to.deep.equal({
        TableName: "audit",
        IndexName: "byAccount",
        KeyConditionExpression: "#account = :account AND #at >= :since",
        FilterExpression: "#kind = :action",
        ProjectionExpression: "#outcome",
        ExpressionAttributeNames: {
          "#account": "accountId",
          "#at": "recordedAt",
          "#kind": "kind",
          "#outcome": "outcome",
        },
        ExpressionAttributeValues: {
          ":account": "111111111111",
          ":since": "2026-11-29T05:00:00.000Z",
          ":action": "action",
        },
      });
    });
  });
});
