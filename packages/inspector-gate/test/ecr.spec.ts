import {
  DescribeImageScanFindingsCommand,
  DescribeImagesCommand,
  ECRClient,
  ImageNotFoundException,
  ScanNotFoundException,
  type ScanStatus,
} from "@aws-sdk/client-ecr";
import {
  Inspector2Client,
  ListFindingsCommand,
  type ListFindingsResponse,
} from "@aws-sdk/client-inspector2";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import {
  findBlockedRecords,
  imageFindingsFilter,
  listImageFindings,
  resolveDigest,
  waitForScan,
  type WaitOptions,
} from "../src/ecr";
import { parseImageUri } from "../src/imageRef";
import { GateUsageError, ScanIncompleteError } from "../src/errors";
import { fixtureJson } from "./fixtures";

const DIGEST = "sha256:b226796370094390ac172df8cd5d06d54247c5f91b7a4faf909213ac19ab6900";
const REPO_ARN = "arn:aws:ecr:us-east-1:123456789012:repository/payments-api";

const ecr = new ECRClient({ region: "us-east-1" });
const ecrMock = mockClient(ecr);
const inspector = new Inspector2Client({ region: "us-east-1" });
const inspectorMock = mockClient(inspector);
const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({ region: "us-east-1" }));
const dynamoMock = mockClient(dynamo);

/** A clock that advances only when the gate sleeps. */
function fakeClock(): { options: WaitOptions; sleeps: number[]; logs: string[] } {
  let now = Date.parse("2026-11-28T09:00:00Z");
  const sleeps: number[] = [];
  const logs: string[] = [];
  return {
    sleeps,
    logs,
    options: {
      timeoutSeconds: 60,
      pollIntervalSeconds: 15,
      now: () => new Date(now),
      sleep: (ms) => {
        sleeps.push(ms);
        now += ms;
        return Promise.resolve();
      },
      log: (line) => logs.push(line),
    },
  };
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a rejection");
}

describe("parseImageUri", () => {
  const ok: [string, ReturnType<typeof parseImageUri>][] = [
    [
      `123456789012.dkr.ecr.us-east-1.amazonaws.com/payments-api@${DIGEST}`,
      {
        repositoryName: "payments-api",
        registryId: "123456789012",
        region: "us-east-1",
        digest: DIGEST,
        tag: undefined,
      },
    ],
    [
      "123456789012.dkr.ecr.eu-central-1.amazonaws.com/team/payments-api:1.4.2",
      {
        repositoryName: "team/payments-api",
        registryId: "123456789012",
        region: "eu-central-1",
        digest: undefined,
        tag: "1.4.2",
      },
    ],
    [
      `123456789012.dkr.ecr.us-east-1.amazonaws.com/payments-api:1.4.2@${DIGEST}`,
      {
        repositoryName: "payments-api",
        registryId: "123456789012",
        region: "us-east-1",
        digest: DIGEST,
        tag: undefined,
      },
    ],
  ];
  for (const [uri, expected] of ok) {
    it(`parses ${uri}`, () => {
      expect(parseImageUri(uri)).to.deep.equal(expected);
    });
  }
  const bad: [string, string][] = [
    [
      "docker.io/library/nginx:1.27",
      '--image "docker.io/library/nginx:1.27" is not an ECR image URI; expected <account>.dkr.ecr.<region>.amazonaws.com/<repository>@sha256:<digest> or :<tag>',
    ],
    [
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/payments-api",
      '--image "123456789012.dkr.ecr.us-east-1.amazonaws.com/payments-api" names no tag or digest; add @sha256:<digest> or :<tag>',
    ],
    [
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/payments-api@sha256:abc",
      '--image: "sha256:abc" is not an image digest (sha256: and 64 hex digits)',
    ],
    [
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/Payments:1",
      '--image: "Payments" is not a valid ECR repository name',
    ],
  ];
  for (const [uri, message] of bad) {
    it(`rejects ${uri}`, () => {
      expect(() => parseImageUri(uri)).to.throw(GateUsageError, message);
    });
  }
});

describe("ECR image gate calls", () => {
  beforeEach(() => {
    ecrMock.reset();
    inspectorMock.reset();
    dynamoMock.reset();
  });

  describe("resolveDigest", () => {
    it("resolves a tag with ecr:DescribeImages", async () => {
      ecrMock
        .on(DescribeImagesCommand, {
          repositoryName: "payments-api",
          registryId: "123456789012",
          imageIds: [{ imageTag: "1.4.2" }],
        })
        .resolves({ imageDetails: [{ imageDigest: DIGEST, imageTags: ["1.4.2"] }] });
      const digest = await resolveDigest(ecr, {
        repositoryName: "payments-api",
        registryId: "123456789012",
        tag: "1.4.2",
      });
      expect(digest).to.equal(DIGEST);
    });

    it("turns an unknown tag into a usage error", async () => {
      ecrMock
        .on(DescribeImagesCommand)
        .rejects(new ImageNotFoundException({ message: "not found", $metadata: {} }));
      const e = await rejection(
        resolveDigest(ecr, { repositoryName: "payments-api", tag: "nope" }),
      );
      expect(e).to.be.instanceOf(GateUsageError);
      expect(e.message).to.equal(
        "image payments-api:nope not found in ECR (ImageNotFoundException)",
      );
    });
  });

  describe("waitForScan", () => {
    const image = { repositoryName: "payments-api", registryId: "123456789012" };

    it("polls while the scan is PENDING, then IN_PROGRESS, and returns when it is COMPLETE", async () => {
      ecrMock
        .on(DescribeImageScanFindingsCommand)
        .resolvesOnce({ imageScanStatus: { status: "PENDING" } })
        .resolvesOnce({ imageScanStatus: { status: "IN_PROGRESS", description: "scanning" } })
        .resolves({
          imageScanStatus: { status: "COMPLETE" },
          imageScanFindings: { enhancedFindings: [] },
        });
      const clock = fakeClock();
      const status = await waitForScan(ecr, image, DIGEST, clock.options);
      expect([status, clock.sleeps]).to.deep.equal(["COMPLETE", [15000, 15000]]);
      expect(clock.logs).to.deep.equal([
        `scan of payments-api@${DIGEST} is PENDING; checking again in 15s`,
        `scan of payments-api@${DIGEST} is IN_PROGRESS (scanning); checking again in 15s`,
      ]);
      expect(ecrMock.commandCalls(DescribeImageScanFindingsCommand)[0].args[0].input).to.deep.equal(
        {
          repositoryName: "payments-api",
          registryId: "123456789012",
          imageId: { imageDigest: DIGEST },
          maxResults: 1,
        },
      );
    });

    it("treats ScanNotFoundException right after a push as not yet scanned, and ACTIVE as done", async () => {
      ecrMock
        .on(DescribeImageScanFindingsCommand)
        .rejectsOnce(new ScanNotFoundException({ message: "no scan", $metadata: {} }))
        .resolves({ imageScanStatus: { status: "ACTIVE" } });
      const clock = fakeClock();
      expect(await waitForScan(ecr, image, DIGEST, clock.options)).to.equal("ACTIVE");
      expect(clock.sleeps).to.deep.equal([15000]);
    });

    it("stops at the timeout with ScanIncompleteError", async () => {
      ecrMock
        .on(DescribeImageScanFindingsCommand)
        .resolves({ imageScanStatus: { status: "IN_PROGRESS" } });
      const clock = fakeClock();
      const e = await rejection(waitForScan(ecr, image, DIGEST, clock.options));
      expect(e).to.be.instanceOf(ScanIncompleteError);
      expect(e.message).to.equal(
        `scan of payments-api@${DIGEST} still IN_PROGRESS after --timeout 60s; rerun the gate later or raise --timeout`,
      );
      expect(clock.sleeps).to.deep.equal([15000, 15000, 15000, 15000]);
    });

    const terminal: ScanStatus[] = [
      "UNSUPPORTED_IMAGE",
      "SCAN_ELIGIBILITY_EXPIRED",
      "FAILED",
      "FINDINGS_UNAVAILABLE",
    ];
    for (const status of terminal) {
      it(`stops at once on ${status}`, async () => {
        ecrMock
          .on(DescribeImageScanFindingsCommand)
          .resolves({ imageScanStatus: { status, description: "reason from ECR" } });
        const clock = fakeClock();
        const e = await rejection(waitForScan(ecr, image, DIGEST, clock.options));
        expect(e).to.be.instanceOf(ScanIncompleteError);
        expect(e.message).to.equal(
          `scan of payments-api@${DIGEST} is ${status}: reason from ECR; no complete Inspector result to judge`,
        );
        expect(clock.sleeps).to.deep.equal([]);
      });
    }

    it("refuses a basic (non-Inspector) scan result", async () => {
      ecrMock.on(DescribeImageScanFindingsCommand).resolves({
        imageScanStatus: { status: "COMPLETE" },
        imageScanFindings: { findings: [{ name: "CVE-2023-5363", severity: "HIGH" }] },
      });
      const e = await rejection(waitForScan(ecr, image, DIGEST, fakeClock().options));
      expect(e).to.be.instanceOf(ScanIncompleteError);
      expect(e.message).to.match(
        /is an ECR basic scan; the gate reads Amazon Inspector enhanced scanning results/,
      );
    });
  });

  describe("listImageFindings", () => {
    it("reads every page of ACTIVE findings for the digest and repository", async () => {
      const page1 = fixtureJson<ListFindingsResponse>("list-findings-page-1.json");
      const page2 = fixtureJson<ListFindingsResponse>("list-findings-page-2.json");
      inspectorMock
        .on(ListFindingsCommand, { nextToken: undefined })
        .resolves(page1)
        .on(ListFindingsCommand, { nextToken: page1.nextToken })
        .resolves(page2);
      const findings = await listImageFindings(inspector, "payments-api", DIGEST);
      expect(findings.map((f) => [f.id, f.severity, f.fixAvailable, f.fixedIn])).to.deep.equal([
        ["CVE-2022-48174", "critical", true, ["0:1.36.1-r1"]],
        ["CVE-2023-5363", "high", true, ["0:3.1.4-r0"]],
        ["CVE-2023-44487", "high", false, []],
        ["CVE-2024-0727", "medium", true, ["0:3.1.4-r5"]],
        ["CVE-2024-6119", "other", false, []],
      ]);
      expect(findings[1]).to.deep.include({
        title: "CVE-2023-5363 - libcrypto3, libssl3",
        packages: ["libcrypto3@3.1.3-r0", "libssl3@3.1.3-r0"],
        score: 7.5,
        url: "https://security.alpinelinux.org/vuln/CVE-2023-5363",
        findingArn:
          "arn:aws:inspector2:us-east-1:123456789012:finding/1b2c3d4e5f60718293a4b5c6d7e8f90a",
      });
      const calls = inspectorMock.commandCalls(ListFindingsCommand).map((c) => c.args[0].input);
      expect(calls).to.deep.equal([
        {
          filterCriteria: imageFindingsFilter("payments-api", DIGEST),
          maxResults: 100,
          nextToken: undefined,
        },
        {
          filterCriteria: imageFindingsFilter("payments-api", DIGEST),
          maxResults: 100,
          nextToken: page1.nextToken,
        },
      ]);
      expect(imageFindingsFilter("payments-api", DIGEST)).to.deep.equal({
        ecrImageHash: [{ comparison: "EQUALS", value: DIGEST }],
        ecrImageRepositoryName: [{ comparison: "EQUALS", value: "payments-api" }],
        findingStatus: [{ comparison: "EQUALS", value: "ACTIVE" }],
      });
    });
  });

  describe("findBlockedRecords", () => {
    it("queries the digest's partition (every page) and skips records whose TTL has passed", async () => {
      const now = new Date("2026-11-28T09:00:00Z");
      const nowSeconds = Math.floor(now.getTime() / 1000);
      dynamoMock
        .on(QueryCommand, { ExclusiveStartKey: undefined })
        .resolves({
          Items: [
            {
              imageDigest: DIGEST,
              repositoryArn: REPO_ARN,
              registry: "123456789012",
              repositoryName: "payments-api",
              reason: "critical CVE-2022-48174 with a known exploit",
              findingArns: new Set(["arn:b", "arn:a"]),
              severity: "CRITICAL",
              blockedAt: "2026-11-27T15:00:00Z",
              expiresAt: nowSeconds + 86400,
            },
          ],
          LastEvaluatedKey: { imageDigest: DIGEST, repositoryArn: REPO_ARN },
        })
        .on(QueryCommand, { ExclusiveStartKey: { imageDigest: DIGEST, repositoryArn: REPO_ARN } })
        .resolves({
          Items: [
            {
              imageDigest: DIGEST,
              repositoryArn: "arn:aws:ecr:us-east-1:123456789012:repository/old-copy",
              reason: "expired block",
              expiresAt: nowSeconds - 1,
            },
          ],
        });
      const records = await findBlockedRecords(dynamo, "inspector-blocked-digests", DIGEST, now);
      expect(records).to.deep.equal([
        {
          imageDigest: DIGEST,
          repositoryArn: REPO_ARN,
          reason: "critical CVE-2022-48174 with a known exploit",
          severity: "CRITICAL",
          blockedAt: "2026-11-27T15:00:00Z",
          findingArns: ["arn:a", "arn:b"],
        },
      ]);
      expect(dynamoMock.commandCalls(QueryCommand)[0].args[0].input).to.deep.equal({
        TableName: "inspector-blocked-digests",
        KeyConditionExpression: "imageDigest = :digest",
        ExpressionAttributeValues: { ":digest": DIGEST },
        ConsistentRead: true,
        ExclusiveStartKey: undefined,
      });
    });
  });
});
