/**
 * A real jq, for evaluating the Firehose partitioning query the way Firehose does (inline
 * parsing "uses a jq parser"; Firehose developer guide, "Understand partitioning keys"). jq-web
 * is jq compiled to WebAssembly (jq 1.7; Firehose runs JQ-1.6, so the query keeps to builtins
 * jq 1.5 already had).
 */
import jqModule from "jq-web";

/** The result of `filter` over `input`, or the jq error as `{ error }`. */
export async function runJq(input: unknown, filter: string): Promise<unknown> {
  const jq = await jqModule;
  try {
    return jq.json(input, filter);
  } catch (err) {
    return { error: (err as Error).message };
  }
}
