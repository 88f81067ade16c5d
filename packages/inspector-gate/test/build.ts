/** The package as users install it: its compiled JavaScript, built before a test runs it. */
import { execFileSync } from "child_process";
import * as path from "path";

/** The package's directory. */
export const PACKAGE_DIR = path.resolve(__dirname, "..");

/** `npm run build` of the package: tsc, incremental (a no-op when nothing changed). */
export function buildPackage(): void {
  execFileSync(
    process.execPath,
    [require.resolve("typescript/bin/tsc"), "-p", path.join(PACKAGE_DIR, "tsconfig.build.json")],
    { stdio: "inherit" },
  );
}
