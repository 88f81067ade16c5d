import { expect } from "chai";
import { FindingEventSchema } from "../../functions/lib/findingEvent";
import { formatFindingMessage } from "../../functions/lib/formatFindingMessage";
import { loadSample, SAMPLE_FILES, variant } from "../helpers/events";

function parse(event: unknown) {
  return FindingEventSchema.parse(event);
}

describe("formatFindingMessage", () => {
  it("formats the Lambda sample for a person: title, severity, resource, account, Region, fix, exploit, link", () => {
    const message = formatFindingMessage(
      parse(loadSample("finding-lambda-package-vulnerability.json")),
    );
    expect(message).to.deep.equal({
      subject: "[HIGH] CVE-2023-30861 - flask in 123456789012 eu-central-1",
      body: [
        "HIGH Amazon Inspector finding: CVE-2023-30861 - flask",
        "",
        "Severity:          HIGH (Inspector score 7.5)",
        "Status:            ACTIVE",
        "Type:              PACKAGE_VULNERABILITY",
        "Resource:          AWS_LAMBDA_FUNCTION arn:aws:lambda:eu-central-1:123456789012:function:VulnerableFunction:$LATEST",
        "Account:           123456789012",
        "Region:            eu-central-1",
        "Fix available:     YES",
        "Exploit available: YES (last known exploit Sat Aug 31 00:04:50.000 UTC 2024)",
        "Vulnerability:     CVE-2023-30861 (NVD)",
        "Packages:",
        "  - flask 2.0.0 -> 2.3.2",
        "",
        "Console:           https://eu-central-1.console.aws.amazon.com/inspector/v2/home?region=eu-central-1#/findings/all",
        "Finding ARN:       arn:aws:inspector2:eu-central-1:123456789012:finding/{{FINDING_ID}}",
        "Updated:           Wed Sep 04 16:50:37.627 UTC 2024",
      ].join("\n"),
    });
  });

  it("says so when the finding has no Inspector score (the ECR sample)", () => {
    const message = formatFindingMessage(
      parse(loadSample("finding-ecr-package-vulnerability.json")),
    );
    expect(message.subject).to.equal(
      "[MEDIUM] CVE-2024-6119 - libssl3t64, openssl in 123456789012 eu-central-1",
    );
    const lines = message.body.split("\n");
    expect(lines.slice(2, 13)).to.deep.equal([
      "Severity:          MEDIUM (no Inspector score)",
      "Status:            ACTIVE",
      "Type:              PACKAGE_VULNERABILITY",
      "Resource:          AWS_ECR_CONTAINER_IMAGE arn:aws:ecr:eu-central-1:123456789012:repository/inspector2/sha256:84f507df33c6864d49c296fb734192696e4cb6f78166ac51ac8b9b118181085d",
      "Account:           123456789012",
      "Region:            eu-central-1",
      "Fix available:     YES",
      "Exploit available: NO",
      "Vulnerability:     CVE-2024-6119 (UBUNTU_CVE)",
      "Packages:",
      "  - libssl3t64 3.0.13 -> 0:3.0.13-0ubuntu3.4",
    ]);
  });

  it("formats every sample, the closed EC2 one included", () => {
    for (const file of SAMPLE_FILES) {
      const message = formatFindingMessage(parse(loadSample(file)));
      expect(message.subject.length, file).to.be.at.most(100);
      expect(message.body, file).to.contain("Account:           123456789012");
    }
    const ec2 = formatFindingMessage(parse(loadSample("finding-ec2-package-vulnerability.json")));
    expect(ec2.body.split("\n").slice(2, 5)).to.deep.equal([
      "Severity:          MEDIUM (Inspector score 4.8)",
      "Status:            CLOSED",
      "Type:              PACKAGE_VULNERABILITY",
    ]);
  });

  it("explains PARTIAL fixes, lists at most five packages and keeps the subject within 100 ASCII characters", () => {
    const packages = Array.from({ length: 7 }, (_, i) => ({ name: `pkg${i}`, version: "1.0" }));
    const event = variant(
      "finding-lambda-package-vulnerability.json",
      {},
      {
        title: `CVE-2024-0001 - ${"ü".repeat(120)}`,
        fixAvailable: "PARTIAL",
        packageVulnerabilityDetails: {
          vulnerabilityId: "CVE-2024-0001",
          vulnerablePackages: packages,
        },
      },
    );
    const message = formatFindingMessage(parse(event));
    expect(message.subject).to.have.length(100);
    expect(message.subject).to.match(/^\[HIGH\] CVE-2024-0001 - \?+\.\.\.$/);
    const lines = message.body.split("\n");
    expect(lines).to.include(
      "Fix available:     PARTIAL (some, not all, packages have a fixed version)",
    );
    expect(
      lines.slice(lines.indexOf("Packages:") + 1, lines.indexOf("Packages:") + 7),
    ).to.deep.equal([
      "  - pkg0 1.0 (no fixed version)",
      "  - pkg1 1.0 (no fixed version)",
      "  - pkg2 1.0 (no fixed version)",
      "  - pkg3 1.0 (no fixed version)",
      "  - pkg4 1.0 (no fixed version)",
      "  - and 2 more",
    ]);
  });

  // SNS subjects: at most 100 characters (functions/lib/snsSubject.ts). "[HIGH] " and
  // " in 123456789012 eu-central-1" are 36 characters around the title.
  for (const [titleLength, subjectLength] of [
    [63, 99],
    [64, 100],
    [65, 101],
  ]) {
    it(`keeps a ${subjectLength}-character subject ${subjectLength > 100 ? "to 97 characters and ..." : "whole"}`, () => {
      const title = "t".repeat(titleLength);
      const event = variant("finding-lambda-package-vulnerability.json", {}, { title });
      const whole = `[HIGH] ${title} in 123456789012 eu-central-1`;
      expect(whole).to.have.length(subjectLength);
      expect(formatFindingMessage(parse(event)).subject).to.equal(
        subjectLength > 100 ? `[HIGH] ${"t".repeat(65)} in 123456789012 eu-centr...` : whole,
      );
    });
  }

  // Five packages are listed, then "and N more".
  for (const count of [4, 5, 6]) {
    it(`lists ${count} vulnerable packages ${count > 5 ? "as five and a count" : "in full"}`, () => {
      const packages = Array.from({ length: count }, (_, i) => ({
        name: `pkg${i}`,
        version: "1.0",
      }));
      const event = variant(
        "finding-lambda-package-vulnerability.json",
        {},
        {
          packageVulnerabilityDetails: {
            vulnerabilityId: "CVE-2024-0001",
            vulnerablePackages: packages,
          },
        },
      );
      const lines = formatFindingMessage(parse(event)).body.split("\n");
      const listed = lines.slice(
        lines.indexOf("Packages:") + 1,
        lines.indexOf("", lines.indexOf("Packages:")),
      );
      expect(listed).to.deep.equal([
        ...Array.from(
          { length: Math.min(count, 5) },
          (_, i) => `  - pkg${i} 1.0 (no fixed version)`,
        ),
        ...(count > 5 ? ["  - and 1 more"] : []),
      ]);
    });
  }

  it("rejects a finding event whose severity is a number, at the edge", () => {
    const result = FindingEventSchema.safeParse(
      variant("finding-lambda-package-vulnerability.json", {}, { severity: 8 }),
    );
    expect(result.success).to.equal(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).to.deep.equal(["detail.severity"]);
  });
});
