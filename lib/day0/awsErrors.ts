/**
 * How the day-0 and day-2 commands classify AWS SDK errors: missing or rejected credentials end
 * the command (exit 3), an access denial in one Region is reported for that Region and the others
 * go on. Branches on the SDK's error names (the typed exception classes differ per client: every
 * service has its own AccessDeniedException class), never on message text.
 */

/**
 * Error names that mean "these credentials cannot be used at all", wherever the call goes.
 * (InvalidClientTokenId and UnrecognizedClientException are not here: after the identity check
 * succeeded, a Region answers them when it is not enabled for the account, so they are that
 * Region's problem; the identity check itself treats every error as a credentials failure.)
 */
const CREDENTIAL_ERRORS: ReadonlySet<string> = new Set([
  // @smithy/property-provider: no provider in the chain found credentials.
  "CredentialsProviderError",
  "ExpiredToken",
  "ExpiredTokenException",
]);

/** Error names a Region that is not enabled (opted in) for the account answers with. */
const REGION_DISABLED_ERRORS: ReadonlySet<string> = new Set([
  "UnrecognizedClientException",
  "InvalidClientTokenId",
]);

/** Error names of an authorization denial (per service: Inspector, IAM, EC2, S3, STS...). */
const ACCESS_DENIED_ERRORS: ReadonlySet<string> = new Set([
  "AccessDeniedException",
  "AccessDenied",
  "AuthorizationError",
  "UnauthorizedOperation",
  "AWSOrganizationsNotInUseException",
]);

function nameOf(err: unknown): string {
  return err instanceof Error ? err.name : "";
}

/** True when the caller has no usable credentials (none found, expired, unknown key). */
export function isCredentialsError(err: unknown): boolean {
  return CREDENTIAL_ERRORS.has(nameOf(err));
}

/** True when AWS refused the call for lack of permission (HTTP 403 without a credentials error). */
export function isAccessDenied(err: unknown): boolean {
  if (ACCESS_DENIED_ERRORS.has(nameOf(err))) {
    return true;
  }
  const status = (err as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata
    ?.httpStatusCode;
  return status === 403 && !isCredentialsError(err);
}

/**
 * True for an error that came from AWS or the SDK's transport: service exceptions carry
 * `$metadata`; network errors carry a Node.js `code` (ECONNRESET, ENOTFOUND, ...).
 */
export function isAwsError(err: unknown): boolean {
  return (
    typeof err === "object" &&
    err !== null &&
    ("$metadata" in err ||
      ("code" in err && typeof err.code === "string" && err.code.startsWith("E")))
  );
}

/** One line: `<ErrorName>: <message>`, newlines folded. */
export function describeError(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.replace(/\s*\n\s*/g, " ");
}

/** A call that failed in one Region (or globally, `region` "global"); the rest went on. */
export interface RegionProblem {
  readonly region: string;
  /** What was being read, e.g. "inspector2:BatchGetAccountStatus". */
  readonly call: string;
  readonly error: string;
  /** True for an access denial: a missing permission, a service control policy, or a disabled Region. */
  readonly isAccessDenied: boolean;
  /** The likely cause, in words. */
  readonly cause: string;
}

/** The likely cause of a failed read, for the report. */
export function likelyCause(err: unknown): string {
  if (REGION_DISABLED_ERRORS.has(nameOf(err))) {
    return "the Region is probably not enabled (opted in) for this account";
  }
  if (isAccessDenied(err)) {
    return "a permission missing from the credentials or the assumed role, or a service control policy denying it in this Region";
  }
  if (nameOf(err) === "ThrottlingException" || nameOf(err) === "TooManyRequestsException") {
    return "throttled after every retry; run again later";
  }
  return "an AWS service error; run again, and check the AWS Health Dashboard if it persists";
}

/** Raised to stop a command: the credentials are missing or unusable (exit 3). */
export class CredentialsUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CredentialsUnavailableError";
  }
}

/**
 * Runs one read; an access denial or another service error becomes a {@link RegionProblem} (the
 * caller continues with the next Region), while a credentials error stops the command.
 */
export async function readOrReport<T>(
  region: string,
  call: string,
  problems: RegionProblem[],
  read: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (isCredentialsError(err)) {
      throw new CredentialsUnavailableError(`${call} in ${region}: ${describeError(err)}`);
    }
    if (!isAwsError(err)) {
      // A defect here, not AWS's answer: never report it as a Region's problem.
      throw err;
    }
    problems.push({
      region,
      call,
      error: describeError(err),
      isAccessDenied: isAccessDenied(err),
      cause: likelyCause(err),
    });
    return undefined;
  }
}
