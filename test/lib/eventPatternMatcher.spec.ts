import { expect } from "chai";
import { EventPatternError, matchEventPattern } from "../../lib/eventPatternMatcher";

interface Case {
  readonly name: string;
  readonly pattern: Record<string, unknown>;
  readonly event: Record<string, unknown>;
  readonly matched: boolean;
}

const EVENT = {
  source: "aws.inspector2",
  region: "eu-central-1",
  resources: ["i-1", "i-2"],
  detail: {
    severity: "HIGH",
    score: 7.5,
    active: true,
    note: null,
    empty: "",
    file: "image.PNG",
    ip: "10.0.0.7",
    nested: { c1: 100 },
    items: [{ type: "AWS_EC2_INSTANCE", id: "i-1" }, { type: "AWS_ECR_CONTAINER_IMAGE" }],
  },
};

const CASES: Case[] = [
  { name: "exact string", pattern: { source: ["aws.inspector2"] }, event: EVENT, matched: true },
  {
    name: "exact string, other value",
    pattern: { source: ["aws.ec2"] },
    event: EVENT,
    matched: false,
  },
  {
    name: "values are alternatives (OR)",
    pattern: { detail: { severity: ["LOW", "HIGH"] } },
    event: EVENT,
    matched: true,
  },
  {
    name: "fields are conjunctive (AND)",
    pattern: { source: ["aws.inspector2"], region: ["us-east-1"] },
    event: EVENT,
    matched: false,
  },
  { name: "exact number", pattern: { detail: { score: [7.5] } }, event: EVENT, matched: true },
  {
    name: "a string never equals a number",
    pattern: { detail: { score: ["7.5"] } },
    event: EVENT,
    matched: false,
  },
  { name: "exact boolean", pattern: { detail: { active: [true] } }, event: EVENT, matched: true },
  { name: "null matches null", pattern: { detail: { note: [null] } }, event: EVENT, matched: true },
  {
    name: "null does not match a missing field",
    pattern: { detail: { missing: [null] } },
    event: EVENT,
    matched: false,
  },
  {
    name: "empty string matches empty string",
    pattern: { detail: { empty: [""] } },
    event: EVENT,
    matched: true,
  },
  {
    name: "empty string does not match null",
    pattern: { detail: { note: [""] } },
    event: EVENT,
    matched: false,
  },
  {
    name: "array field: any element matches",
    pattern: { resources: ["i-2"] },
    event: EVENT,
    matched: true,
  },
  {
    name: "array field: no element matches",
    pattern: { resources: ["i-3"] },
    event: EVENT,
    matched: false,
  },
  { name: "prefix", pattern: { region: [{ prefix: "eu-" }] }, event: EVENT, matched: true },
  { name: "prefix, other", pattern: { region: [{ prefix: "us-" }] }, event: EVENT, matched: false },
  {
    name: "prefix ignoring case",
    pattern: { source: [{ prefix: { "equals-ignore-case": "AWS.INSP" } }] },
    event: EVENT,
    matched: true,
  },
  {
    name: "suffix",
    pattern: { detail: { file: [{ suffix: ".PNG" }] } },
    event: EVENT,
    matched: true,
  },
  {
    name: "suffix is case sensitive",
    pattern: { detail: { file: [{ suffix: ".png" }] } },
    event: EVENT,
    matched: false,
  },
  {
    name: "suffix ignoring case",
    pattern: { detail: { file: [{ suffix: { "equals-ignore-case": ".png" } }] } },
    event: EVENT,
    matched: true,
  },
  {
    name: "equals-ignore-case",
    pattern: { detail: { severity: [{ "equals-ignore-case": "high" }] } },
    event: EVENT,
    matched: true,
  },
  {
    name: "anything-but a value",
    pattern: { detail: { severity: [{ "anything-but": "LOW" }] } },
    event: EVENT,
    matched: true,
  },
  {
    name: "anything-but the value",
    pattern: { detail: { severity: [{ "anything-but": "HIGH" }] } },
    event: EVENT,
    matched: false,
  },
  {
    name: "anything-but a list",
    pattern: { detail: { severity: [{ "anything-but": ["HIGH", "CRITICAL"] }] } },
    event: EVENT,
    matched: false,
  },
  {
    name: "anything-but numbers",
    pattern: { detail: { score: [{ "anything-but": [1, 2] }] } },
    event: EVENT,
    matched: true,
  },
  {
    name: "anything-but a prefix",
    pattern: { region: [{ "anything-but": { prefix: "us-" } }] },
    event: EVENT,
    matched: true,
  },
  {
    name: "anything-but the prefix",
    pattern: { region: [{ "anything-but": { prefix: "eu-" } }] },
    event: EVENT,
    matched: false,
  },
  {
    name: "anything-but a suffix",
    pattern: { detail: { file: [{ "anything-but": { suffix: ".PNG" } }] } },
    event: EVENT,
    matched: false,
  },
  {
    name: "anything-but ignoring case",
    pattern: { detail: { severity: [{ "anything-but": { "equals-ignore-case": ["high"] } }] } },
    event: EVENT,
    matched: false,
  },
  {
    name: "anything-but a wildcard",
    pattern: { detail: { file: [{ "anything-but": { wildcard: "*.jpg" } }] } },
    event: EVENT,
    matched: true,
  },
  {
    name: "anything-but needs the field",
    pattern: { detail: { missing: [{ "anything-but": "x" }] } },
    event: EVENT,
    matched: false,
  },
  {
    name: "numeric range",
    pattern: { detail: { score: [{ numeric: [">", 7, "<=", 9] }] } },
    event: EVENT,
    matched: true,
  },
  {
    name: "numeric range, outside",
    pattern: { detail: { score: [{ numeric: [">=", 8] }] } },
    event: EVENT,
    matched: false,
  },
  {
    name: "numeric equals",
    pattern: { detail: { score: [{ numeric: ["=", 7.5] }] } },
    event: EVENT,
    matched: true,
  },
  {
    name: "numeric never matches a string",
    pattern: { detail: { severity: [{ numeric: [">=", 0] }] } },
    event: EVENT,
    matched: false,
  },
  {
    name: "exists true",
    pattern: { detail: { severity: [{ exists: true }] } },
    event: EVENT,
    matched: true,
  },
  {
    name: "exists true on a missing field",
    pattern: { detail: { missing: [{ exists: true }] } },
    event: EVENT,
    matched: false,
  },
  {
    name: "exists false on a missing field",
    pattern: { detail: { missing: [{ exists: false }] } },
    event: EVENT,
    matched: true,
  },
  {
    name: "exists false on a present field",
    pattern: { detail: { severity: [{ exists: false }] } },
    event: EVENT,
    matched: false,
  },
  {
    name: "exists false on an object (not a leaf)",
    pattern: { detail: { nested: [{ exists: false }] } },
    event: EVENT,
    matched: true,
  },
  {
    name: "exists false under a missing parent",
    pattern: { nothing: { deeper: [{ exists: false }] } },
    event: EVENT,
    matched: true,
  },
  { name: "wildcard", pattern: { region: [{ wildcard: "eu-*-1" }] }, event: EVENT, matched: true },
  {
    name: "wildcard, other",
    pattern: { region: [{ wildcard: "us-*" }] },
    event: EVENT,
    matched: false,
  },
  {
    name: "wildcard with an escaped star",
    pattern: { detail: { file: [{ wildcard: "image\\*" }] } },
    event: EVENT,
    matched: false,
  },
  {
    name: "cidr",
    pattern: { detail: { ip: [{ cidr: "10.0.0.0/24" }] } },
    event: EVENT,
    matched: true,
  },
  {
    name: "cidr, outside",
    pattern: { detail: { ip: [{ cidr: "10.0.1.0/24" }] } },
    event: EVENT,
    matched: false,
  },
  {
    name: "nested object",
    pattern: { detail: { nested: { c1: [100] } } },
    event: EVENT,
    matched: true,
  },
  {
    name: "nested object under a missing field",
    pattern: { detail: { missing: { c1: [100] } } },
    event: EVENT,
    matched: false,
  },
  {
    name: "array of objects: one element matches the nested pattern",
    pattern: { detail: { items: { type: ["AWS_EC2_INSTANCE"], id: ["i-1"] } } },
    event: EVENT,
    matched: true,
  },
  {
    name: "array of objects: fields from different elements do not combine",
    pattern: { detail: { items: { type: ["AWS_ECR_CONTAINER_IMAGE"], id: ["i-1"] } } },
    event: EVENT,
    matched: false,
  },
  {
    name: "$or: one branch matches",
    pattern: { $or: [{ region: ["us-east-1"] }, { detail: { severity: ["HIGH"] } }] },
    event: EVENT,
    matched: true,
  },
  {
    name: "$or: no branch matches",
    pattern: { $or: [{ region: ["us-east-1"] }, { detail: { severity: ["LOW"] } }] },
    event: EVENT,
    matched: false,
  },
  {
    name: "$or nested, with a sibling field",
    pattern: {
      source: ["aws.inspector2"],
      detail: { $or: [{ score: [{ numeric: [">", 9] }] }, { active: [true] }] },
    },
    event: EVENT,
    matched: true,
  },
];

describe("matchEventPattern", () => {
  for (const c of CASES) {
    it(`${c.matched ? "matches" : "does not match"}: ${c.name}`, () => {
      expect(matchEventPattern(c.pattern, c.event).matched).to.equal(c.matched);
    });
  }

  it("explains every field, in pattern order", () => {
    const result = matchEventPattern(
      {
        source: ["aws.inspector2"],
        detail: { severity: [{ numeric: [">=", 7] }], missing: ["x"] },
      },
      EVENT,
    );
    expect(result).to.deep.equal({
      matched: false,
      fields: [
        {
          path: "source",
          matched: true,
          reason: 'source "aws.inspector2" matches "aws.inspector2"',
        },
        {
          path: "detail.severity",
          matched: false,
          reason:
            'detail.severity "HIGH" does not match [{"numeric":[">=",7]}] (numeric matching only applies to JSON numbers, not strings)',
        },
        {
          path: "detail.missing",
          matched: false,
          reason: 'detail.missing is absent; the pattern needs one of ["x"]',
        },
      ],
    });
  });

  const INVALID: { name: string; pattern: unknown; message: string }[] = [
    {
      name: "a pattern that is not an object",
      pattern: ["x"],
      message: 'the event pattern must be a JSON object, got ["x"]',
    },
    {
      name: "a scalar field value",
      pattern: { source: "aws.inspector2" },
      message:
        'source: a pattern value must be a list of matchers or an object, got "aws.inspector2"',
    },
    {
      name: "an empty matcher list",
      pattern: { source: [] },
      message: "source: an empty list of matchers matches nothing; remove the field or list values",
    },
    {
      name: "an unknown operator",
      pattern: { source: [{ contains: "x" }] },
      message: 'source: unknown pattern operator "contains"',
    },
    {
      name: "a numeric filter with a string bound",
      pattern: { n: [{ numeric: [">", "7"] }] },
      message: 'n: numeric operator ">" with "7" is not one of = < <= > >= followed by a number',
    },
    {
      name: "an $or with one branch",
      pattern: { $or: [{ a: ["b"] }] },
      message: "$or: needs a list of at least two sub-patterns",
    },
    {
      name: "an IPv6 cidr",
      pattern: { ip: [{ cidr: "2001:db8::/32" }] },
      message: 'ip: cidr "2001:db8::/32" is not an IPv4 CIDR block (IPv6 is not modelled offline)',
    },
  ];
  for (const c of INVALID) {
    it(`rejects ${c.name}`, () => {
      expect(() => matchEventPattern(c.pattern, EVENT)).to.throw(EventPatternError, c.message);
    });
  }
});
