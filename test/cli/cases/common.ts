/** Builders shared by the bad-input case tables: stack files, inventories, events. */
import * as fs from "fs";
import * as path from "path";
import { parse, stringify } from "yaml";
import { ROOT, type Workspace } from "../../helpers/cli";
import { EVENTS_DIR } from "../../helpers/events";

/** The dev stack's configuration, parsed (a fresh copy per call). */
export function devConfig(): Record<string, unknown> {
  const doc = parse(fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8")) as {
    config: Record<string, unknown>;
  };
  return doc.config;
}

/** Writes `Pulumi.<stack>.yaml` into the workspace's project; returns the stack name. */
export function writeStack(ws: Workspace, stack: string, text: string): string {
  fs.writeFileSync(path.join(ws.project, `Pulumi.${stack}.yaml`), text);
  return stack;
}

/** The dev stack with some keys changed (`undefined` removes a key), as YAML. */
export function devWith(changes: Record<string, unknown>): string {
  const config = devConfig();
  for (const [key, value] of Object.entries(changes)) {
    const full = key.includes(":") ? key : `inspector-rollout:${key}`;
    if (value === undefined) {
      delete config[full];
    } else {
      config[full] = value;
    }
  }
  return stringify({ config });
}

/** Writes a file into the user's directory; returns its name relative to it. */
export function userFile(ws: Workspace, name: string, content: string | Buffer): string {
  const file = path.join(ws.dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return name;
}

/** The bundled example organization, parsed. */
export function exampleInventory(): {
  accounts: Record<string, unknown>[];
  organizationalUnits: Record<string, unknown>[];
  [key: string]: unknown;
} {
  return JSON.parse(
    fs.readFileSync(path.join(ROOT, "examples/org-inventory.json"), "utf8"),
  ) as ReturnType<typeof exampleInventory>;
}

/** JSON nested `depth` arrays deep. */
export function deepJson(depth: number): string {
  return `${"[".repeat(depth)}${"]".repeat(depth)}`;
}

/** AWS's sample Inspector finding (EC2), parsed. */
export function sampleFinding(): Record<string, unknown> & { detail: Record<string, unknown> } {
  return JSON.parse(
    fs.readFileSync(path.join(EVENTS_DIR, "finding-ec2-package-vulnerability.json"), "utf8"),
  ) as ReturnType<typeof sampleFinding>;
}

/** A minimal finding event with ISO times, changed by `detail` fields. */
export function finding(
  n: number,
  detail: Record<string, unknown> = {},
  time = "2026-11-01T00:00:00Z",
): string {
  return JSON.stringify({
    version: "0",
    id: `e-${n}`,
    source: "aws.inspector2",
    "detail-type": "Inspector2 Finding",
    account: "111111111111",
    region: "us-east-1",
    time,
    resources: [],
    detail: {
      findingArn: `arn:aws:inspector2:us-east-1:111111111111:finding/f${n}`,
      awsAccountId: "111111111111",
      severity: "HIGH",
      status: "ACTIVE",
      firstObservedAt: "2026-10-01T00:00:00Z",
      updatedAt: time,
      ...detail,
    },
  });
}
