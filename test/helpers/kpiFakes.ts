/**
 * Shared fakes of the KPI function tests: EMF capture, finding events, S3 bodies. Not a spec.
 */
import { Metrics } from "@aws-lambda-powertools/metrics";
import { gzipSync } from "zlib";
import { prepareKpiMetrics } from "../../functions/lib/kpiPublish";
import { KPI_NAMESPACE } from "../../lib/kpis/metrics";
import type { InspectorEvent } from "../../lib/kpis/compute";

/** One EMF document reduced to what a test asserts (the timestamp varies). */
export interface EmfDoc {
  readonly namespace: string;
  readonly dimensions: string[][];
  readonly dimensionValues: Record<string, string>;
  readonly metrics: Record<string, { unit: string; value: number }>;
}

interface RawEmf {
  _aws: {
    CloudWatchMetrics: {
      Namespace: string;
      Dimensions: string[][];
      Metrics: { Name: string; Unit: string }[];
    }[];
  };
  [key: string]: unknown;
}

/** Parses the EMF lines written to stdout. */
export function parseEmf(lines: readonly string[]): EmfDoc[] {
  return lines.map((line) => {
    const doc = JSON.parse(line) as RawEmf;
    const directive = doc._aws.CloudWatchMetrics[0];
    const dimensionValues: Record<string, string> = {};
    for (const name of directive.Dimensions.flat()) {
      dimensionValues[name] = doc[name] as string;
    }
    const metrics: EmfDoc["metrics"] = {};
    for (const m of directive.Metrics) {
      metrics[m.Name] = { unit: m.Unit, value: doc[m.Name] as number };
    }
    return {
      namespace: directive.Namespace,
      dimensions: directive.Dimensions,
      dimensionValues,
      metrics,
    };
  });
}

/**
 * Runs `fn` with process.stdout captured (Powertools Metrics writes EMF there through its own
 * Console), and gives back the non-empty lines.
 */
export async function captureStdout(fn: () => unknown): Promise<string[]> {
  const chunks: string[] = [];
  const original = process.stdout.write.bind(process.stdout);
  process.stdout.write = (chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    return true;
  };
  try {
    await fn();
  } finally {
    process.stdout.write = original;
  }
  return chunks
    .join("")
    .split("\n")
    .filter((l) => l.trim() !== "");
}

/** A finding event as the export writes it. */
export function findingEvent(args: {
  arn: string;
  account: string;
  severity: string;
  status: string;
  firstObservedAt: string;
  updatedAt: string;
  cve?: string;
  vendorCreatedAt?: string;
}): InspectorEvent {
  return {
    "detail-type": "Inspector2 Finding",
    source: "aws.inspector2",
    time: args.updatedAt,
    region: "us-east-1",
    account: "222222222222",
    detail: {
      findingArn: args.arn,
      awsAccountId: args.account,
      severity: args.severity,
      status: args.status,
      firstObservedAt: args.firstObservedAt,
      updatedAt: args.updatedAt,
      resources: [{ type: "AWS_EC2_INSTANCE", region: "us-east-1" }],
      packageVulnerabilityDetails: {
        ...(args.cve === undefined ? {} : { vulnerabilityId: args.cve }),
        ...(args.vendorCreatedAt === undefined ? {} : { vendorCreatedAt: args.vendorCreatedAt }),
      },
    },
  };
}

/** A GetObject body holding the events as GZIP JSON Lines (what Firehose writes). */
export function gzipBody(events: readonly InspectorEvent[]) {
  const bytes = gzipSync(Buffer.from(`${events.map((e) => JSON.stringify(e)).join("\n")}\n`));
  return { transformToByteArray: () => Promise.resolve(new Uint8Array(bytes)) };
}

/** A copy of a request without its undefined members: paginators reuse (and mutate) one input. */
export function requestCopy<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * KPI metrics that really write EMF: other spec files set POWERTOOLS_METRICS_DISABLED for the
 * whole process, and Powertools reads it when a Metrics instance is built.
 */
export function enabledKpiMetrics(serviceName?: string): Metrics {
  const saved = process.env.POWERTOOLS_METRICS_DISABLED;
  process.env.POWERTOOLS_METRICS_DISABLED = "false";
  try {
    return prepareKpiMetrics(new Metrics({ namespace: KPI_NAMESPACE, serviceName }));
  } finally {
    if (saved === undefined) {
      delete process.env.POWERTOOLS_METRICS_DISABLED;
    } else {
      process.env.POWERTOOLS_METRICS_DISABLED = saved;
    }
  }
}
