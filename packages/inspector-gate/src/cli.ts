#!/usr/bin/env node
/**
 * `inspector-gate`: the pipeline image gate (DESIGN.md, "Contracts other tools rely on").
 *
 *   inspector-gate ecr --image <account>.dkr.ecr.<region>.amazonaws.com/<repo>@sha256:<hex> [options]
 *   inspector-gate sbom sbom.cdx.json [options]
 *
 * Exit codes: 0 pass; 1 threshold exceeded or digest blocked; 2 usage or input error (one line
 * naming the flag, or the SBOM / ignore file and line); 3 scan incomplete, timed out or AWS error.
 * The package's `bin` is this file compiled (`dist/cli.js`); `src/index.ts` exports the same API.
 */
import * as fs from "fs";
import * as path from "path";
import { parseGateArgs, USAGE } from "./args";
import { checkWritable, readTextFile } from "./files";
import type { GateClients, GateDeps } from "./run";

export type { GateClients, GateDeps } from "./run";

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

/**
 * Real clients per Region, created once each. The AWS SDK is loaded here, on the first run that
 * needs it, not when the command starts: `--help` stays quick.
 */
async function realClients(): Promise<(region: string) => GateClients> {
  const [{ ECRClient }, { Inspector2Client }, { DynamoDBClient }, { DynamoDBDocumentClient }] =
    await Promise.all([
      import("@aws-sdk/client-ecr"),
      import("@aws-sdk/client-inspector2"),
      import("@aws-sdk/client-dynamodb"),
      import("@aws-sdk/lib-dynamodb"),
    ]);
  const { InspectorScanClient } = await import("./inspectorScanClient");
  const cache = new Map<string, GateClients>();
  return (region) => {
    let clients = cache.get(region);
    if (!clients) {
      clients = {
        ecr: new ECRClient({ region, ...SDK_RETRY }),
        inspector2: new Inspector2Client({ region, ...SDK_RETRY }),
        dynamo: DynamoDBDocumentClient.from(new DynamoDBClient({ region, ...SDK_RETRY })),
        inspectorScan: new InspectorScanClient({
          region,
          endpoint: configuredEndpoint(process.env),
        }),
      };
      cache.set(region, clients);
    }
    return clients;
  };
}

/**
 * The Scan API endpoint the environment configures, as the SDK clients above read theirs (AWS SDKs
 * and Tools reference guide, "Service-specific endpoints": `AWS_ENDPOINT_URL_INSPECTOR_SCAN`, else
 * `AWS_ENDPOINT_URL`, both ignored with `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`); undefined for
 * the Region's own endpoint. A VPC endpoint or a test's fake service is reached this way.
 */
export function configuredEndpoint(env: NodeJS.ProcessEnv): string | undefined {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === "true") {
    return undefined;
  }
  return env.AWS_ENDPOINT_URL_INSPECTOR_SCAN || env.AWS_ENDPOINT_URL || undefined;
}

/** The real process: AWS clients, the clock, stdout/stderr and the file system. */
export async function defaultDeps(): Promise<GateDeps> {
  return {
    clients: await realClients(),
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

/** Whether argv is a valid `--help` request (answered without loading the AWS SDK). */
function helpRequested(argv: readonly string[]): boolean {
  try {
    return parseGateArgs(argv).mode === "help";
  } catch {
    return false;
  }
}

/** Runs the command; returns the exit code. `deps` fields replace the real ones (tests). */
export async function main(argv: string[], deps: Partial<GateDeps> = {}): Promise<number> {
  if (helpRequested(argv)) {
    (deps.out ?? ((text: string) => process.stdout.write(`${text}\n`)))(USAGE);
    return 0;
  }
  const { runGate } = await import("./run");
  return runGate(argv, { ...(await defaultDeps()), ...deps });
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
