/** Loading the gate's checked-in fixtures (test/fixtures/). */
import * as fs from "fs";
import * as path from "path";

/** Absolute path of a gate fixture. */
export function fixturePath(name: string): string {
  return path.resolve(__dirname, "fixtures", name);
}

/** A gate fixture's text. */
export function fixtureText(name: string): string {
  return fs.readFileSync(fixturePath(name), "utf8");
}

/** A gate fixture parsed as JSON. */
export function fixtureJson<T = unknown>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}
