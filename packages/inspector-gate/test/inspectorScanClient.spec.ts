import { expect } from "chai";
import {
  InspectorScanAccessDeniedError,
  InspectorScanClient,
  InspectorScanError,
  InspectorScanThrottlingError,
  InspectorScanValidationError,
  parseRetryAfter,
} from "../src/inspectorScanClient";
import { FakeScanHandler, type Canned } from "./fakeScanHandler";
import { fixtureJson } from "./fixtures";

const CREDENTIALS = {
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
};

const SBOM = { bomFormat: "CycloneDX", specVersion: "1.5", components: [] };

function client(handler: FakeScanHandler, sleeps: number[] = []): InspectorScanClient {
  return new InspectorScanClient({
    region: "eu-west-1",
    credentials: CREDENTIALS,
    httpHandler: handler,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
  });
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection");
}

describe("InspectorScanClient", () => {
  it("POSTs /scan/sbom to inspector-scan.<region>, SigV4-signed for service inspector-scan, and returns the document", async () => {
    const response = fixtureJson("scan-sbom-response.json");
    const handler = new FakeScanHandler([{ status: 200, body: response }]);
    const out = await client(handler).scanSbom({ sbom: SBOM, outputFormat: "CYCLONE_DX_1_5" });
    expect(out).to.deep.equal(response);
    const [req] = handler.requests;
    expect([req.method, req.protocol, req.hostname, req.path]).to.deep.equal([
      "POST",
      "https:",
      "inspector-scan.eu-west-1.amazonaws.com",
      "/scan/sbom",
    ]);
    expect(JSON.parse(req.body as string)).to.deep.equal({
      sbom: SBOM,
      outputFormat: "CYCLONE_DX_1_5",
    });
    expect(req.headers["content-type"]).to.equal("application/json");
    expect(req.headers.authorization).to.match(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/inspector-scan\/aws4_request, SignedHeaders=[^,]*host[^,]*x-amz-date[^,]*, Signature=[0-9a-f]{64}$/,
    );
    expect(req.headers["x-amz-content-sha256"] ?? req.headers["x-amz-date"]).to.be.a("string");
  });

  it("uses the China endpoint suffix in cn- Regions", async () => {
    const handler = new FakeScanHandler([{ status: 200, body: { sbom: {} } }]);
    await new InspectorScanClient({
      region: "cn-north-1",
      credentials: CREDENTIALS,
      httpHandler: handler,
    }).scanSbom({ sbom: SBOM });
    expect(handler.requests[0].hostname).to.equal("inspector-scan.cn-north-1.amazonaws.com.cn");
  });

  it("retries a 429 ThrottlingException after the Retry-After seconds, then returns the result", async () => {
    const sleeps: number[] = [];
    const handler = new FakeScanHandler([
      {
        status: 429,
        body: { message: "Rate exceeded" },
        headers: { "x-amzn-errortype": "ThrottlingException", "retry-after": "2" },
      },
      {
        status: 429,
        body: { message: "Rate exceeded" },
        headers: { "x-amzn-errortype": "ThrottlingException" },
      },
      { status: 200, body: { sbom: { bomFormat: "CycloneDX" } } },
    ]);
    const out = await client(handler, sleeps).scanSbom({ sbom: SBOM });
    expect(out).to.deep.equal({ sbom: { bomFormat: "CycloneDX" } });
    // 2 s from Retry-After, then 2 s of exponential backoff (attempt 2: 2^1) with no header.
    expect(sleeps).to.deep.equal([2000, 2000]);
    expect(handler.requests).to.have.length(3);
  });

  it("gives up after 3 throttled retries with a typed ThrottlingException (4 attempts)", async () => {
    const sleeps: number[] = [];
    const throttled: Canned = {
      status: 429,
      body: { message: "Rate exceeded" },
      headers: {
        "x-amzn-errortype": "ThrottlingException:http://internal.amazon.com/coral/",
        "retry-after": "1",
      },
    };
    const handler = new FakeScanHandler([throttled, throttled, throttled, throttled]);
    const e = await rejection(client(handler, sleeps).scanSbom({ sbom: SBOM }));
    expect(e).to.be.instanceOf(InspectorScanThrottlingError);
    expect((e as InspectorScanThrottlingError).attempts).to.equal(4);
    expect((e as Error).message).to.equal(
      "ScanSbom throttled (ThrottlingException) after 4 attempt(s): Rate exceeded",
    );
    expect(sleeps).to.deep.equal([1000, 1000, 1000]);
  });

  it("maps HTTP 400 ValidationException to a typed error with its reason, without retrying", async () => {
    const handler = new FakeScanHandler([
      {
        status: 400,
        body: { message: "Unable to parse the SBOM", reason: "CANNOT_PARSE" },
        headers: { "x-amzn-errortype": "ValidationException" },
      },
    ]);
    const e = await rejection(client(handler).scanSbom({ sbom: SBOM }));
    expect(e).to.be.instanceOf(InspectorScanValidationError);
    expect([(e as InspectorScanValidationError).reason, (e as Error).message]).to.deep.equal([
      "CANNOT_PARSE",
      "ScanSbom rejected the SBOM (ValidationException CANNOT_PARSE): Unable to parse the SBOM",
    ]);
    expect(handler.requests).to.have.length(1);
  });

  it("maps HTTP 403 AccessDeniedException to a typed error naming the missing permission", async () => {
    const handler = new FakeScanHandler([
      {
        status: 403,
        body: { message: "User is not authorized to perform: inspector-scan:ScanSbom" },
        headers: { "x-amzn-errortype": "AccessDeniedException" },
      },
    ]);
    const e = await rejection(client(handler).scanSbom({ sbom: SBOM }));
    expect(e).to.be.instanceOf(InspectorScanAccessDeniedError);
    expect((e as Error).message).to.equal(
      "ScanSbom denied (AccessDeniedException): User is not authorized to perform: inspector-scan:ScanSbom; the pipeline role needs inspector-scan:ScanSbom",
    );
  });

  it("maps any other failure to InspectorScanError with the status and type", async () => {
    const handler = new FakeScanHandler([
      {
        status: 500,
        body: { message: "Internal" },
        headers: { "x-amzn-errortype": "InternalServerException" },
      },
    ]);
    const e = await rejection(client(handler).scanSbom({ sbom: SBOM }));
    expect(e).to.be.instanceOf(InspectorScanError);
    expect([(e as InspectorScanError).statusCode, (e as Error).message]).to.deep.equal([
      500,
      "ScanSbom failed (HTTP 500 InternalServerException): Internal",
    ]);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-11-28T09:00:00Z");
  const cases: [string | undefined, number | undefined][] = [
    [undefined, undefined],
    ["", undefined],
    ["5", 5],
    ["600", 30],
    ["Sat, 28 Nov 2026 09:00:07 GMT", 7],
    ["not a date", undefined],
  ];
  for (const [value, expected] of cases) {
    it(`reads ${JSON.stringify(value)} as ${String(expected)} seconds (capped at 30)`, () => {
      expect(parseRetryAfter(value, now)).to.equal(expected);
    });
  }
});
