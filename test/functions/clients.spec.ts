import { expect } from "chai";
import { Inspector2Client, ListFindingsCommand } from "@aws-sdk/client-inspector2";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SecretsProvider } from "@aws-lambda-powertools/parameters/secrets";
import { mockClient } from "aws-sdk-client-mock";
import {
  InspectorFindingLookup,
  packagesOf,
  secretsManagerSecretReader,
  SnsNotifier,
  TicketWebhookError,
  WebhookTicketer,
} from "../../functions/lib/clients";

const sns = new SNSClient({ region: "us-east-1" });
const snsMock = mockClient(sns);
const inspector = new Inspector2Client({ region: "us-east-1" });
const inspectorMock = mockClient(inspector);

/** A fetch stand-in that records requests and answers with `status` and `body`. */
function fakeFetch(status: number, body: unknown = {}) {
  const requests: { url: string; init: RequestInit | undefined }[] = [];
  const fn: typeof fetch = (url, init) => {
    requests.push({ url: url instanceof Request ? url.url : url.toString(), init });
    return Promise.resolve(new Response(JSON.stringify(body), { status }));
  };
  return { fn, requests };
}

describe("SnsNotifier", () => {
  beforeEach(() => snsMock.reset());

  it("publishes JSON with string message attributes and a subject cut to 100 characters", async () => {
    snsMock.on(PublishCommand).resolves({ MessageId: "m" });
    await new SnsNotifier(sns, "arn:aws:sns:us-east-1:222222222222:t").publish({
      subject: "x".repeat(120),
      message: { a: 1 },
      attributes: { owner: "team-a", action: "notify" },
    });
    expect(snsMock.commandCalls(PublishCommand)[0].args[0].input).to.deep.equal({
      TopicArn: "arn:aws:sns:us-east-1:222222222222:t",
      Subject: `${"x".repeat(97)}...`,
      Message: '{"a":1}',
      MessageAttributes: {
        owner: { DataType: "String", StringValue: "team-a" },
        action: { DataType: "String", StringValue: "notify" },
      },
    });
  });
  it("publishes a subject SNS accepts: printable ASCII only (a finding title may not be)", async () => {
    snsMock.on(PublishCommand).resolves({ MessageId: "m" });
    await new SnsNotifier(sns, "arn:aws:sns:us-east-1:222222222222:t").publish({
      subject: "[HIGH] notify: CVE-2026-1 in libxml2 – Überlauf\n",
      message: {},
      attributes: {},
    });
    expect(snsMock.commandCalls(PublishCommand)[0].args[0].input.Subject).to.equal(
      "[HIGH] notify: CVE-2026-1 in libxml2 ? ?berlauf?",
    );
  });
});

describe("WebhookTicketer", () => {
  it("posts the ticket with the bearer token and an idempotency key", async () => {
    const f = fakeFetch(201);
    await new WebhookTicketer("https://t.example.com/h", () => Promise.resolve("tok"), f.fn).open(
      { title: "x" },
      "arn:f@v1",
    );
    const init = f.requests[0].init as RequestInit;
    expect([f.requests[0].url, init.method, init.headers, init.body]).to.deep.equal([
      "https://t.example.com/h",
      "POST",
      {
        "content-type": "application/json",
        authorization: "Bearer tok",
        "idempotency-key": "arn:f@v1",
      },
      '{"title":"x"}',
    ]);
  });

  it("throws TicketWebhookError on a non-2xx answer so the record is retried", async () => {
    const f = fakeFetch(503);
    let caught: unknown;
    try {
      await new WebhookTicketer("https://t.example.com/h", () => Promise.resolve("t"), f.fn).open(
        {},
        "k",
      );
    } catch (err) {
      caught = err;
    }
    expect(caught).to.be.instanceOf(TicketWebhookError);
    expect((caught as TicketWebhookError).status).to.equal(503);
  });
});

describe("secretsManagerSecretReader", () => {
  const SECRET = "arn:aws:secretsmanager:us-east-1:111111111111:secret:tickets-AbCdEf";

  function reader() {
    const client = new SecretsManagerClient({ region: "us-east-1" });
    const mock = mockClient(client);
    return {
      mock,
      read: secretsManagerSecretReader(SECRET, new SecretsProvider({ awsSdkV3Client: client })),
    };
  }

  it("reads the secret once and reuses it within the cache window", async () => {
    const { mock, read } = reader();
    mock.on(GetSecretValueCommand).resolves({ SecretString: "s3cret" });
    const values = [await read(), await read(), await read()];
    expect(values).to.deep.equal(["s3cret", "s3cret", "s3cret"]);
    expect(mock.commandCalls(GetSecretValueCommand).map((c) => c.args[0].input)).to.deep.equal([
      { SecretId: SECRET },
    ]);
  });

  it("refuses a binary secret with a message that names it", async () => {
    const { mock, read } = reader();
    mock.on(GetSecretValueCommand).resolves({ SecretBinary: new Uint8Array([1, 2]) });
    let caught: unknown;
    try {
      await read();
    } catch (err) {
      caught = err;
    }
    expect((caught as Error).message).to.equal(
      `the ticket secret ${SECRET} has no SecretString; store the webhook token as a string secret`,
    );
  });

  it("passes Secrets Manager's error on, so the ticket (and the record) is retried", async () => {
    const { mock, read } = reader();
    mock.on(GetSecretValueCommand).rejects(new Error("AccessDeniedException"));
    let caught: unknown;
    try {
      await read();
    } catch (err) {
      caught = err;
    }
    expect(String((caught as Error).message)).to.contain("AccessDeniedException");
  });
});

describe("InspectorFindingLookup", () => {
  beforeEach(() => inspectorMock.reset());

  it("builds the install list from the instance's ACTIVE package findings across pages", async () => {
    inspectorMock
      .on(ListFindingsCommand)
      .resolvesOnce({
        findings: [
          {
            packageVulnerabilityDetails: { vulnerablePackages: [{ name: "snapd", version: "1" }] },
          },
        ] as never,
        nextToken: "n",
      })
      .resolvesOnce({
        findings: [
          {
            packageVulnerabilityDetails: {
              vulnerablePackages: [
                { name: "openssl", version: "1" },
                { name: "snapd", version: "1" },
              ],
            },
          },
        ] as never,
      });
    const packages = await new InspectorFindingLookup(inspector).activePackages(
      "123456789012",
      "i-1",
    );
    expect(packages).to.deep.equal(["openssl", "snapd"]);
    // The paginator reuses one input object (adding nextToken), so compare its criteria only.
    expect(inspectorMock.commandCalls(ListFindingsCommand).length).to.equal(2);
    expect(
      inspectorMock.commandCalls(ListFindingsCommand)[0].args[0].input.filterCriteria,
    ).to.deep.equal({
      awsAccountId: [{ comparison: "EQUALS", value: "123456789012" }],
      resourceId: [{ comparison: "EQUALS", value: "i-1" }],
      findingStatus: [{ comparison: "EQUALS", value: "ACTIVE" }],
      findingType: [{ comparison: "EQUALS", value: "PACKAGE_VULNERABILITY" }],
    });
  });

  // StartAutomationExecution takes at most 50 values per parameter (SSM API reference,
  // AutomationParameterValueList): the install list stops at 50 packages.
  const names = (from: number, count: number) =>
    Array.from({ length: count }, (_, i) => `p${String(from + i).padStart(2, "0")}`);
  const page = (packageNames: string[], nextToken?: string) => ({
    findings: [
      {
        packageVulnerabilityDetails: {
          vulnerablePackages: packageNames.map((name) => ({ name, version: "1" })),
        },
      },
    ] as never,
    nextToken,
  });
  for (const [first, calls, expected] of [
    [49, 2, names(0, 50)],
    [50, 1, names(0, 50)],
    [51, 1, names(0, 50)],
  ] as const) {
    it(`stops the install list at 50 packages: ${first} on the first page`, async () => {
      inspectorMock
        .on(ListFindingsCommand)
        .resolvesOnce(page(names(0, first), "n"))
        .resolvesOnce(page(["zlib"]));
      const packages = await new InspectorFindingLookup(inspector).activePackages(
        "123456789012",
        "i-1",
      );
      expect([packages, inspectorMock.commandCalls(ListFindingsCommand).length]).to.deep.equal([
        first === 49 ? [...names(0, 49), "zlib"] : expected,
        calls,
      ]);
    });
  }

  it("says an instance is exposed when it has an ACTIVE network reachability finding", async () => {
    inspectorMock.on(ListFindingsCommand).resolves({ findings: [{}] as never });
    expect(await new InspectorFindingLookup(inspector).isInstanceExposed("1", "i-1")).to.equal(
      true,
    );
    expect(
      inspectorMock.commandCalls(ListFindingsCommand)[0].args[0].input.filterCriteria?.findingType,
    ).to.deep.equal([{ comparison: "EQUALS", value: "NETWORK_REACHABILITY" }]);
  });
});

describe("packagesOf", () => {
  for (const count of [49, 50, 51]) {
    it(`lists ${Math.min(count, 50)} of a finding's ${count} package names`, () => {
      const vulnerablePackages = Array.from({ length: count }, (_, i) => ({
        name: `p${String(count - 1 - i).padStart(2, "0")}`,
        version: "1",
      }));
      const listed = packagesOf({ packageVulnerabilityDetails: { vulnerablePackages } } as never);
      expect(listed).to.deep.equal(
        Array.from({ length: Math.min(count, 50) }, (_, i) => `p${String(i).padStart(2, "0")}`),
      );
    });
  }
});
