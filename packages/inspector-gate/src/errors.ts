/**
 * The gate's failures, one class per exit code of the `inspector-gate` contract (DESIGN.md):
 * 2 usage or input error, 3 scan incomplete, timed out or AWS error.
 */

/**
 * A bad flag, SBOM or ignore file: exit 2. The message is one line naming the flag or file and line;
 * `problems` holds one more line per problem when an input has several (every bad SBOM component).
 */
export class GateUsageError extends Error {
  override readonly name = "GateUsageError";
  constructor(
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    super(message);
  }
}

/** The scan is not complete (pending at the timeout, failed, unsupported): exit 3. */
export class ScanIncompleteError extends Error {
  override readonly name = "ScanIncompleteError";
}

/** An AWS call failed (access denied, throttled past the retries, service error): exit 3. */
export class GateAwsError extends Error {
  override readonly name = "GateAwsError";
}
