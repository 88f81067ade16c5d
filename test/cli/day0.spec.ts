import { spawnSync } from "child_process";
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");
const HOME = fs.mkdtempSync(path.join(os.tmpdir(), "day0-home-"));

/**
 * Runs a command as a user does, with an environment in which the SDK finds no credentials and
 * does not wait for the instance metadata service.
 */
function run(
  script: string,
  args: string[],
): { code: number | null; stdout: string; stderr: string[] } {
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", path.join(ROOT, "bin", script), ...args],
    {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 120_000,
      env: {
        PATH: process.env.PATH,
        HOME,
        AWS_EC2_METADATA_DISABLED: "true",
        AWS_CONFIG_FILE: path.join(HOME, "none"),
        AWS_SHARED_CREDENTIALS_FILE: path.join(HOME, "none"),
      },
    },
  );
  // Node 20 prints the SDK's end-of-support notice; it is not the command's output.
  const stderr = result.stderr
    .split("\n")
    .filter((l) => /^(preflight|adopt|verify|usage):/.test(l));
  expect(result.stderr).to.not.match(/^\s+at /m);
  return { code: result.status, stdout: result.stdout, stderr };
}

const NO_CREDENTIALS =
  "no usable AWS credentials (CredentialsProviderError: Could not load credentials from any providers); run with the management account's read-only credentials (AWS_PROFILE, or aws sso login)";

describe("day-0 and day-2 commands as child processes", function () {
  this.timeout(300_000);

  for (const [script, command] of [
    ["preflight.ts", "preflight"],
    ["adopt.ts", "adopt"],
    ["verify.ts", "verify"],
  ] as const) {
    it(`${command} exits 3 without credentials, one line, no stack trace`, () => {
      const r = run(script, ["--stack", "dev"]);
      expect([r.code, r.stdout, r.stderr]).to.deep.equal([
        3,
        "",
        [`${command}: ${NO_CREDENTIALS}`],
      ]);
    });

    it(`${command} exits 2 for an unknown stack, naming the stacks there`, () => {
      const r = run(script, ["--stack", "qa"]);
      expect([r.code, r.stdout, r.stderr[0]]).to.deep.equal([
        2,
        "",
        `${command}: --stack: no Pulumi.qa.yaml in ${ROOT}; stacks here: dev, prod`,
      ]);
    });
  }
});
