/**
 * EventBridge schedule expressions as the configuration checks them (stacks/configSchema.ts
 * `scheduleSchema`, issue 18, the config-core mutation group), through `findingsReportSchedule`.
 * AWS's rules: `rate(value unit)` with a positive whole value, the unit singular for 1 and plural
 * otherwise; `cron()` with six fields and `?` in exactly one of day-of-month and day-of-week.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html
 */
import { expect } from "chai";
import { scheduleSchema } from "../../stacks/configSchema";
import { configOutcome } from "../helpers/configOutcome";

/** The configured schedule, or the problems the schedule gets. */
function schedule(expression: string): string | string[] {
  const outcome = configOutcome({ findingsReportSchedule: expression });
  return Array.isArray(outcome) ? outcome : (outcome.findingsReportSchedule as string);
}

/** The one line a refused schedule gets. */
const refused = (expression: string, problem: string) => [
  `\`findingsReportSchedule\` (${JSON.stringify(expression)}) ${problem}; e.g. "cron(0 5 ? * MON *)"; fix it with \`pulumi config set 'findingsReportSchedule' 'cron(0 5 ? * MON *)'\``,
];

const NOT_A_SCHEDULE =
  'is not an EventBridge schedule expression: "rate(N units)" or "cron(min hour day-of-month month day-of-week year)"';

describe("schedule expressions", () => {
  it("accepts a rate of 1 with a singular unit and of more with a plural one", () => {
    for (const expression of [
      "rate(1 minute)",
      "rate(1 hour)",
      "rate(1 day)",
      "rate(10 minutes)",
      "rate(2 days)",
    ]) {
      expect(schedule(expression), expression).to.equal(expression);
    }
  });

  it("refuses a rate below 1", () => {
    expect(schedule("rate(0 minutes)")).to.deep.equal(
      refused("rate(0 minutes)", "has a rate below 1"),
    );
    expect(schedule("rate(0 minute)")).to.deep.equal(
      refused("rate(0 minute)", "has a rate below 1"),
    );
  });

  it("refuses a plural unit for 1 and a singular one for more", () => {
    expect(schedule("rate(1 hours)")).to.deep.equal(
      refused(
        "rate(1 hours)",
        'must say "hour" for 1 and "hours" otherwise, as EventBridge requires',
      ),
    );
    expect(schedule("rate(12 day)")).to.deep.equal(
      refused("rate(12 day)", 'must say "day" for 1 and "days" otherwise, as EventBridge requires'),
    );
  });

  it("refuses text before or after the expression", () => {
    for (const expression of [
      "every rate(1 hour)",
      "rate(1 hour) UTC",
      "xcron(0 5 ? * MON *)",
      "cron(0 5 ? * MON *) UTC",
      "rate(one hour)",
    ]) {
      expect(schedule(expression), expression).to.deep.equal(refused(expression, NOT_A_SCHEDULE));
    }
  });

  it("accepts a six-field cron with ? in day-of-month or in day-of-week", () => {
    for (const expression of ["cron(0 5 ? * MON *)", "cron(15 10 1 * ? *)"]) {
      expect(schedule(expression), expression).to.equal(expression);
    }
  });

  it("counts cron fields between spaces, ignoring spaces at the ends", () => {
    expect(schedule("cron(0 5 ? * MON)")).to.deep.equal(
      refused(
        "cron(0 5 ? * MON)",
        "has 5 cron fields; EventBridge cron takes 6 (minutes hours day-of-month month day-of-week year)",
      ),
    );
    expect(schedule("cron(0 5 ? * MON * 2030)")).to.deep.equal(
      refused(
        "cron(0 5 ? * MON * 2030)",
        "has 7 cron fields; EventBridge cron takes 6 (minutes hours day-of-month month day-of-week year)",
      ),
    );
    // Split on each space, or without the trim, these would count 6 fields.
    for (const expression of ["cron(0  5 ? * MON)", "cron( 0 5 ? * MON)"]) {
      expect(schedule(expression), expression).to.deep.equal(
        refused(
          expression,
          "has 5 cron fields; EventBridge cron takes 6 (minutes hours day-of-month month day-of-week year)",
        ),
      );
    }
  });

  it("refuses a cron with ? in both day fields or in neither", () => {
    for (const expression of ["cron(0 5 ? * ? *)", "cron(0 5 * * MON *)", "cron(0 5 1 * 2 *)"]) {
      expect(schedule(expression), expression).to.deep.equal(
        refused(
          expression,
          "must have ? in exactly one of day-of-month and day-of-week, as EventBridge requires",
        ),
      );
    }
  });

  it("names a value that is not text as such", () => {
    const parsed = scheduleSchema("rate(1 day)").safeParse(7);
    expect(parsed.success ? [] : parsed.error.issues.map((i) => i.message)).to.deep.equal([
      "(7) must be a string",
    ]);
  });
});
