/**
 * FindingsTriage's grouping window: 0 to 15 minutes, the longest SQS message delay (900 seconds,
 * SQS SendMessage DelaySeconds) that schedules a group's message. At, one below and one above
 * each end.
 */
import { expect } from "chai";
import { FindingsTriage } from "../../components/findingsTriage";
import { resourceNamed, settle } from "../helpers/runtime";

const ARGS = {
  region: "us-east-1",
  accountId: "222222222222",
  findingsTopicArn: "arn:aws:sns:us-east-1:222222222222:inspector-findings",
  keyArn: "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab",
  alarmTopicArn: "arn:aws:sns:us-east-1:222222222222:inspector-alarms",
};

describe("FindingsTriage: notificationGroupWindowMinutes", () => {
  for (const minutes of [0, 1, 14, 15]) {
    it(`accepts ${minutes} minutes`, async () => {
      new FindingsTriage(`triage-${minutes}`, { ...ARGS, notificationGroupWindowMinutes: minutes });
      await settle();
      const fn = resourceNamed("aws:lambda/function:Function", `triage-${minutes}-notify`);
      const env = fn.inputs.environment as { variables: Record<string, string> };
      expect(env.variables.NOTIFICATION_GROUP_WINDOW_MINUTES).to.equal(String(minutes));
    });
  }
  for (const minutes of [-1, 16, 2.5]) {
    it(`refuses ${minutes} minutes`, () => {
      expect(
        () =>
          new FindingsTriage(`triage-bad-${minutes}`, {
            ...ARGS,
            notificationGroupWindowMinutes: minutes,
          }),
      ).to.throw(
        `notificationGroupWindowMinutes (${minutes}) is not a whole number of minutes from 0 to 15 (the longest SQS message delay); pass 0-15`,
      );
    });
  }
});
