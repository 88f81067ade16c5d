/**
 * A small typed client for the Amazon Inspector Scan API (service `inspector-scan`, API version
 * 2023-08-08), which has no AWS SDK for JavaScript v3 package that can be installed here
 * (`@aws-sdk/client-inspector-scan` is not on the registry mirror). One operation, ScanSbom:
 * `POST /scan/sbom` `{ sbom, outputFormat }` on `inspector-scan.<region>.amazonaws.com`
 * (botocore `inspector-scan/2023-08-08/service-2.json`; inspector-facts §3), signed with SigV4.
 */
import { defaultProvider } from "@aws-sdk/credential-provider-node";
import { Sha256 } from "@smithy/core/checksum";
import { HttpRequest, type HttpResponse } from "@smithy/core/transport";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { SignatureV4 } from "@smithy/signature-v4";
import type { AwsCredentialIdentity, Provider } from "@smithy/types";
import { Readable } from "stream";

/** ScanSbom `outputFormat` values. */
export type ScanSbomOutputFormat = "CYCLONE_DX_1_5" | "INSPECTOR" | "INSPECTOR_ALT";

/** ScanSbom request. */
export interface ScanSbomInput {
  /** The CycloneDX 1.5 SBOM as a JSON document. */
  readonly sbom: Record<string, unknown>;
  readonly outputFormat?: ScanSbomOutputFormat;
}

/** ScanSbom response: `{ sbom: document }` in the requested format. */
export interface ScanSbomOutput {
  readonly sbom?: unknown;
}

/** What the gate needs from the Scan API (tests substitute a fake). */
export interface InspectorScanApi {
  scanSbom(input: ScanSbomInput): Promise<ScanSbomOutput>;
}

/** Base class of the Scan API's modelled errors. */
export class InspectorScanError extends Error {
  override readonly name: string = "InspectorScanError";
  constructor(
    message: string,
    /** HTTP status code. */
    readonly statusCode: number,
    /** The error type from `x-amzn-errortype` (or the body's `__type`). */
    readonly errorType: string,
  ) {
    super(message);
  }
}

/** HTTP 400 ValidationException: the SBOM was rejected (`reason`: CANNOT_PARSE, FIELD_VALIDATION_FAILED, UNSUPPORTED_SBOM_TYPE, ...). */
export class InspectorScanValidationError extends InspectorScanError {
  override readonly name = "InspectorScanValidationError";
  constructor(
    message: string,
    readonly reason: string | undefined,
  ) {
    super(message, 400, "ValidationException");
  }
}

/** HTTP 429 ThrottlingException, still throttled after the bounded retries. */
export class InspectorScanThrottlingError extends InspectorScanError {
  override readonly name = "InspectorScanThrottlingError";
  constructor(
    message: string,
    readonly retryAfterSeconds: number | undefined,
    readonly attempts: number,
  ) {
    super(message, 429, "ThrottlingException");
  }
}

/** HTTP 403: AccessDeniedException (no `inspector-scan:ScanSbom`), or a credential/signature problem. */
export class InspectorScanAccessDeniedError extends InspectorScanError {
  override readonly name = "InspectorScanAccessDeniedError";
}

/** The part of a smithy HTTP handler this client uses. */
export interface ScanHttpHandler {
  handle(request: HttpRequest): Promise<{ response: HttpResponse }>;
}

/** Options of {@link InspectorScanClient}. */
export interface InspectorScanClientOptions {
  readonly region: string;
  /** Defaults to the Node.js default credential chain (`defaultProvider()`): env, SSO, profile, web identity, container, instance. */
  readonly credentials?: AwsCredentialIdentity | Provider<AwsCredentialIdentity>;
  /** Defaults to a `NodeHttpHandler` with a 5 s connection and 120 s request timeout. */
  readonly httpHandler?: ScanHttpHandler;
  /** Retries of a throttled call. Defaults to 3. */
  readonly maxThrottleRetries?: number;
  /** Wait between throttled attempts; defaults to a real timer. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Defaults to `https://inspector-scan.<region>.amazonaws.com` (`.amazonaws.com.cn` in China Regions). */
  readonly endpoint?: string;
}

/** Longest wait honoured from a Retry-After header. */
export const MAX_RETRY_AFTER_SECONDS = 30;

/** The default Scan API endpoint of a Region. */
export function inspectorScanEndpoint(region: string): string {
  const suffix = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  return `https://inspector-scan.${region}.${suffix}`;
}

async function readBody(body: unknown): Promise<string> {
  if (body === undefined || body === null) {
    return "";
  }
  if (typeof body === "string") {
    return body;
  }
  if (body instanceof Uint8Array) {
    return Buffer.from(body).toString("utf8");
  }
  const chunks: Buffer[] = [];
  for await (const chunk of body as Readable) {
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks).toString("utf8");
}

function header(response: HttpResponse, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(response.headers)) {
    if (k.toLowerCase() === wanted) {
      return v;
    }
  }
  return undefined;
}

/** Retry-After as seconds (delta-seconds or an HTTP date), capped at {@link MAX_RETRY_AFTER_SECONDS}. */
export function parseRetryAfter(
  value: string | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === undefined || value.trim() === "") {
    return undefined;
  }
  const seconds = /^\d+$/.test(value.trim())
    ? Number(value.trim())
    : Math.ceil((Date.parse(value) - now) / 1000);
  if (!Number.isFinite(seconds)) {
    return undefined;
  }
  return Math.min(Math.max(seconds, 0), MAX_RETRY_AFTER_SECONDS);
}

/**
 * ScanSbom over SigV4. Throttling is retried here by hand, a bounded number of times honouring
 * Retry-After: this is not an SDK client, so the SDK's retry strategy (STYLE.md rule 39) is not
 * there to do it. Nothing else is retried.
 */
export class InspectorScanClient implements InspectorScanApi {
  private readonly signer: SignatureV4;
  private readonly httpHandler: ScanHttpHandler;
  private readonly endpoint: URL;
  private readonly maxThrottleRetries: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: InspectorScanClientOptions) {
    this.signer = new SignatureV4({
      service: "inspector-scan",
      region: options.region,
      credentials: options.credentials ?? defaultProvider(),
      sha256: Sha256,
    });
    this.httpHandler =
      options.httpHandler ??
      new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout: 120_000 });
    this.endpoint = new URL(options.endpoint ?? inspectorScanEndpoint(options.region));
    this.maxThrottleRetries = options.maxThrottleRetries ?? 3;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Scans a CycloneDX 1.5 SBOM. */
  async scanSbom(input: ScanSbomInput): Promise<ScanSbomOutput> {
    const body = JSON.stringify({ sbom: input.sbom, outputFormat: input.outputFormat });
    for (let attempt = 1; ; attempt++) {
      const request = new HttpRequest({
        method: "POST",
        protocol: this.endpoint.protocol,
        hostname: this.endpoint.hostname,
        port: this.endpoint.port ? Number(this.endpoint.port) : undefined,
        path: "/scan/sbom",
        headers: {
          host: this.endpoint.host,
          "content-type": "application/json",
          "content-length": String(Buffer.byteLength(body)),
        },
        body,
      });
      const signed = await this.signer.sign(request);
      const { response } = await this.httpHandler.handle(signed as HttpRequest);
      const text = await readBody(response.body);
      if (response.statusCode >= 200 && response.statusCode < 300) {
        return (text ? JSON.parse(text) : {}) as ScanSbomOutput;
      }
      const error = this.toError(response, text, attempt);
      if (error instanceof InspectorScanThrottlingError && attempt <= this.maxThrottleRetries) {
        const waitSeconds = error.retryAfterSeconds ?? 2 ** (attempt - 1);
        await this.sleep(waitSeconds * 1000);
        continue;
      }
      throw error;
    }
  }

  private toError(response: HttpResponse, text: string, attempt: number): InspectorScanError {
    let parsed: { message?: string; Message?: string; reason?: string; __type?: string } = {};
    try {
      parsed = text ? (JSON.parse(text) as typeof parsed) : {};
    } catch {
      parsed = { message: text.slice(0, 200) };
    }
    const errorType = (header(response, "x-amzn-errortype") ?? parsed.__type ?? "")
      .split(":")[0]
      .split("#")
      .pop() as string;
    const message = parsed.message ?? parsed.Message ?? `HTTP ${response.statusCode}`;
    const status = response.statusCode;
    if (status === 429 || errorType === "ThrottlingException") {
      return new InspectorScanThrottlingError(
        `ScanSbom throttled (ThrottlingException) after ${attempt} attempt(s): ${message}`,
        parseRetryAfter(header(response, "retry-after")),
        attempt,
      );
    }
    if (status === 400 && (errorType === "ValidationException" || errorType === "")) {
      return new InspectorScanValidationError(
        `ScanSbom rejected the SBOM (ValidationException${parsed.reason ? ` ${parsed.reason}` : ""}): ${message}`,
        parsed.reason,
      );
    }
    if (status === 403) {
      return new InspectorScanAccessDeniedError(
        `ScanSbom denied (${errorType || "AccessDenied"}): ${message}; the pipeline role needs inspector-scan:ScanSbom`,
        status,
        errorType || "AccessDeniedException",
      );
    }
    return new InspectorScanError(
      `ScanSbom failed (HTTP ${status}${errorType ? ` ${errorType}` : ""}): ${message}`,
      status,
      errorType || "UnknownError",
    );
  }
}
