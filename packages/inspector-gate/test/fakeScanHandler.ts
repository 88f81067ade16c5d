/** A fake HTTP handler for the Inspector Scan API client: records requests, answers from a queue. */
import { HttpResponse, type HttpRequest } from "@smithy/core/transport";
import { Readable } from "stream";
import type { ScanHttpHandler } from "../src/inspectorScanClient";

/** One canned HTTP answer. */
export interface Canned {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

/** An HTTP handler that records requests and answers from a queue (bodies as streams, like Node's). */
export class FakeScanHandler implements ScanHttpHandler {
  readonly requests: HttpRequest[] = [];
  constructor(private readonly responses: Canned[]) {}
  handle(request: HttpRequest): Promise<{ response: HttpResponse }> {
    this.requests.push(request);
    const next = this.responses.shift();
    if (!next) {
      throw new Error("FakeScanHandler: no response left");
    }
    const text = typeof next.body === "string" ? next.body : JSON.stringify(next.body);
    return Promise.resolve({
      response: new HttpResponse({
        statusCode: next.status,
        headers: { "content-type": "application/json", ...(next.headers ?? {}) },
        body: Readable.from([Buffer.from(text)]),
      }),
    });
  }
}
