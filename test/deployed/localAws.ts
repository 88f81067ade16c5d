/**
 * A local HTTP endpoint for the AWS services that have no emulator here (SNS, SQS, SSM, STS, ECR,
 * Inspector2, Secrets Manager, Organizations). It speaks each service's wire protocol as the SDK
 * sends it (AWS JSON 1.0/1.1, AWS Query, REST-JSON), checks every request against the documented
 * parameter limits (test/fixtures/aws-api-limits.json, test/helpers/apiLimits.ts) and the
 * documented rules the model does not carry, answers with realistic responses (or the service's
 * own error), and records every call so that tests assert their order and content.
 *
 * DynamoDB and S3 have real emulators (dynalite, s3rver) and do not come here.
 */
import { createHash, randomUUID } from "crypto";
import * as http from "http";
import type { AddressInfo } from "net";
import { checkApiInput, type ServiceModel, serviceModel, type Shape } from "../helpers/apiLimits";

/** One call the endpoint received. */
export interface RecordedCall {
  /** botocore's service name (`ssm`, `sns`, `inspector2`...). */
  readonly service: string;
  readonly operation: string;
  readonly region: string;
  /** The account whose credentials signed the request. */
  readonly accountId: string;
  readonly input: Record<string, unknown>;
  /** The error the endpoint answered with, if any. */
  readonly error?: string;
}

/** An error answered in the service's own format. */
export class AwsFault extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}

/** What a responder gets. */
export interface CallContext {
  readonly region: string;
  readonly accountId: string;
}

/** Answers one operation: the output object, or throws an {@link AwsFault}. */
export type Responder = (
  input: Record<string, unknown>,
  call: CallContext,
) => Record<string, unknown> | Promise<Record<string, unknown>>;

/**
 * The credentials the functions run with (their role's, in the delegated administrator): the
 * ones s3rver verifies signatures with.
 */
export const FUNCTION_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

/** Services by the signing name in the request's credential scope. */
const BY_SIGNING_NAME: Readonly<Record<string, string>> = {
  ssm: "ssm",
  sts: "sts",
  sns: "sns",
  sqs: "sqs",
  ecr: "ecr",
  inspector2: "inspector2",
  secretsmanager: "secretsmanager",
  organizations: "organizations",
};

/** AWS JSON target prefixes the current SDK sends (SQS moved from Query to JSON 1.0 in 2023). */
const JSON_TARGETS: Readonly<Record<string, string>> = { AmazonSQS: "sqs" };

// ---------- AWS Query decoding (form body -> the model's structure) ----------

function decodeQuery(
  model: ServiceModel,
  shapeName: string,
  params: Map<string, string>,
  prefix: string,
): unknown {
  const shape: Shape | undefined = model.shapes[shapeName];
  if (shape === undefined) {
    return params.get(prefix);
  }
  const has = (p: string) => [...params.keys()].some((k) => k === p || k.startsWith(`${p}.`));
  switch (shape.type) {
    case "structure": {
      const out: Record<string, unknown> = {};
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const key = `${prefix}${ref.locationName ?? name}`;
        if (has(key)) {
          out[name] = decodeQuery(model, ref.shape, params, `${key}.`);
        }
      }
      return out;
    }
    case "list": {
      const base = prefix.replace(/\.$/, "");
      const itemPrefix =
        shape.flattened === true ? base : `${base}.${shape.member?.locationName ?? "member"}`;
      const items: unknown[] = [];
      for (let i = 1; has(`${itemPrefix}.${i}`); i++) {
        items.push(decodeQuery(model, shape.member?.shape ?? "", params, `${itemPrefix}.${i}.`));
      }
      return items;
    }
    case "map": {
      const base = prefix.replace(/\.$/, "");
      const entry = shape.flattened === true ? base : `${base}.entry`;
      const keyName = shape.key?.locationName ?? "key";
      const valueName = shape.value?.locationName ?? "value";
      const out: Record<string, unknown> = {};
      for (let i = 1; has(`${entry}.${i}`); i++) {
        const k = params.get(`${entry}.${i}.${keyName}`) ?? "";
        out[k] = decodeQuery(
          model,
          shape.value?.shape ?? "",
          params,
          `${entry}.${i}.${valueName}.`,
        );
      }
      return out;
    }
    default:
      return params.get(prefix.replace(/\.$/, ""));
  }
}

// ---------- responses ----------

function xmlOf(value: unknown, name: string): string {
  if (value === undefined || value === null) {
    return "";
  }
  if (Array.isArray(value)) {
    return `<${name}>${value.map((v) => xmlOf(v, "member")).join("")}</${name}>`;
  }
  if (value instanceof Date) {
    return `<${name}>${value.toISOString()}</${name}>`;
  }
  if (typeof value === "object") {
    const inner = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => xmlOf(v, k))
      .join("");
    return `<${name}>${inner}</${name}>`;
  }
  const text = (typeof value === "string" ? value : JSON.stringify(value))
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
  return `<${name}>${text}</${name}>`;
}

function jsonReplacer(_key: string, value: unknown): unknown {
  return value instanceof Date ? value.getTime() / 1000 : value;
}

interface Decoded {
  readonly service: string;
  readonly operation: string;
  readonly protocol: "json" | "query" | "rest-json";
  readonly jsonVersion?: string;
  readonly input: Record<string, unknown>;
}

function decode(req: http.IncomingMessage, body: string, service: string): Decoded {
  const target = req.headers["x-amz-target"];
  if (typeof target === "string") {
    const [prefix, operation] = target.split(".");
    const contentType = String(req.headers["content-type"] ?? "");
    return {
      service: JSON_TARGETS[prefix] ?? service,
      operation,
      protocol: "json",
      jsonVersion: contentType.includes("1.0") ? "1.0" : "1.1",
      input: body === "" ? {} : (JSON.parse(body) as Record<string, unknown>),
    };
  }
  const model = serviceModel(service);
  if (model.protocol === "query") {
    const params = new Map(new URLSearchParams(body).entries());
    const operation = params.get("Action") ?? "";
    const op = model.operations[operation];
    const input =
      op?.input === undefined
        ? {}
        : (decodeQuery(model, op.input, params, "") as Record<string, unknown>);
    return { service, operation, protocol: "query", input };
  }
  const url = new URL(req.url ?? "/", "http://localhost");
  const operation =
    Object.entries(model.operations).find(
      ([, op]) =>
        op.http.method === req.method && op.http.requestUri.split("?")[0] === url.pathname,
    )?.[0] ?? "";
  return {
    service,
    operation,
    protocol: "rest-json",
    input: body === "" ? {} : (JSON.parse(body) as Record<string, unknown>),
  };
}

/** The account a request was signed for: the function's, or an assumed role's. */
function accountOf(accessKeyId: string, sessions: Map<string, string>, home: string): string {
  return sessions.get(accessKeyId) ?? home;
}

/**
 * The local endpoint. `respond(service, operation, fn)` replaces an operation's answer for a test;
 * `calls` is everything received, in order.
 */
export class LocalAws {
  public readonly calls: RecordedCall[] = [];
  private readonly responders = new Map<string, Responder>();
  private readonly sessions = new Map<string, string>();
  private server: http.Server | undefined;
  private port = 0;

  constructor(private readonly homeAccountId: string) {}

  /** The base URL (`AWS_ENDPOINT_URL_<SERVICE>`). */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Replaces the answer of one operation (until {@link reset}). */
  respond(service: string, operation: string, responder: Responder): void {
    this.responders.set(`${service}:${operation}`, responder);
  }

  /** Forgets the calls and the replaced answers. */
  reset(): void {
    this.calls.length = 0;
    this.responders.clear();
  }

  /** The calls of one service (and operation). */
  callsOf(service: string, operation?: string): RecordedCall[] {
    return this.calls.filter(
      (c) => c.service === service && (operation === undefined || c.operation === operation),
    );
  }

  async start(defaults: Readonly<Record<string, Responder>>): Promise<void> {
    this.defaults = defaults;
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        this.handle(req, Buffer.concat(chunks).toString("utf8"), res).catch((err: unknown) => {
          res.statusCode = 500;
          res.end(String(err));
        });
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  private defaults: Readonly<Record<string, Responder>> = {};

  private async handle(
    req: http.IncomingMessage,
    body: string,
    res: http.ServerResponse,
  ): Promise<void> {
    const auth = String(req.headers.authorization ?? "");
    const scope = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(auth);
    if (scope === null) {
      res.statusCode = 403;
      res.end("unsigned request");
      return;
    }
    const [, accessKeyId, region, signingName] = scope;
    const service = BY_SIGNING_NAME[signingName];
    if (service === undefined) {
      res.statusCode = 400;
      res.end(`no local endpoint for ${signingName}`);
      return;
    }
    const decoded = decode(req, body, service);
    const call: CallContext = {
      region,
      accountId: accountOf(accessKeyId, this.sessions, this.homeAccountId),
    };
    const key = `${decoded.service}:${decoded.operation}`;
    let output: Record<string, unknown>;
    try {
      const problems = checkApiInput(decoded.service, decoded.operation, decoded.input);
      if (problems.length > 0) {
        // AWS's front end: "N validation error(s) detected: ..." (Common Errors, ValidationError).
        throw new AwsFault(
          decoded.protocol === "query" ? "ValidationError" : "ValidationException",
          `${problems.length} validation error${problems.length === 1 ? "" : "s"} detected: ${problems.join("; ")}`,
        );
      }
      const responder = this.responders.get(key) ?? this.defaults[key];
      if (responder === undefined) {
        throw new AwsFault("UnknownOperationException", `no local answer for ${key}`);
      }
      output = await responder(decoded.input, call);
      if (key === "sts:AssumeRole") {
        const creds = output.Credentials as { AccessKeyId: string };
        const account = /^arn:aws:iam::(\d{12}):/.exec(String(decoded.input.RoleArn))?.[1];
        this.sessions.set(creds.AccessKeyId, account ?? call.accountId);
      }
    } catch (err) {
      const fault =
        err instanceof AwsFault ? err : new AwsFault("InternalFailure", String(err), 500);
      this.calls.push({ ...decoded, ...call, error: fault.code });
      this.sendError(res, decoded, fault);
      return;
    }
    this.calls.push({
      service: decoded.service,
      operation: decoded.operation,
      ...call,
      input: decoded.input,
    });
    const requestId = randomUUID();
    res.setHeader("x-amzn-requestid", requestId);
    if (decoded.protocol === "query") {
      const ns = serviceModel(decoded.service).xmlNamespace ?? "";
      res.setHeader("content-type", "text/xml");
      res.end(
        `<${decoded.operation}Response xmlns="${ns}">${xmlOf(output, `${decoded.operation}Result`)}` +
          `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${decoded.operation}Response>`,
      );
      return;
    }
    res.setHeader(
      "content-type",
      decoded.protocol === "json"
        ? `application/x-amz-json-${decoded.jsonVersion}`
        : "application/json",
    );
    res.end(JSON.stringify(output, jsonReplacer));
  }

  private sendError(res: http.ServerResponse, decoded: Decoded, fault: AwsFault): void {
    res.statusCode = fault.status;
    if (decoded.protocol === "query") {
      res.setHeader("content-type", "text/xml");
      res.end(
        `<ErrorResponse><Error><Type>Sender</Type><Code>${fault.code}</Code>` +
          `<Message>${xmlOf(fault.message, "x").slice(3, -4)}</Message></Error>` +
          `<RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
      );
      return;
    }
    if (decoded.protocol === "json") {
      res.setHeader("content-type", `application/x-amz-json-${decoded.jsonVersion}`);
      // SQS is awsQueryCompatible: its error code also travels in this header.
      res.setHeader("x-amzn-query-error", `${fault.code};Sender`);
      res.end(JSON.stringify({ __type: fault.code, message: fault.message }));
      return;
    }
    res.setHeader("x-amzn-errortype", fault.code);
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ message: fault.message }));
  }
}

/** The MD5 of a message body, as SQS answers it (the SDK checks it). */
export function md5Hex(text: string): string {
  return createHash("md5").update(text, "utf8").digest("hex");
}
