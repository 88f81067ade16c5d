/**
 * The one mock runtime every program test shares (STYLE.md rule 24): installed once by the root
 * hook in test/setup.ts, cleared before each test.
 */
import * as pulumi from "@pulumi/pulumi";
import { RecordedResource, RecordingMonitor } from "../../lib/offline/recorder";

/** The project name the tests run under, the same as Pulumi.yaml's. */
export const TEST_PROJECT = "inspector-rollout";

/** The shared recording monitor. */
export const monitor = new RecordingMonitor();

/** Resolves an Output's value (unknowns resolve to undefined). */
export function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/** Registrations of one type token, in registration order. */
export function resourcesOfType(type: string): RecordedResource[] {
  return monitor.registrations.filter((r) => r.type === type);
}

/** The one registration with this type and name; throws when it is missing or repeated. */
export function resourceNamed(type: string, name: string): RecordedResource {
  const found = monitor.registrations.filter((r) => r.type === type && r.name === name);
  if (found.length !== 1) {
    throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
  }
  return found[0];
}

/**
 * Waits until every registration started so far has reached the monitor. Registrations are
 * asynchronous; a few turns of the event loop plus a timer let the queued RPCs complete.
 */
export async function settle(): Promise<void> {
  let previous = -1;
  while (previous !== monitor.registrations.length) {
    previous = monitor.registrations.length;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
