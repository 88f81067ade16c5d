/**
 * Every security document of the example stacks is written out literally in a spec (issue 18):
 * the manifest in literalDocuments.ts names the spec, and the spec must spell out the document's
 * statement ids, actions, service principals and condition keys. These cases are the check's own;
 * it runs over both example stacks in deployChecks.spec.ts, where their plans already are.
 */
import { expect } from "chai";
import type { PolicyUnderTest } from "./iamOracle";
import {
  checkLiteralAssertions,
  documentKey,
  literalsOf,
  specHasLiteral,
} from "./literalDocuments";

const TRUST = {
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "AllowServiceAssumeRole",
      Effect: "Allow",
      Principal: { Service: "scheduler.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "aws:SourceAccount": "222222222222" } },
    },
  ],
};

describe("literal assertions of the security documents: the check", () => {
  it("keys a per-Region copy by R, in the resource name and in the StackSet's source", () => {
    expect(documentKey("aws:iam/role:Role inspector-routing-eu-west-1-forward")).to.equal(
      "aws:iam/role:Role inspector-routing-R-forward",
    );
    expect(
      documentKey(
        "aws:cloudformation/stackSet:StackSet inspector-member-baseline ap-southeast-2 DefaultHostManagementRole trust",
      ),
    ).to.equal(
      "aws:cloudformation/stackSet:StackSet inspector-member-baseline R DefaultHostManagementRole trust",
    );
    expect(documentKey("aws:kms/key:Key inspector-notify-us-gov-west-1-key")).to.equal(
      "aws:kms/key:Key inspector-notify-R-key",
    );
  });

  it("reads the statement ids, actions, service principals, condition operators and keys", () => {
    expect(literalsOf(TRUST)).to.deep.equal([
      "AllowServiceAssumeRole",
      "sts:AssumeRole",
      "scheduler.amazonaws.com",
      "StringEquals",
      "aws:SourceAccount",
    ]);
    expect(
      literalsOf({
        Statement: [
          { Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Principal: { AWS: "arn:x" } },
          { NotAction: "iam:*", Principal: { Service: ["a.amazonaws.com", "b.amazonaws.com"] } },
        ],
      }),
    ).to.deep.equal([
      "kms:Decrypt",
      "kms:GenerateDataKey*",
      "iam:*",
      "a.amazonaws.com",
      "b.amazonaws.com",
    ]);
  });

  it("finds a literal quoted, as an unquoted key, or with another Region in it; not as part of a longer string", () => {
    const text = `Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } }, Principal: { Service: "logs.us-east-1.amazonaws.com" }, Action: "kms:GenerateDataKey*"`;
    expect(specHasLiteral(text, "StringEquals")).to.equal(true);
    expect(specHasLiteral(text, "aws:SourceAccount")).to.equal(true);
    expect(specHasLiteral(text, "logs.eu-west-1.amazonaws.com")).to.equal(true);
    expect(specHasLiteral(text, "kms:GenerateDataKey*")).to.equal(true);
    expect(specHasLiteral(text, "kms:GenerateDataKey")).to.equal(false);
    expect(specHasLiteral(text, "StringLike")).to.equal(false);
    expect(specHasLiteral(text, "logs.amazonaws.com")).to.equal(false);
  });

  describe("fails on the defects it exists for", () => {
    const policy = (source: string, document: unknown = TRUST): PolicyUnderTest => ({
      source,
      kind: "trust",
      document,
    });
    const literalSpec = JSON.stringify(TRUST, null, 2);

    it("a new document with no entry", () => {
      expect(
        checkLiteralAssertions(
          [policy("aws:iam/role:Role inspector-new-us-east-1-thing")],
          {},
          () => literalSpec,
        ),
      ).to.deep.equal([
        "aws:iam/role:Role inspector-new-R-thing: no spec writes this trust document out; assert it statement by statement (literal values, not its builder's output) and name the spec in test/oracle/literalDocuments.ts",
      ]);
    });

    it("a spec that compares the document with its builder's output, once per document for its Regions", () => {
      const builderSpec = `expect(trust).to.deep.equal(buildServiceTrustPolicy("scheduler.amazonaws.com", ACCOUNT));`;
      expect(
        checkLiteralAssertions(
          [
            policy("aws:iam/role:Role x-us-east-1-scheduler"),
            policy("aws:iam/role:Role x-eu-west-1-scheduler"),
          ],
          { "aws:iam/role:Role x-R-scheduler": "test/x.spec.ts" },
          () => builderSpec,
        ),
      ).to.deep.equal([
        `aws:iam/role:Role x-R-scheduler: test/x.spec.ts does not spell out "AllowServiceAssumeRole", "sts:AssumeRole", "StringEquals", "aws:SourceAccount"`,
      ]);
    });

    it("an entry whose spec is gone, and an entry no document matches", () => {
      expect(
        checkLiteralAssertions(
          [policy("aws:iam/role:Role a")],
          { "aws:iam/role:Role a": "test/gone.spec.ts", "aws:iam/role:Role b": "test/b.spec.ts" },
          () => undefined,
        ),
      ).to.deep.equal([
        "aws:iam/role:Role a: test/gone.spec.ts does not exist",
        "aws:iam/role:Role b: listed in test/oracle/literalDocuments.ts but no plan has it",
      ]);
    });

    it("passes the same document written out literally", () => {
      expect(
        checkLiteralAssertions(
          [policy("aws:iam/role:Role a")],
          { "aws:iam/role:Role a": "test/a.spec.ts" },
          () => literalSpec,
        ),
      ).to.deep.equal([]);
    });
  });
});
