/** Bad inputs of `npm run plan` (issue 13: items 1, 2, 4, 5, 6, 7, 9, 11 and the classes). */
import * as fs from "fs";
import * as path from "path";
import { type BadInputCase, COMMANDS, ROOT, type Workspace } from "../../helpers/cli";
import { deepJson, devWith, exampleInventory, userFile, writeStack } from "./common";

const plan = COMMANDS.plan;
const USAGE = "usage: npm run plan -- [--stack NAME]";

/** A usage error: exit 2, the flag named, and the usage. */
function usage(name: string, args: string[], ...stderr: string[]): BadInputCase {
  return { name, command: plan, args: () => args, code: 2, stderr: [...stderr, USAGE] };
}

/**
 * A stack whose configuration is the dev stack's with `changes`: exit 2 and the lines given
 * (the key named, the fix). `stack` must be unique: cases run at the same time.
 */
function config(
  stack: string,
  name: string,
  changes: Record<string, unknown>,
  ...stderr: string[]
): BadInputCase {
  return {
    name,
    command: plan,
    setup: (ws) => writeStack(ws, stack, devWith(changes)),
    args: () => ["--stack", stack],
    code: 2,
    stderr,
  };
}

/** A stack file with this exact text. */
function stackText(stack: string, name: string, text: string, ...stderr: string[]): BadInputCase {
  return {
    name,
    command: plan,
    setup: (ws) => writeStack(ws, stack, text),
    args: () => ["--stack", stack],
    code: 2,
    stderr,
  };
}

/** The dev stack planned against an inventory the case writes into the user's directory. */
function inventory(
  name: string,
  content: (ws: Workspace) => string,
  ...stderr: string[]
): BadInputCase {
  return {
    name,
    command: plan,
    setup: (ws) => userFile(ws, "org.json", content(ws)),
    args: () => ["--inventory", "org.json"],
    code: 2,
    stderr: (ws) => stderr.map((s) => s.replace("<org>", path.join(ws.dir, "org.json"))),
  };
}

/** Another team's program in the user's directory `app/`, with its Pulumi.yaml. */
function program(
  name: string,
  source: string,
  code: number,
  stderr: string[],
  args: string[] = [],
  stdout: BadInputCase["stdout"] = "empty",
): BadInputCase {
  return {
    name,
    command: plan,
    setup: (ws) => {
      userFile(ws, "app/Pulumi.yaml", "name: app\nruntime: nodejs\n");
      userFile(ws, "app/index.ts", source);
    },
    args: () => ["--program", "app/index.ts", ...args],
    code,
    stdout,
    stderr,
  };
}

const BUCKET = 'import * as aws from "@pulumi/aws";\n';

function withAccount(change: Record<string, unknown>): string {
  const inv = exampleInventory();
  inv.accounts[0] = { ...inv.accounts[0], ...change };
  return JSON.stringify(inv);
}

const TWO_HUNDRED_KB = "x".repeat(200_000);

export const PLAN_CASES: readonly BadInputCase[] = [
  // Flags.
  usage("an unknown flag", ["--stak", "dev"], "plan: Unknown option '--stak'"),
  usage("--stack without a value", ["--stack"], "plan: Option '--stack <value>' argument missing"),
  usage("a positional argument", ["prod"], "plan: Unexpected argument 'prod'"),
  usage(
    "--inventory with --live-inventory",
    ["--inventory", "org.json", "--live-inventory"],
    "plan: --inventory and --live-inventory exclude each other; give one of them",
  ),
  usage("--inventory empty", ["--inventory", ""], "plan: --inventory is empty; give a file path"),
  usage(
    "--program with --inventory",
    ["--program", "app/index.ts", "--inventory", "org.json"],
    "plan: --inventory applies to this repository's program only; remove it when using --program",
  ),
  usage(
    "--timeout 0",
    ["--timeout", "0"],
    'plan: --timeout ("0") must be a whole number of seconds from 1 to 3600 (default 300)',
  ),
  usage(
    "--timeout with a unit",
    ["--timeout", "10m"],
    'plan: --timeout ("10m") must be a whole number of seconds',
  ),
  usage(
    "--timeout past an hour",
    ["--timeout", "99999"],
    'plan: --timeout ("99999") must be a whole number of seconds from 1 to 3600',
  ),
  usage(
    "--json with an unknown flag (stdout stays empty)",
    ["--json", "--verbose"],
    "plan: Unknown option '--verbose'",
  ),
  {
    name: "--stack with a path in it",
    command: plan,
    args: () => ["--stack", "../../etc/passwd"],
    code: 2,
    stderr: [
      'plan: --stack ("../../etc/passwd") is not a stack name; use letters, digits, -, _ and .',
    ],
  },
  {
    name: "--stack naming no stack file",
    command: plan,
    args: () => ["--stack", "staging"],
    code: 2,
    stderr: ["plan: --stack: no Pulumi.staging.yaml in ", "stacks here: "],
  },
  // Item 1: the example, a copy of prod with an 11-digit management account.
  {
    name: "a copy of prod with an 11-digit managementAccountId (was: stack trace, exit 1)",
    command: plan,
    setup: (ws) =>
      writeStack(
        ws,
        "copy-prod",
        fs
          .readFileSync(path.join(ROOT, "Pulumi.prod.yaml"), "utf8")
          .replace('managementAccountId: "111111111111"', 'managementAccountId: "11111111111"'),
      ),
    args: () => ["--stack", "copy-prod"],
    code: 2,
    stderr: [
      'plan: `managementAccountId` ("11111111111") is not a 12-digit AWS account id; set the Organizations management account id; an id that starts with 0 must be quoted',
      "fix it with `pulumi config set 'managementAccountId' <12-digit id>`",
    ],
  },
  // Item 5: a leading 0 lost to YAML, a number in a list.
  stackText(
    "unquoted-zero",
    "an account id with a leading 0, unquoted in YAML",
    devWith({}).replace(/managementAccountId: "111111111111"/, "managementAccountId: 012345678901"),
    'plan: `managementAccountId` ("12345678901") is not a 12-digit AWS account id',
    'an id that starts with 0 must be quoted in Pulumi.<stack>.yaml ("012345678901")',
  ),
  config(
    "short-excluded",
    "an 11-digit number in excludedAccountIds",
    { excludedAccountIds: [90006757080] },
    'plan: `excludedAccountIds[0]` ("90006757080") is not a 12-digit AWS account id',
    "fix it with `pulumi config set --path 'excludedAccountIds[0]' <12-digit id>`",
  ),
  // Item 4: offline means offline.
  config(
    "no-inventory",
    "no inventoryFile and no --inventory (was: a call to AWS)",
    { inventoryFile: undefined },
    "plan: `inventoryFile` is not set and --inventory was not given",
    "pass `--inventory org.json` (or `pulumi config set inventoryFile org.json`), or add --live-inventory",
  ),
  {
    name: "--live-inventory without credentials (one line, no stack trace)",
    command: plan,
    setup: (ws) => writeStack(ws, "live", devWith({ inventoryFile: undefined })),
    args: () => ["--stack", "live", "--live-inventory"],
    code: 2,
    stderr: [
      "plan: reading the organization from the Organizations API failed (CredentialsProviderError: ",
      "run with the management account's credentials, or set `inventoryFile`",
    ],
  },
  // Item 11: an empty inventoryFile (was: EISDIR).
  config(
    "empty-inventory",
    'inventoryFile: "" (was: EISDIR)',
    { inventoryFile: "" },
    "plan: `inventoryFile` is empty; give a path or remove the key",
  ),
  config(
    "regions-empty",
    "an empty regions list",
    { regions: [] },
    "plan: `regions` is empty; list at least one governed Region",
  ),
  config(
    "region-typo",
    "a misspelt Region",
    { regions: ["us-east-1", "eu-wset-1"] },
    'plan: `regions[1]` ("eu-wset-1") is not an AWS Region where Amazon Inspector is available',
  ),
  config(
    "home-outside",
    "a home Region that is not governed",
    { homeRegion: "eu-central-1" },
    'plan: `homeRegion` ("eu-central-1") is not one of the governed regions (us-east-1, eu-west-1)',
  ),
  config(
    "mode-typo",
    "an unknown enablement mode",
    { enablementMode: "org-policy" },
    'plan: `enablementMode` ("org-policy") is not an enablement mode; use one of: organization-policy, delegated-admin',
  ),
  config(
    "scan-typo",
    "an unknown scan type",
    { scanTypes: ["EC2", "LAMDA"] },
    'plan: `scanTypes[1]` ("LAMDA") is not an Inspector scan type',
  ),
  config(
    "timeout-unit",
    "a timeout with a unit",
    { enablementTimeoutMinutes: "45m" },
    'plan: `enablementTimeoutMinutes` ("45m") must be a number',
  ),
  config(
    "timeout-low",
    "a timeout below the minimum",
    { enablementTimeoutMinutes: 5 },
    "plan: `enablementTimeoutMinutes` (5) is below 30 minutes",
  ),
  config(
    "unknown-key",
    "a misspelt key",
    { regoins: ["us-east-1"] },
    "plan: `regoins` is not a configuration key of inspector-rollout; remove it with `pulumi config rm 'regoins'`",
  ),
  config(
    "stray-namespace",
    "a misspelt namespace (was: silently ignored)",
    { "inspector-rolout:regions": ["us-east-1"] },
    "plan: `inspector-rolout:regions` is in namespace `inspector-rolout`",
    "did you mean `inspector-rollout:regions`?",
  ),
  // AWS's deploy-time rules, refused in the plan.
  config(
    "tag-aws",
    "a tag key with the reserved aws: prefix",
    { tags: { "aws:owner": "me" } },
    'plan: `tags.aws:owner` ("aws:owner") starts with "aws:", which AWS reserves',
  ),
  config(
    "tag-key",
    "a tag key with a character AWS refuses",
    { tags: { "cost#centre": "42" } },
    'plan: `tags.cost#centre` ("cost#centre") is not a valid tag key: 1 to 128 letters, digits, spaces and _.:/=+-@',
  ),
  config(
    "tag-chars",
    "a tag value with characters AWS refuses",
    { tags: { Owner: "a<b>" } },
    'plan: `tags.Owner` ("a<b>") has characters AWS refuses in a tag value',
  ),
  config(
    "tag-long",
    "a tag value past 256 characters",
    { tags: { Owner: "o".repeat(300) } },
    "plan: `tags.Owner` is longer than 256 characters, the AWS tag value limit",
  ),
  config(
    "tag-many",
    "51 tags",
    { tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`T${i}`, "v"])) },
    "plan: `tags` has 51 tags, above the 50 AWS allows per resource",
  ),
  config(
    "rate-plural",
    "a schedule AWS refuses (rate(1 hours))",
    { kpiReportSchedule: "rate(1 hours)" },
    'plan: `kpiReportSchedule` ("rate(1 hours)") must say "hour" for 1 and "hours" otherwise',
  ),
  config(
    "cron-both",
    "a cron with both day fields set",
    { findingsReportSchedule: "cron(0 5 * * MON *)" },
    'plan: `findingsReportSchedule` ("cron(0 5 * * MON *)") must have ? in exactly one of day-of-month and day-of-week',
  ),
  config(
    "cron-fields",
    "a five-field (Unix) cron",
    { findingsReportSchedule: "cron(0 5 * * 1)" },
    "has 5 cron fields; EventBridge cron takes 6",
  ),
  // Item 7.
  config(
    "reason-blank",
    "a suppression reason of whitespace only",
    { suppressionRules: { quiet: { reason: "   ", criteria: { severities: ["LOW"] } } } },
    "plan: `suppressionRules.quiet.reason` is only whitespace: why the findings may be hidden (the compensating control)",
  ),
  // Item 11: a 200 KB value is cut in the message.
  config(
    "reason-huge",
    "a 200 KB suppression reason (the line is cut)",
    { suppressionRules: { quiet: { reason: TWO_HUNDRED_KB, criteria: { severities: ["LOW"] } } } },
    'plan: `suppressionRules.quiet.reason` ("xxxx',
    "… (200002 characters)) is longer than 512 characters",
  ),
  // Item 6: secrets.
  stackText(
    "secret-id",
    "a secret where the plan needs the value",
    devWith({ managementAccountId: { secure: "v1:c2VjcmV0" } }),
    "plan: `managementAccountId` is a secret (secure:), which the offline plan cannot decrypt, and the plan needs its value",
    "store it in plain text with `pulumi config set managementAccountId <12-digit id>`",
  ),
  stackText(
    "secret-empty",
    "a secure: value that is not a ciphertext",
    devWith({ findingsNotificationHttpsEndpoints: { secure: "" } }),
    "plan: Pulumi.secret-empty.yaml: `inspector-rollout:findingsNotificationHttpsEndpoints` has a `secure:` value that is not a Pulumi ciphertext",
    "set it again with `pulumi config set --secret findingsNotificationHttpsEndpoints <value>`",
  ),
  // Stack files.
  stackText(
    "not-yaml",
    "a stack file that is not YAML",
    "config:\n  inspector-rollout:regions: [us-east-1\n",
    "plan: Pulumi.not-yaml.yaml: is not valid YAML (",
  ),
  stackText(
    "a-list",
    "a stack file that is a list",
    "- config\n",
    "plan: Pulumi.a-list.yaml: must be a YAML map with a `config:` key",
  ),
  stackText(
    "config-list",
    "a `config` that is a list",
    "config:\n  - regions\n",
    "plan: Pulumi.config-list.yaml: `config` must be a map of keys to values",
  ),
  stackText(
    "deep",
    "a stack file nested 100 levels",
    `config:\n  inspector-rollout:tags: ${deepJson(100)}\n`,
    "plan: Pulumi.deep.yaml: nests deeper than 64 levels",
  ),
  // Inventories (read inside the program: item 1's other half).
  {
    name: "--inventory of a missing file (relative to INIT_CWD)",
    command: plan,
    args: () => ["--inventory", "snapshots/org.json"],
    code: 2,
    stderr: (ws) => [
      `plan: ${path.join(ws.dir, "snapshots/org.json")}: cannot be read (no such file or directory); check the path, or write one with \`npm run inventory -- --out`,
    ],
  },
  inventory(
    "an inventory that is not JSON",
    () => "organizationId: o-1",
    "plan: <org>: is not valid JSON (",
    "fix the file, or regenerate it with `npm run inventory -- --out",
  ),
  inventory(
    "an inventory nested 100,000 deep",
    () => deepJson(100_000),
    "plan: <org>: nests deeper than 64 levels",
  ),
  inventory(
    "an inventory with a BOM and an 11-digit account (one line)",
    () => `\ufeff${withAccount({ id: "11111111111" })}`,
    'plan: <org>: `accounts[0].id` ("11111111111") is not a 12-digit AWS account id',
  ),
  inventory(
    "an account joined on February 30",
    () => withAccount({ joinedTimestamp: "2021-02-30T10:00:00Z" }),
    'plan: <org>: `accounts[0].joinedTimestamp` ("2021-02-30T10:00:00Z") is not an ISO-8601 date-time (e.g. 2021-04-01T12:00:00.000Z)',
  ),
  inventory(
    "an account joined in 2099",
    () => withAccount({ joinedTimestamp: "2099-01-01T00:00:00Z" }),
    '`accounts[0].joinedTimestamp` ("2099-01-01T00:00:00Z") is not a real date between 2006 (AWS accounts) and now',
  ),
  inventory(
    "an account status in lower case",
    () => withAccount({ status: "active" }),
    '`accounts[0].status` ("active") is not an account status (one of ACTIVE, SUSPENDED, PENDING_CLOSURE)',
  ),
  {
    name: "a scoped OU that is not in the inventory",
    command: plan,
    setup: (ws) =>
      writeStack(ws, "gone-ou", devWith({ organizationalUnitIds: ["ou-a1b2-gone1234"] })),
    args: () => ["--stack", "gone-ou"],
    code: 2,
    stderr: ['plan: `organizationalUnitIds[0]` ("ou-a1b2-gone1234") is not an OU of organization'],
  },
  // Policy config.
  {
    name: "a missing --policy-config",
    command: plan,
    args: () => ["--policy-config", "policy.json"],
    code: 2,
    stderr: ["plan: --policy-config policy.json: cannot be read (no such file or directory)"],
  },
  {
    name: "a --policy-config that is not JSON",
    command: plan,
    setup: (ws) => userFile(ws, "policy.json", "{ mandatory }"),
    args: () => ["--policy-config", "policy.json"],
    code: 2,
    stderr: ["plan: --policy-config policy.json: is not valid JSON ("],
  },
  // Item 2: --program.
  {
    name: "a --program file that does not exist",
    command: plan,
    args: () => ["--program", "app/index.ts"],
    code: 2,
    stderr: ["plan: --program app/index.ts: cannot be read (no such file or directory)"],
  },
  program(
    "a program that never settles (was: exit 0, no output)",
    `${BUCKET}export = async () => { new aws.s3.BucketV2("b", {}); await new Promise(() => {}); };\n`,
    2,
    ["plan: stopped before finishing"],
  ),
  program(
    "a program that calls process.exit(0) (was: exit 0)",
    `${BUCKET}export = async () => { new aws.s3.BucketV2("b", {}); process.exit(0); };\n`,
    2,
    ["plan: the program called process.exit(0) during the plan"],
  ),
  program("a program that registers nothing", "export const nothing = 1;\n", 2, [
    "plan: the program registered no resources, so nothing was checked",
  ]),
  program(
    "a program that keeps running past --timeout",
    `${BUCKET}export = async () => { new aws.s3.BucketV2("b", {}); setInterval(() => undefined, 1000); await new Promise(() => {}); };\n`,
    2,
    ["plan: the program did not finish within 5 s", "raise the limit with --timeout SECONDS"],
    ["--timeout", "5"],
  ),
  // Issue 15: selective scanning and the ECR filter share of the estimate.
  config(
    "selective-lambda-code",
    "scanTypesByOu with LAMBDA_CODE but no LAMBDA",
    { scanTypesByOu: [{ ous: ["ou-a1b2-prodapps"], scanTypes: ["EC2", "LAMBDA_CODE"] }] },
    'plan: `scanTypesByOu[0].scanTypes` (["EC2","LAMBDA_CODE"]) has LAMBDA_CODE without LAMBDA; Lambda code scanning requires Lambda standard scanning: add LAMBDA',
  ),
  config(
    "selective-unknown-ou",
    "scanTypesByOu naming an OU the organization does not have",
    {
      enablementMode: "organization-policy",
      scanTypesByOu: [{ ous: ["ou-a1b2-zzzzzzzz"], scanTypes: ["EC2"] }],
    },
    'plan: `scanTypesByOu[0].ous[0]` ("ou-a1b2-zzzzzzzz") is not an OU of organization o-a1b2c3d4e5; use an OU id from the inventory',
  ),
  config(
    "selective-delegated-admin",
    "scanTypesByOu in delegated-admin mode (the dev stack's)",
    { scanTypesByOu: [{ ous: ["ou-a1b2-sandbox1"], scanTypes: ["EC2"] }] },
    "plan: `scanTypesByOu` needs enablementMode organization-policy",
    "switch modes with `pulumi config set enablementMode organization-policy`, or remove the key with `pulumi config rm scanTypesByOu`",
  ),
  config(
    "ecr-share-over",
    "costEcrContinuousScanPercent above 100",
    { costEcrContinuousScanPercent: 140 },
    "plan: `costEcrContinuousScanPercent` (140) is above 100 percent; use 0-100",
  ),
  program(
    "a program that throws",
    `${BUCKET}export = async () => { throw new Error("no VPC given"); };\n`,
    2,
    ["plan: no VPC given"],
  ),
  program(
    "a program that prints to stdout, with --json (one document; its output on stderr)",
    `${BUCKET}export = async () => { console.log("hello from the app"); new aws.s3.BucketV2("b", {}); };\n`,
    1,
    ["hello from the app"],
    ["--json"],
    "json",
  ),
];
