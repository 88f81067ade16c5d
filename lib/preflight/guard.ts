/** Runs a check's reads; an AWS error becomes a not-checked line, a defect propagates. */
import { describeError, isAwsError, isCredentialsError } from "../day0/awsErrors";
import { type CheckResult, notChecked } from "./checkTypes";

/**
 * Runs `read`; an AWS error (access denied in one Region, throttled past every retry) becomes one
 * not-checked line and the other checks go on. Missing credentials and defects propagate.
 */
export async function guard(
  id: string,
  what: string,
  region: string | undefined,
  read: () => Promise<CheckResult[]>,
): Promise<CheckResult[]> {
  try {
    return await read();
  } catch (err) {
    if (isCredentialsError(err) || !isAwsError(err)) {
      throw err;
    }
    return [notChecked(id, what, describeError(err), region)];
  }
}
