/**
 * Amazon Inspector's sample events (Inspector UG, "Amazon EventBridge event schema for Amazon
 * Inspector events"), checked in under test/fixtures/events/ verbatim, and events derived from
 * them for the cases the samples do not cover.
 */
import * as fs from "fs";
import * as path from "path";

/** The directory of the checked-in samples. */
export const EVENTS_DIR = path.resolve(__dirname, "../fixtures/events");

/** The `.json` files of a directory, in order. */
function jsonFiles(dir: string): readonly string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort();
}

/** The sample file names, in directory order. */
export const SAMPLE_FILES: readonly string[] = jsonFiles(EVENTS_DIR);

/** A sample event as parsed JSON. */
export type SampleEvent = Record<string, unknown> & { detail: Record<string, unknown> };

/** Loads one sample (a fresh copy each time, so tests may mutate it). */
export function loadSample(file: string, dir = EVENTS_DIR): SampleEvent {
  return JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as SampleEvent;
}

/** A sample with top-level and detail fields replaced. */
export function variant(
  file: string,
  top: Record<string, unknown>,
  detail: Record<string, unknown> = {},
  dir = EVENTS_DIR,
): SampleEvent {
  const event = loadSample(file, dir);
  return { ...event, ...top, detail: { ...event.detail, ...detail } };
}

/** An `Inspector2 Coverage` event shaped as the Inspector UG documents it. */
export function coverageEvent(region = "eu-central-1"): SampleEvent {
  return {
    version: "0",
    id: "c1c1c1c1-0000-4000-8000-000000000001",
    "detail-type": "Inspector2 Coverage",
    source: "aws.inspector2",
    account: "123456789012",
    time: "2024-09-04T17:00:00Z",
    region,
    resources: ["i-12345678901234567"],
    detail: {
      scanStatus: { reason: "UNMANAGED_EC2_INSTANCE", statusCodeValue: "INACTIVE" },
      scanType: "PACKAGE",
      eventTimestamp: "2024-09-04T17:00:00Z",
      version: "1.0",
    },
  };
}

/** The directory of the non-finding samples (scan, coverage, auto-enable, a CloudTrail call). */
export const OTHER_EVENTS_DIR = path.join(EVENTS_DIR, "other");

/** The non-finding sample file names, in directory order. */
export const OTHER_SAMPLE_FILES: readonly string[] = jsonFiles(OTHER_EVENTS_DIR);

/** Loads one non-finding sample (a fresh copy each time). */
export function loadOtherSample(file: string): SampleEvent {
  return loadSample(file, OTHER_EVENTS_DIR);
}

/** A non-finding sample with top-level and detail fields replaced. */
export function otherVariant(
  file: string,
  top: Record<string, unknown>,
  detail: Record<string, unknown> = {},
): SampleEvent {
  return variant(file, top, detail, OTHER_EVENTS_DIR);
}
