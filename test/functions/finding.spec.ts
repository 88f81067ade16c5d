import { expect } from "chai";
import {
  MalformedEventError,
  parseFindingEvent,
  parseInspectorTime,
  regionOf,
  versionOf,
} from "../../functions/lib/finding";
import { loadSampleEvent } from "../helpers/remediationFakes";

describe("parseFindingEvent", () => {
  const samples = [
    ["finding-ec2-package-vulnerability.json", "AWS_EC2_INSTANCE", "CLOSED"],
    ["finding-ecr-package-vulnerability.json", "AWS_ECR_CONTAINER_IMAGE", "ACTIVE"],
    ["finding-lambda-package-vulnerability.json", "AWS_LAMBDA_FUNCTION", "ACTIVE"],
  ] as const;
  for (const [file, type, status] of samples) {
    it(`accepts AWS's sample ${file}`, () => {
      const event = parseFindingEvent(JSON.stringify(loadSampleEvent(file)));
      expect([event.detail.resources[0].type, event.detail.status]).to.deep.equal([type, status]);
    });
  }

  it("accepts a finding without inspectorScore, epss, fixAvailable and updatedAt", () => {
    const event = loadSampleEvent("finding-ec2-package-vulnerability.json");
    for (const key of ["inspectorScore", "epss", "fixAvailable", "exploitAvailable", "updatedAt"]) {
      delete event.detail[key];
    }
    expect(versionOf(parseFindingEvent(event).detail)).to.equal("Wed Sep 04 16:59:44.476 UTC 2024");
  });

  it("rejects a body that is not JSON", () => {
    expect(() => parseFindingEvent("{")).to.throw(
      MalformedEventError,
      "malformed Inspector2 finding event: body is not JSON",
    );
  });

  it("rejects a finding without resources and with a short account id, naming both", () => {
    const event = loadSampleEvent("finding-ec2-package-vulnerability.json");
    event.detail.resources = [];
    event.detail.awsAccountId = "1234";
    expect(() => parseFindingEvent(event)).to.throw(
      "malformed Inspector2 finding event: detail.awsAccountId: awsAccountId must be a 12-digit id; detail.resources: Too small: expected array to have >=1 items",
    );
  });
});

describe("parseInspectorTime", () => {
  const cases: [string, string | undefined][] = [
    ["Wed Sep 04 16:59:44.356 UTC 2024", "2024-09-04T16:59:44.356Z"],
    ["2026-06-12T01:30:00.000Z", "2026-06-12T01:30:00.000Z"],
    ["Jan 19, 2023, 10:46:15 PM", new Date(Date.parse("Jan 19, 2023, 10:46:15 PM")).toISOString()],
    ["not a time", undefined],
  ];
  for (const [text, iso] of cases) {
    it(`parses ${JSON.stringify(text)}`, () => {
      expect(parseInspectorTime(text)?.toISOString()).to.equal(iso);
    });
  }
});

describe("regionOf", () => {
  it("takes the resource's Region, and the event's when the resource says N/A (older ECR samples)", () => {
    const event = loadSampleEvent("finding-ecr-package-vulnerability.json");
    const first = regionOf(parseFindingEvent(event));
    (event.detail.resources as Record<string, unknown>[])[0].region = "N/A";
    event.region = "us-west-2";
    expect([first, regionOf(parseFindingEvent(event))]).to.deep.equal([
      "eu-central-1",
      "us-west-2",
    ]);
  });
});
