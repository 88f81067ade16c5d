/**
 * What the event pattern matcher says (issue 18): every refusal of a pattern EventBridge would
 * reject, word for word, and every explanation `npm run explain-event` prints (absent fields,
 * objects where a leaf is wanted, array elements, `$or` branches, numeric filters on strings).
 * Written against the surviving mutants of the `events` group (docs/mutation.md): each expected
 * text is written out here, never produced by the matcher's own helpers.
 */
import { expect } from "chai";
import { matchEventPattern } from "../../lib/eventPatternMatcher";

/** The message a pattern is refused with, or "accepted". */
function refusal(pattern: unknown, event: unknown = { detail: { v: "x" } }): string {
  try {
    matchEventPattern(pattern, event);
  } catch (err) {
    return `${(err as Error).name}: ${(err as Error).message}`;
  }
  return "accepted";
}

/** The refusal of `{detail: {v: [matcher]}}`. */
const refusalOf = (matcher: unknown, value: unknown = "x"): string =>
  refusal({ detail: { v: [matcher] } }, { detail: { v: value } });

describe("event pattern matcher: refusals, word for word", () => {
  const cases: [string, unknown, string][] = [
    ["a list as a matcher", ["a"], 'detail.v: a matcher cannot be a list, got ["a"]'],
    [
      "a content filter with two operators",
      { prefix: "a", suffix: "b" },
      'detail.v: a content filter has exactly one operator, got {"prefix":"a","suffix":"b"}',
    ],
    [
      "a content filter with no operator",
      {},
      "detail.v: a content filter has exactly one operator, got {}",
    ],
    ["prefix of a number", { prefix: 1 }, "detail.v: prefix needs a string, got 1"],
    [
      "suffix of equals-ignore-case of a number",
      { suffix: { "equals-ignore-case": 1 } },
      'detail.v: suffix needs a string, got {"equals-ignore-case":1}',
    ],
    [
      "equals-ignore-case of a number",
      { "equals-ignore-case": 7 },
      "detail.v: equals-ignore-case needs a string, got 7",
    ],
    ["wildcard of a list", { wildcard: ["a*"] }, 'detail.v: wildcard needs a string, got ["a*"]'],
    ["cidr of a number", { cidr: 10 }, "detail.v: cidr needs a string, got 10"],
    [
      "cidr of IPv6",
      { cidr: "2001:db8::/32" },
      'detail.v: cidr "2001:db8::/32" is not an IPv4 CIDR block (IPv6 is not modelled offline)',
    ],
    ["exists of a string", { exists: "true" }, 'detail.v: exists needs true or false, got "true"'],
    ["an unknown operator", { regex: "a.*" }, 'detail.v: unknown pattern operator "regex"'],
    [
      "numeric without operands",
      { numeric: [] },
      'detail.v: numeric needs operator/number pairs such as [">", 0, "<=", 5], got []',
    ],
    [
      "numeric with an odd number of operands",
      { numeric: [">", 0, "<"] },
      'detail.v: numeric needs operator/number pairs such as [">", 0, "<=", 5], got [">",0,"<"]',
    ],
    [
      "numeric that is not a list",
      { numeric: ">" },
      'detail.v: numeric needs operator/number pairs such as [">", 0, "<=", 5], got ">"',
    ],
    [
      "numeric with an unknown operator",
      { numeric: ["!=", 1] },
      'detail.v: numeric operator "!=" with 1 is not one of = < <= > >= followed by a number',
    ],
    [
      "numeric with a string bound",
      { numeric: [">", "1"] },
      'detail.v: numeric operator ">" with "1" is not one of = < <= > >= followed by a number',
    ],
    [
      "numeric with a number as operator",
      { numeric: [1, 1] },
      "detail.v: numeric operator 1 with 1 is not one of = < <= > >= followed by a number",
    ],
    [
      "anything-but with no operator",
      { "anything-but": {} },
      "detail.v: anything-but takes one operator, got {}",
    ],
    [
      "anything-but with two operators",
      { "anything-but": { prefix: "a", suffix: "b" } },
      'detail.v: anything-but takes one operator, got {"prefix":"a","suffix":"b"}',
    ],
    [
      "anything-but numeric",
      { "anything-but": { numeric: [">", 1] } },
      'detail.v: anything-but does not support "numeric"',
    ],
    [
      "anything-but prefix of a number",
      { "anything-but": { prefix: 1 } },
      "detail.v: anything-but prefix needs strings, got 1",
    ],
    [
      "anything-but wildcard with a number in its list",
      { "anything-but": { wildcard: ["a*", 2] } },
      'detail.v: anything-but wildcard needs strings, got ["a*",2]',
    ],
    [
      "anything-but of a boolean",
      { "anything-but": true },
      "detail.v: anything-but needs strings or numbers, got true",
    ],
    [
      "anything-but of a list with null",
      { "anything-but": ["a", null] },
      'detail.v: anything-but needs strings or numbers, got ["a",null]',
    ],
  ];
  for (const [what, matcher, message] of cases) {
    it(what, () => {
      expect(refusalOf(matcher)).to.equal(`EventPatternError: ${message}`);
    });
  }

  it("checks a field's operators when the field is absent, and when its value is an object", () => {
    expect(refusal({ detail: { v: [{ prefix: 1 }] } }, { detail: {} })).to.equal(
      "EventPatternError: detail.v: prefix needs a string, got 1",
    );
    expect(refusal({ detail: { v: [{ exists: 1 }] } }, { detail: { v: { a: 1 } } })).to.equal(
      "EventPatternError: detail.v: exists needs true or false, got 1",
    );
  });

  it("refuses an empty list of matchers, a bad $or, a scalar pattern value and a pattern that is not an object", () => {
    expect(refusal({ detail: { v: [] } })).to.equal(
      "EventPatternError: detail.v: an empty list of matchers matches nothing; remove the field or list values",
    );
    const orRefusal = "EventPatternError: detail.$or: needs a list of at least two sub-patterns";
    expect(refusal({ detail: { $or: [{ v: ["x"] }] } })).to.equal(orRefusal);
    expect(refusal({ detail: { $or: { v: ["x"] } } })).to.equal(orRefusal);
    expect(refusal({ detail: { $or: [{ v: ["x"] }, ["y"]] } })).to.equal(orRefusal);
    expect(refusal({ $or: [{ source: ["a"] }] })).to.equal(
      "EventPatternError: $or: needs a list of at least two sub-patterns",
    );
    expect(refusal({ detail: { v: "x" } })).to.equal(
      'EventPatternError: detail.v: a pattern value must be a list of matchers or an object, got "x"',
    );
    expect(refusal({ detail: { v: null } })).to.equal(
      "EventPatternError: detail.v: a pattern value must be a list of matchers or an object, got null",
    );
    expect(refusal(["x"])).to.equal(
      'EventPatternError: the event pattern must be a JSON object, got ["x"]',
    );
    expect(refusal(null)).to.equal(
      "EventPatternError: the event pattern must be a JSON object, got null",
    );
    expect(refusal(undefined)).to.equal(
      "EventPatternError: the event pattern must be a JSON object, got undefined",
    );
  });
});

describe("event pattern matcher: the explanations, word for word", () => {
  const explain = (pattern: unknown, event: unknown) => matchEventPattern(pattern, event);

  it("an absent field, with and without exists:false", () => {
    expect(explain({ detail: { v: [{ exists: false }] } }, { detail: {} })).to.deep.equal({
      matched: true,
      fields: [
        {
          path: "detail.v",
          matched: true,
          reason: 'detail.v is absent, as {"exists":false} requires',
        },
      ],
    });
    expect(explain({ detail: { v: ["a", { prefix: "b" }] } }, { detail: {} })).to.deep.equal({
      matched: false,
      fields: [
        {
          path: "detail.v",
          matched: false,
          reason: 'detail.v is absent; the pattern needs one of ["a",{"prefix":"b"}]',
        },
      ],
    });
  });

  it("an object where a leaf is wanted: exists works on leaves only", () => {
    expect(
      explain({ detail: { v: [{ exists: false }] } }, { detail: { v: { a: 1 } } }),
    ).to.deep.equal({
      matched: true,
      fields: [
        {
          path: "detail.v",
          matched: true,
          reason: 'detail.v is an object, not a leaf value, as {"exists":false} requires',
        },
      ],
    });
    expect(
      explain({ detail: { v: [{ exists: true }] } }, { detail: { v: { a: 1 } } }),
    ).to.deep.equal({
      matched: false,
      fields: [
        {
          path: "detail.v",
          matched: false,
          reason:
            'detail.v is an object, not a leaf value; the pattern needs one of [{"exists":true}]',
        },
      ],
    });
  });

  it("a present leaf: exists:true matches it, exists:false does not", () => {
    expect(
      explain({ detail: { v: [{ exists: true }] } }, { detail: { v: 0 } }).fields,
    ).to.deep.equal([
      { path: "detail.v", matched: true, reason: 'detail.v 0 matches {"exists":true}' },
    ]);
    expect(
      explain({ detail: { v: [{ exists: false }] } }, { detail: { v: 0 } }).fields,
    ).to.deep.equal([
      { path: "detail.v", matched: false, reason: 'detail.v 0 does not match [{"exists":false}]' },
    ]);
  });

  it("names the matching element of an array, and the first matcher that accepts it", () => {
    expect(
      explain(
        { resources: [{ prefix: "arn:aws:ecr" }, "x"] },
        { resources: ["a", "arn:aws:ecr:r"] },
      ),
    ).to.deep.equal({
      matched: true,
      fields: [
        {
          path: "resources",
          matched: true,
          reason: 'resources "arn:aws:ecr:r" (an element) matches {"prefix":"arn:aws:ecr"}',
        },
      ],
    });
    expect(explain({ resources: ["x", { prefix: "x" }] }, { resources: "x" }).fields).to.deep.equal(
      [{ path: "resources", matched: true, reason: 'resources "x" matches "x"' }],
    );
  });

  it("a numeric filter on a string says numeric matching takes JSON numbers only; on a number it does not", () => {
    expect(
      explain({ detail: { score: [{ numeric: [">=", 7] }] } }, { detail: { score: "9.8" } }).fields,
    ).to.deep.equal([
      {
        path: "detail.score",
        matched: false,
        reason:
          'detail.score "9.8" does not match [{"numeric":[">=",7]}] (numeric matching only applies to JSON numbers, not strings)',
      },
    ]);
    expect(
      explain({ detail: { score: [{ numeric: [">=", 7] }] } }, { detail: { score: 6.9 } }).fields,
    ).to.deep.equal([
      {
        path: "detail.score",
        matched: false,
        reason: 'detail.score 6.9 does not match [{"numeric":[">=",7]}]',
      },
    ]);
    expect(
      explain({ detail: { score: ["9.8"] } }, { detail: { score: "7" } }).fields,
    ).to.deep.equal([
      { path: "detail.score", matched: false, reason: 'detail.score "7" does not match ["9.8"]' },
    ]);
  });

  it("$or: the first branch that matches, with its fields' reasons", () => {
    const pattern = {
      detail: {
        $or: [
          { severity: ["CRITICAL"] },
          { severity: ["HIGH"], fixAvailable: ["YES"] },
          { a: [{ exists: false }] },
        ],
      },
    };
    expect(
      explain(pattern, { detail: { severity: "HIGH", fixAvailable: "YES", a: 1 } }),
    ).to.deep.equal({
      matched: true,
      fields: [
        {
          path: "detail.$or",
          matched: true,
          reason:
            'detail.$or branch 1 matches (detail.severity "HIGH" matches "HIGH"; detail.fixAvailable "YES" matches "YES")',
        },
      ],
    });
  });

  it("$or: no branch, each with the reasons of its failing fields only", () => {
    const pattern = {
      $or: [{ source: ["aws.inspector2"], "detail-type": ["Scan"] }, { account: ["1"] }],
    };
    expect(
      explain(pattern, { source: "aws.inspector2", "detail-type": "Finding", account: "2" }),
    ).to.deep.equal({
      matched: false,
      fields: [
        {
          path: "$or",
          matched: false,
          reason:
            '$or no branch matches (branch 0: detail-type "Finding" does not match ["Scan"] | branch 1: account "2" does not match ["1"])',
        },
      ],
    });
  });

  it("$or is ANDed with the other fields, in both directions", () => {
    const pattern = { source: ["aws.inspector2"], $or: [{ a: ["1"] }, { b: ["2"] }] };
    expect(explain(pattern, { source: "x", a: "1" }).matched).to.equal(false);
    expect(explain(pattern, { source: "aws.inspector2", a: "3", b: "3" }).matched).to.equal(false);
    expect(explain(pattern, { source: "aws.inspector2", b: "2" }).matched).to.equal(true);
    expect(
      explain({ $or: [{ a: ["1"] }, { b: ["2"] }], source: ["x"] }, { a: "1", source: "y" })
        .matched,
    ).to.equal(false);
  });

  it("an array of objects: the element that matches the whole nested pattern, else the first element's reasons", () => {
    const pattern = {
      detail: { resources: { type: ["AWS_ECR_CONTAINER_IMAGE"], region: ["us-east-1"] } },
    };
    const event = (resources: unknown) => ({ detail: { resources } });
    expect(
      explain(
        pattern,
        event([
          { type: "AWS_EC2_INSTANCE", region: "us-east-1" },
          { type: "AWS_ECR_CONTAINER_IMAGE", region: "us-east-1" },
        ]),
      ),
    ).to.deep.equal({
      matched: true,
      fields: [
        {
          path: "detail.resources.type",
          matched: true,
          reason:
            'detail.resources.type "AWS_ECR_CONTAINER_IMAGE" matches "AWS_ECR_CONTAINER_IMAGE"',
        },
        {
          path: "detail.resources.region",
          matched: true,
          reason: 'detail.resources.region "us-east-1" matches "us-east-1"',
        },
      ],
    });
    expect(
      explain(
        pattern,
        event([
          { type: "AWS_EC2_INSTANCE", region: "us-east-1" },
          { type: "AWS_ECR_CONTAINER_IMAGE", region: "eu-west-1" },
        ]),
      ),
    ).to.deep.equal({
      matched: false,
      fields: [
        {
          path: "detail.resources.type",
          matched: false,
          reason:
            'detail.resources.type "AWS_EC2_INSTANCE" does not match ["AWS_ECR_CONTAINER_IMAGE"]',
        },
        {
          path: "detail.resources.region",
          matched: true,
          reason: 'detail.resources.region "us-east-1" matches "us-east-1"',
        },
      ],
    });
    expect(explain(pattern, event([]))).to.deep.equal({
      matched: false,
      fields: [
        {
          path: "detail.resources.type",
          matched: false,
          reason:
            'detail.resources.type is absent; the pattern needs one of ["AWS_ECR_CONTAINER_IMAGE"]',
        },
        {
          path: "detail.resources.region",
          matched: false,
          reason: 'detail.resources.region is absent; the pattern needs one of ["us-east-1"]',
        },
      ],
    });
    expect(
      explain({ detail: { resources: { type: [{ exists: false }] } } }, event([])).matched,
    ).to.equal(true);
  });

  it("a nested pattern's failure is not masked by a later field that matches", () => {
    const pattern = { detail: { a: ["1"] }, source: ["s"] };
    expect(explain(pattern, { detail: { a: "2" }, source: "s" }).matched).to.equal(false);
    expect(
      explain({ source: ["s"], detail: { a: ["1"] } }, { detail: { a: "2" }, source: "s" }).matched,
    ).to.equal(false);
  });

  it("anything-but with a string filter does not exclude a value that is not a string", () => {
    expect(explain({ v: [{ "anything-but": { prefix: "1" } }] }, { v: 1 }).matched).to.equal(true);
    expect(explain({ v: [{ "anything-but": { prefix: "1" } }] }, { v: "12" }).matched).to.equal(
      false,
    );
    expect(
      explain({ v: [{ "anything-but": { suffix: ["x", "y"] } }] }, { v: "ay" }).matched,
    ).to.equal(false);
    expect(explain({ v: [{ "anything-but": [1, "a"] }] }, { v: 1 }).matched).to.equal(false);
    expect(explain({ v: [{ "anything-but": [1, "a"] }] }, { v: "1" }).matched).to.equal(true);
    expect(explain({ v: [{ "anything-but": "a" }] }, { v: "b" }).matched).to.equal(true);
  });
});

describe("event pattern matcher: the second run's survivors", () => {
  const matches = (matcher: unknown, value: unknown): boolean =>
    matchEventPattern({ v: [matcher] }, { v: value }).matched;

  it("a backslash before anything but * or \\ is a literal backslash in a wildcard", () => {
    // EventBridge escapes only * and \ in wildcards; "\y" is a backslash then a "y".
    expect(matches({ wildcard: "x\\y*" }, "x\\yz")).to.equal(true);
    expect(matches({ wildcard: "x\\y*" }, "xyz")).to.equal(false);
    expect(matches({ wildcard: "a\\b" }, "a\\b")).to.equal(true);
  });

  it("prefix and suffix never match a value that is not a string", () => {
    expect(matches({ prefix: "1" }, 12)).to.equal(false);
    expect(matches({ suffix: "2" }, 12)).to.equal(false);
    expect(matches({ prefix: "tr" }, true)).to.equal(false);
  });

  it("equals-ignore-case: the same letters in any case, nothing else", () => {
    expect(matches({ "equals-ignore-case": "HiGh" }, "high")).to.equal(true);
    expect(matches({ "equals-ignore-case": "HIGH" }, "HIGHER")).to.equal(false);
    expect(matches({ "equals-ignore-case": "7" }, 7)).to.equal(false);
  });

  it("an absent field matches when any one of its matchers is exists:false", () => {
    expect(matchEventPattern({ v: ["a", { exists: false }] }, {}).fields).to.deep.equal([
      { path: "v", matched: true, reason: 'v is absent, as {"exists":false} requires' },
    ]);
  });

  it("the numeric note: when any value is a string and any matcher is numeric", () => {
    expect(
      matchEventPattern({ v: ["x", { numeric: [">", 5] }] }, { v: ["y", 3] }).fields,
    ).to.deep.equal([
      {
        path: "v",
        matched: false,
        reason:
          'v ["y",3] does not match ["x",{"numeric":[">",5]}] (numeric matching only applies to JSON numbers, not strings)',
      },
    ]);
  });

  it("$or: branch 0 matching is a match, and a failing branch joins its fields' reasons with '; '", () => {
    const pattern = { $or: [{ a: ["1"] }, { b: ["2"], c: ["3"] }] };
    expect(matchEventPattern(pattern, { a: "1" })).to.deep.equal({
      matched: true,
      fields: [{ path: "$or", matched: true, reason: '$or branch 0 matches (a "1" matches "1")' }],
    });
    expect(matchEventPattern(pattern, { a: "0", b: "0", c: "0" }).fields).to.deep.equal([
      {
        path: "$or",
        matched: false,
        reason:
          '$or no branch matches (branch 0: a "0" does not match ["1"] | branch 1: b "0" does not match ["2"]; c "0" does not match ["3"])',
      },
    ]);
  });
});
