/** The error a call rejects with; fails the test when it does not reject. */
export async function failureOf(run: () => Promise<unknown>): Promise<Error> {
  try {
    await run();
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected a failure");
}
