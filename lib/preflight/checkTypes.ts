/** The shape of a preflight check and of its results. */
import type { Day0Clients } from "../day0/clients";
import type { PlannedStack } from "../day0/plannedStack";
import type { StackContext } from "../day0/stack";

/** ok: ready; warning: read it, not blocking; blocker: the first `pulumi up` would fail; not-checked: a read failed. */
export type CheckStatus = "ok" | "warning" | "blocker" | "not-checked";

/** One line of the preflight report. */
export interface CheckResult {
  readonly id: string;
  readonly status: CheckStatus;
  /** The Region the line is about; absent for organization-wide checks. */
  readonly region?: string;
  readonly message: string;
  /** What to do, for a warning, blocker or not-checked line. */
  readonly fix?: string;
}

/** What every check reads from. */
export interface PreflightInput {
  readonly ctx: StackContext;
  readonly planned: PlannedStack;
  readonly clients: Day0Clients;
  /** Whether the delegated administrator's role could be assumed (checked first). */
  readonly canAssumeRole: boolean;
}

/** A check: a stable id (joined with lib/prerequisites.ts), what it checks, and how. */
export interface PreflightCheck {
  readonly id: string;
  /** One sentence: the precondition of `pulumi up` this check proves. */
  readonly description: string;
  readonly run: (input: PreflightInput) => Promise<CheckResult[]>;
}

/** A failed read becomes a not-checked line naming the call and the error. */
export function notChecked(id: string, what: string, error: string, region?: string): CheckResult {
  return {
    id,
    status: "not-checked",
    ...(region === undefined ? {} : { region }),
    message: `${what} could not be read: ${error}`,
    fix: "grant the read to the credentials (or the delegated administrator role) and run preflight again",
  };
}
