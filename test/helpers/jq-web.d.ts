/** The parts of jq-web (jq compiled to WebAssembly) the tests use; the package ships no types. */
declare module "jq-web" {
  interface Jq {
    /** Runs `filter` over `input` and returns the parsed output; throws on a jq error. */
    json(input: unknown, filter: string): unknown;
  }
  const jq: Promise<Jq>;
  export default jq;
}
