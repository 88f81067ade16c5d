/**
 * `npm run deployer-policies`: writes the least-privilege deployer policies of the management
 * account and of the delegated administrator role to docs/, from lib/deployerPermissions.ts.
 */
import * as fs from "fs";
import * as path from "path";
import {
  buildDeployerPolicy,
  DEPLOYER_POLICY_FILES,
  type DeployerAccount,
} from "../lib/deployerPermissions";

const ROOT = path.resolve(__dirname, "..");

for (const account of Object.keys(DEPLOYER_POLICY_FILES) as DeployerAccount[]) {
  const file = path.join(ROOT, DEPLOYER_POLICY_FILES[account]);
  fs.writeFileSync(file, `${JSON.stringify(buildDeployerPolicy(account), null, 2)}\n`);
  process.stdout.write(`wrote ${DEPLOYER_POLICY_FILES[account]}\n`);
}
