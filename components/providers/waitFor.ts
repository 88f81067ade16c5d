/**
 * Waiting for an asynchronous AWS change to take effect, in the dynamic providers.
 *
 * Several calls the program makes only start a change ("performs in the background"): the
 * dynamic providers poll the state that a later call needs, bounded in time, with the AWS SDK's
 * own waiter (`createWaiter` of `@smithy/core/client`, the engine of every `waitUntil...` of the
 * SDK: exponential back-off with jitter between `minDelay` and `maxDelay`, stopped at
 * `maxWaitTime`). Hand-written here is only what the SDK's generated waiters lack: a check
 * written in code, and a time-out error that says what was last seen.
 */
import { createWaiter, WaiterState } from "@smithy/core/client";

/** How long and how often to poll, in seconds. */
export interface WaitTiming {
  readonly maxWaitSeconds: number;
  readonly minDelaySeconds: number;
  readonly maxDelaySeconds: number;
}

/** One observation: whether the wanted state is reached, and what was seen, for the error. */
export interface WaitObservation<T> {
  readonly isDone: boolean;
  readonly seen: string;
  readonly value: T;
}

/** The wanted state was not reached in time. */
export class WaitTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WaitTimeoutError";
  }
}

/**
 * Polls `observe` until it reports `isDone`, at most `timing.maxWaitSeconds`. Returns the last
 * observation either way (`isDone` false after a time-out); errors `observe` throws end the wait.
 */
export async function pollUntil<T>(
  timing: WaitTiming,
  observe: () => Promise<WaitObservation<T>>,
): Promise<WaitObservation<T>> {
  let last: WaitObservation<T> | undefined;
  let failure: unknown;
  const result = await createWaiter(
    {
      client: {},
      maxWaitTime: timing.maxWaitSeconds,
      minDelay: timing.minDelaySeconds,
      maxDelay: timing.maxDelaySeconds,
    },
    undefined,
    async () => {
      try {
        last = await observe();
      } catch (err) {
        failure = err;
        return { state: WaiterState.FAILURE };
      }
      return { state: last.isDone ? WaiterState.SUCCESS : WaiterState.RETRY };
    },
  );
  if (result.state === WaiterState.FAILURE) {
    throw failure;
  }
  if (last === undefined) {
    throw new Error("pollUntil: the waiter ended before the first observation");
  }
  return last;
}
