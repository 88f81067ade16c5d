import { expect } from "chai";
import {
  AccessDeniedException,
  type GroupKey,
  Inspector2Client,
  ListCoverageStatisticsCommand,
  type ListCoverageStatisticsCommandInput,
} from "@aws-sdk/client-inspector2";
import { AdaptiveRetryStrategy, DefaultRateLimiter } from "@smithy/core/retry";
import type { HttpRequest, HttpResponse } from "@smithy/types";
import { mockClient } from "aws-sdk-client-mock";
import { readCoverageWorkloads, toAccountWorkloads } from "../../lib/costs/coverageWorkloads";

const A = "333333333333";
const B = "444444444444";
const client = new Inspector2Client({ region: "us-east-1" });
const inspector = mockClient(client);

/** Answers by resource type, in pages of one group (so every type needs two pages). */
function serve(counts: Record<string, [string, number][]>, denied: string[] = []) {
  const calls: { region: string; type: string; token?: string }[] = [];
  inspector.reset();
  inspector
    .on(ListCoverageStatisticsCommand)
    .callsFake(async (input: ListCoverageStatisticsCommandInput) => {
      const region = await client.config.region();
      const type = input.filterCriteria?.resourceType?.[0]?.value ?? "";
      calls.push({ region, type, token: input.nextToken });
      expect([input.groupBy, input.filterCriteria?.resourceType?.[0]?.comparison]).to.deep.equal([
        "ACCOUNT_ID",
        "EQUALS",
      ]);
      if (denied.includes(region)) {
        throw new AccessDeniedException({ message: "not enabled", $metadata: {} });
      }
      const groups = counts[`${region} ${type}`] ?? [];
      const i = input.nextToken === undefined ? 0 : Number(input.nextToken);
      return {
        countsByGroup: groups
          .slice(i, i + 1)
          .map(([groupKey, count]) => ({ groupKey: groupKey as GroupKey, count })),
        nextToken: i + 1 < groups.length ? String(i + 1) : undefined,
      };
    });
  return calls;
}

describe("readCoverageWorkloads", () => {
  it("counts instances, images and functions per account and Region, following every page", async () => {
    // Prepare
    const calls = serve({
      "us-east-1 AWS_EC2_INSTANCE": [
        [A, 10],
        [B, 4],
      ],
      "us-east-1 AWS_ECR_CONTAINER_IMAGE": [[A, 3]],
      "us-east-1 AWS_LAMBDA_FUNCTION": [
        [A, 2],
        [B, 7],
      ],
    });
    // Act
    const result = await readCoverageWorkloads(() => client, ["us-east-1"]);
    // Assess
    expect(Object.fromEntries(result.byAccount)).to.deep.equal({
      [A]: {
        "us-east-1": { ec2Instances: 10, ecrImages: 3, ecrPushesPerMonth: 0, lambdaFunctions: 2 },
      },
      [B]: {
        "us-east-1": { ec2Instances: 4, ecrImages: 0, ecrPushesPerMonth: 0, lambdaFunctions: 7 },
      },
    });
    expect(calls.map((c) => `${c.type} ${c.token ?? "-"}`)).to.deep.equal([
      "AWS_EC2_INSTANCE -",
      "AWS_EC2_INSTANCE 1",
      "AWS_ECR_CONTAINER_IMAGE -",
      "AWS_LAMBDA_FUNCTION -",
      "AWS_LAMBDA_FUNCTION 1",
    ]);
    expect(result.unread).to.deep.equal([]);
  });

  it("reports a Region that answers AccessDenied and still reads the others", async () => {
    const east = new Inspector2Client({ region: "us-east-1" });
    const west = new Inspector2Client({ region: "eu-west-1" });
    const eastMock = mockClient(east);
    const westMock = mockClient(west);
    eastMock
      .on(ListCoverageStatisticsCommand)
      .resolves({ countsByGroup: [{ groupKey: A as GroupKey, count: 5 }] });
    westMock
      .on(ListCoverageStatisticsCommand)
      .rejects(new AccessDeniedException({ message: "Inspector is not enabled", $metadata: {} }));
    const result = await readCoverageWorkloads(
      (r) => (r === "us-east-1" ? east : west),
      ["us-east-1", "eu-west-1"],
    );
    expect([Object.fromEntries(result.byAccount), result.unread]).to.deep.equal([
      {
        [A]: {
          "us-east-1": { ec2Instances: 5, ecrImages: 5, ecrPushesPerMonth: 0, lambdaFunctions: 5 },
        },
      },
      [{ region: "eu-west-1", reason: "AccessDeniedException: Inspector is not enabled" }],
    ]);
  });

  it("rides out throttling through the SDK's adaptive retries (HTTP 429 twice)", async () => {
    let throttled = 0;
    const handler = {
      handle: (request: HttpRequest): Promise<{ response: HttpResponse }> => {
        const isThrottled = request.path === "/coverage/statistics/list" && throttled < 2;
        throttled += isThrottled ? 1 : 0;
        return Promise.resolve({
          response: {
            statusCode: isThrottled ? 429 : 200,
            headers: {
              "content-type": "application/json",
              ...(isThrottled ? { "x-amzn-errortype": "ThrottlingException" } : {}),
            },
            body: Buffer.from(
              JSON.stringify(
                isThrottled
                  ? { message: "Rate exceeded" }
                  : { countsByGroup: [{ groupKey: B, count: 1 }], totalCounts: 1 },
              ),
            ),
          },
        });
      },
    };
    const real = new Inspector2Client({
      region: "us-east-1",
      credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
      requestHandler: handler,
      retryStrategy: new AdaptiveRetryStrategy(3, {
        backoff: { computeNextBackoffDelay: () => 0, setDelayBase: () => undefined },
        rateLimiter: new DefaultRateLimiter({ minFillRate: 10_000, minCapacity: 10_000 }),
      }),
    });
    const result = await readCoverageWorkloads(() => real, ["us-east-1"]);
    expect([throttled, Object.fromEntries(result.byAccount)]).to.deep.equal([
      2,
      {
        [B]: {
          "us-east-1": { ec2Instances: 1, ecrImages: 1, ecrPushesPerMonth: 0, lambdaFunctions: 1 },
        },
      },
    ]);
  });

  it("refuses a group key that is not an account id instead of guessing", async () => {
    serve({ "us-east-1 AWS_EC2_INSTANCE": [["ACCOUNT_ID", 3]] });
    const error = await readCoverageWorkloads(() => client, ["us-east-1"]).then(
      () => undefined,
      (err: Error) => err.message,
    );
    expect(error).to.equal(
      'ListCoverageStatistics in us-east-1 grouped by ACCOUNT_ID answered the group key "ACCOUNT_ID", not an account id; the workload counts cannot be attributed',
    );
  });
});

describe("toAccountWorkloads", () => {
  it("sums the Regions into totals and keeps them per Region", () => {
    expect(
      toAccountWorkloads({
        "us-west-2": { ec2Instances: 2, ecrImages: 1, ecrPushesPerMonth: 0, lambdaFunctions: 0 },
        "us-east-1": { ec2Instances: 10, ecrImages: 3, ecrPushesPerMonth: 0, lambdaFunctions: 2 },
      }),
    ).to.deep.equal({
      ec2Instances: 12,
      ecrImages: 4,
      ecrPushesPerMonth: 0,
      lambdaFunctions: 2,
      byRegion: {
        "us-east-1": { ec2Instances: 10, ecrImages: 3, ecrPushesPerMonth: 0, lambdaFunctions: 2 },
        "us-west-2": { ec2Instances: 2, ecrImages: 1, ecrPushesPerMonth: 0, lambdaFunctions: 0 },
      },
    });
  });
});
