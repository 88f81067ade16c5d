/**
 * `inspector-gate`: the pipeline image gate (DESIGN.md, "Contracts other tools rely on").
 *
 *   inspector-gate ecr --image <account>.dkr.ecr.<region>.amazonaws.com/<repo>@sha256:<hex> [options]
 *   inspector-gate sbom sbom.cdx.json [options]
 *
 * Exit codes: 0 pass; 1 threshold exceeded or digest blocked; 2 usage or input error (one line
 * naming the flag, or the SBOM / ignore file and line); 3 scan incomplete, timed out or AWS error.
 * `bin/inspector-gate.js` is the executable npm links; it loads this file through tsx.
 */
import { ECRClient } from "@aws-sdk/client-ecr";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { Inspector2Client } from "@aws-sdk/client-inspector2";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import * as fs from "fs";
import * as path from "path";
import { checkWritable, readTextFile } from "../lib/gate/files";
import { InspectorScanClient } from "../lib/gate/inspectorScanClient";
import { runGate, type GateClients, type GateDeps } from "../lib/gate/run";

export { EXIT } from "../lib/gate/run";
export type { GateClients, GateDeps } from "../lib/gate/run";

/** SDK retries: the SDK's adaptive mode absorbs ListFindings / ECR throttling (STYLE.md rule 39). */
const SDK_RETRY = { retryMode: "adaptive", maxAttempts: 6 } as const;

function packageVersion(): string {
  try {
    const pkg = JSON.parse(
      fs.readFileSync(path.resolve(__dirname, "..", "package.json"), "utf8"),
    ) as { version?: string };
    return pkg.version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
}

/** Real clients per Region, created once each. */
function realClients(): (region: string) => GateClients {
  const cache = new Map<string, GateClients>();
  return (region) => {
    let clients = cache.get(region);
    if (!clients) {
      clients = {
        ecr: new ECRClient({ region, ...SDK_RETRY }),
        inspector2: new Inspector2Client({ region, ...SDK_RETRY }),
        dynamo: DynamoDBDocumentClient.from(new DynamoDBClient({ region, ...SDK_RETRY })),
        inspectorScan: new InspectorScanClient({ region }),
      };
      cache.set(region, clients);
    }
    return clients;
  };
}

/** The real process: AWS clients, the clock, stdout/stderr and the file system. */
export function defaultDeps(): GateDeps {
  return {
    clients: realClients(),
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    readFile: readTextFile,
    writeFile: (file, text) => fs.writeFileSync(file, text),
    checkWritable,
    cwd: () => process.cwd(),
    env: process.env,
    version: packageVersion(),
  };
}

/** Runs the command; returns the exit code. `deps` fields replace the real ones (tests). */
export async function main(argv: string[], deps: Partial<GateDeps> = {}): Promise<number> {
  return runGate(argv, { ...defaultDeps(), ...deps });
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`inspector-gate: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 3;
    },
  );
}
