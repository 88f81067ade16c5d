/**
 * lib/kpis/time.ts at the edges of each range it checks: the clock's hours (0-23), minutes and
 * seconds (0-59), the 12-hour clock (1-12), a zone offset (up to 14 hours and 59 minutes: UTC-12
 * to UTC+14 are the zones in use), the epoch seconds/milliseconds split (1e12), and the plausible
 * event times (from 2015-01-01, up to a day after now).
 */
import { expect } from "chai";
import { implausibleTime, parseInspectorTime } from "../../lib/kpis/time";

const iso = (value: unknown) => {
  const t = parseInspectorTime(value);
  return t === undefined ? undefined : new Date(t).toISOString();
};

describe("Inspector times: range edges", () => {
  const cases: [string, unknown, string | undefined][] = [
    ["hour 23", "2026-06-12T23:59:59Z", "2026-06-12T23:59:59.000Z"],
    ["hour 24", "2026-06-12T24:00:00Z", undefined],
    ["minute 59", "2026-06-12T10:59:00Z", "2026-06-12T10:59:00.000Z"],
    ["minute 60", "2026-06-12T10:60:00Z", undefined],
    ["second 59", "2026-06-12T10:00:59Z", "2026-06-12T10:00:59.000Z"],
    ["second 60", "2026-06-12T10:00:60Z", undefined],
    ["hour 23 (Java format)", "Fri Jun 12 23:00:00 UTC 2026", "2026-06-12T23:00:00.000Z"],
    ["hour 24 (Java format)", "Fri Jun 12 24:00:00 UTC 2026", undefined],
    ["0 AM", "Jun 12, 2026, 0:30:00 AM", undefined],
    ["1 AM", "Jun 12, 2026, 1:30:00 AM", "2026-06-12T01:30:00.000Z"],
    ["12 AM (midnight)", "Jun 12, 2026, 12:30:00 AM", "2026-06-12T00:30:00.000Z"],
    ["12 PM (noon)", "Jun 12, 2026, 12:30:00 PM", "2026-06-12T12:30:00.000Z"],
    ["13 PM", "Jun 12, 2026, 13:30:00 PM", undefined],
    ["offset +14:00", "2026-06-12T14:00:00+14:00", "2026-06-12T00:00:00.000Z"],
    ["offset +15:00", "2026-06-12T14:00:00+15:00", undefined],
    ["offset -13:59", "2026-06-12T10:01:00-13:59", "2026-06-13T00:00:00.000Z"],
    ["offset -13:60", "2026-06-12T10:00:00-13:60", undefined],
  ];
  for (const [name, value, expected] of cases) {
    it(`${name}: ${JSON.stringify(value)}`, () => {
      expect(iso(value)).to.equal(expected);
    });
  }

  // Below 1e12 a number is epoch seconds, from 1e12 on milliseconds (2001-09-09T01:46:40Z).
  for (const [value, ms] of [
    [999_999_999_999, 999_999_999_999_000],
    [1e12, 1e12],
    [1e12 + 1, 1e12 + 1],
  ]) {
    it(`epoch number ${value} is ${ms} ms`, () => {
      expect(parseInspectorTime(value)).to.equal(ms);
    });
  }

  const NOW = Date.parse("2026-11-30T05:00:00.000Z");
  const plausible: [string, number, string | undefined][] = [
    [
      "1 ms before 2015",
      Date.parse("2014-12-31T23:59:59.999Z"),
      "is before 2015, before Amazon Inspector existed",
    ],
    ["2015-01-01T00:00Z", Date.parse("2015-01-01T00:00:00.000Z"), undefined],
    ["a day after now", Date.parse("2026-12-01T05:00:00.000Z"), undefined],
    [
      "a day and 1 ms after now",
      Date.parse("2026-12-01T05:00:00.001Z"),
      "is in the future (now is 2026-11-30T05:00:00.000Z)",
    ],
  ];
  for (const [name, ms, reason] of plausible) {
    it(`implausibleTime: ${name}`, () => {
      expect(implausibleTime(ms, NOW)).to.equal(reason);
    });
  }
});
