/** Bad inputs of `npm run inventory` (issue 13, item 11: --out checked before the AWS calls). */
import * as fs from "fs";
import * as path from "path";
import { type BadInputCase, COMMANDS } from "../../helpers/cli";
import { userFile } from "./common";

const inventory = COMMANDS.inventory;

export const INVENTORY_CASES: readonly BadInputCase[] = [
  {
    name: "no --out",
    command: inventory,
    args: () => [],
    code: 2,
    stderr: ["inventory: --out FILE is required; see --help"],
  },
  {
    name: "an unknown flag",
    command: inventory,
    args: () => ["--output", "org.json"],
    code: 2,
    stderr: ["inventory: Unknown option '--output'", "see --help"],
  },
  {
    name: "a positional argument",
    command: inventory,
    args: () => ["org.json"],
    code: 2,
    stderr: ["inventory: Unexpected argument 'org.json'", "see --help"],
  },
  {
    name: "a region that is not a region name",
    command: inventory,
    args: () => ["--out", "org.json", "--region", "useast1"],
    code: 2,
    stderr: [
      'inventory: --region "useast1" is not an AWS region name (e.g. us-east-1); see --help',
    ],
  },
  {
    // Without credentials an AWS call would exit 3: exit 2 shows the check came first.
    name: "--out in a directory that does not exist (checked before any AWS call)",
    command: inventory,
    args: () => ["--out", "snapshots/org.json"],
    code: 2,
    stderr: [
      "inventory: cannot write --out snapshots/org.json (its directory: no such file or directory); nothing was read; see --help",
    ],
  },
  {
    name: "--out naming a directory",
    command: inventory,
    setup: (ws) => fs.mkdirSync(path.join(ws.dir, "out")),
    args: () => ["--out", "out"],
    code: 2,
    stderr: ["inventory: cannot write --out out (is a directory); nothing was read; see --help"],
  },
  {
    name: "--out under a file",
    command: inventory,
    setup: (ws) => userFile(ws, "plain.txt", "x"),
    args: () => ["--out", "plain.txt/org.json"],
    code: 2,
    stderr: [
      "inventory: cannot write --out plain.txt/org.json (a part of the path is not a directory)",
    ],
  },
  {
    name: "no AWS credentials (an AWS error, exit 3, no file written)",
    command: inventory,
    args: () => ["--out", "org.json"],
    code: 3,
    stderr: ["inventory: AWS SDK error CredentialsProviderError: "],
  },
  // Issue 15: --workloads.
  {
    name: "--workloads without --regions",
    command: inventory,
    args: () => [
      "--out",
      "org.json",
      "--workloads",
      "--role-arn",
      "arn:aws:iam::222222222222:role/Audit",
    ],
    code: 2,
    stderr: [
      "inventory: --workloads needs --regions R1,R2 (the governed Regions to read coverage in); see --help",
    ],
  },
  {
    name: "--workloads with an account id for --role-arn",
    command: inventory,
    args: () => [
      "--out",
      "org.json",
      "--workloads",
      "--regions",
      "us-east-1",
      "--role-arn",
      "222222222222",
    ],
    code: 2,
    stderr: [
      'inventory: --workloads needs --role-arn arn:aws:iam::<delegated admin id>:role/<name> (the role to read Inspector\'s coverage as); "222222222222" is not a role ARN; see --help',
    ],
  },
  {
    name: "--workloads without AWS credentials (exit 3, no file written)",
    command: inventory,
    args: () => [
      "--out",
      "org.json",
      "--workloads",
      "--regions",
      "us-east-1,eu-west-1",
      "--role-arn",
      "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole",
    ],
    code: 3,
    stderr: ["inventory: AWS SDK error CredentialsProviderError: "],
  },
];
