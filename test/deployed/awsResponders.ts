/**
 * The local endpoint's answers, with the semantics the functions rely on: topics and queues exist
 * only as planned, SNS and SQS refuse what their API references refuse beyond the model's limits,
 * STS answers role-chained sessions, SSM starts automations of existing documents with declared
 * parameters (idempotent on the client token), ECR and Inspector answer from the state a test
 * sets. Each rule cites its page.
 */
import { randomUUID } from "crypto";
import { AwsFault, md5Hex, type Responder } from "./localAws";

/** An SSM document's declared parameters (name -> allowed values, if any). */
export interface DocumentParameters {
  readonly [name: string]: {
    readonly allowedValues?: readonly string[];
    readonly allowedPattern?: string;
    /** A parameter without a default must be given. */
    readonly isRequired: boolean;
  };
}

/** The state the answers read and write. */
export class LocalWorld {
  /** Topics that exist (ARNs). */
  readonly topics = new Set<string>();
  /** Queues that exist, by URL, with the messages sent to them. */
  readonly queues = new Map<string, { body: string; delaySeconds: number }[]>();
  /** Automation documents in every member account, by name. */
  readonly documents = new Map<string, DocumentParameters>();
  /** Inspector findings (API shape) ListFindings answers from. */
  findings: Record<string, unknown>[] = [];
  /** The delegated administrator's associated members, ListMembers answers from. */
  inspectorMembers: string[] = [];
  /** Usage (API shape, `{type, total, estimatedMonthlyCost, currency}`) per account. */
  readonly usage = new Map<string, Record<string, unknown>[]>();
  /** ECR repository tags by repository ARN. */
  readonly repositoryTags = new Map<string, { Key: string; Value: string }[]>();
  /** ECR lifecycle policies by `registry/repository`. */
  readonly lifecyclePolicies = new Map<string, string>();
  /** Started automation executions by client token. */
  readonly executions = new Map<string, { id: string; input: Record<string, unknown> }>();
  /** Reports by id: their kind and status. */
  readonly reports = new Map<
    string,
    { kind: string; status: string; input: Record<string, unknown> }
  >();

  reset(): void {
    this.findings = [];
    this.inspectorMembers = [];
    this.usage.clear();
    this.repositoryTags.clear();
    this.lifecyclePolicies.clear();
    this.executions.clear();
    this.reports.clear();
    for (const messages of this.queues.values()) {
      messages.length = 0;
    }
  }
}

const SNS_MAX_MESSAGE_BYTES = 262_144;

interface StringFilter {
  comparison: string;
  value: string;
}

function matchesFilter(
  finding: Record<string, unknown>,
  criteria: Record<string, unknown>,
): boolean {
  const fields: Record<string, (f: Record<string, unknown>) => string[]> = {
    awsAccountId: (f) => [String(f.awsAccountId)],
    findingStatus: (f) => [String(f.status)],
    findingType: (f) => [String(f.type)],
    resourceId: (f) => ((f.resources as { id: string }[]) ?? []).map((r) => r.id),
    resourceType: (f) => ((f.resources as { type: string }[]) ?? []).map((r) => r.type),
    severity: (f) => [String(f.severity)],
  };
  return Object.entries(criteria).every(([name, filters]) => {
    const read = fields[name];
    if (read === undefined) {
      return true;
    }
    const values = read(finding);
    // Filters of one field are ORed, fields are ANDed (ListFindings, FilterCriteria).
    return (filters as StringFilter[]).some((f) =>
      f.comparison === "EQUALS" ? values.includes(f.value) : !values.includes(f.value),
    );
  });
}

/** The default answers, keyed `service:Operation`. */
export function defaultResponders(world: LocalWorld): Record<string, Responder> {
  return {
    "sts:AssumeRole": (input) => {
      // Role chaining limits a session to one hour (IAM UG, id_roles_terms-and-concepts).
      if (Number(input.DurationSeconds ?? 3600) > 3600) {
        throw new AwsFault(
          "ValidationError",
          "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
        );
      }
      const roleArn = String(input.RoleArn);
      const account = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
      if (account === null) {
        throw new AwsFault("ValidationError", `${roleArn} is not a role ARN`);
      }
      const expiration = new Date(Date.now() + Number(input.DurationSeconds ?? 3600) * 1000);
      return {
        Credentials: {
          AccessKeyId: `ASIA${randomUUID().replace(/-/g, "").slice(0, 16).toUpperCase()}`,
          SecretAccessKey: randomUUID().replace(/-/g, ""),
          SessionToken: `FwoGZXIvYXdzE${randomUUID().replace(/-/g, "")}`,
          Expiration: expiration,
        },
        AssumedRoleUser: {
          AssumedRoleId: `AROA${randomUUID().replace(/-/g, "").slice(0, 17).toUpperCase()}:${String(input.RoleSessionName)}`,
          Arn: `arn:aws:sts::${account[1]}:assumed-role/${account[2]}/${String(input.RoleSessionName)}`,
        },
      };
    },
    "sns:Publish": (input) => {
      const topicArn = typeof input.TopicArn === "string" ? input.TopicArn : "";
      if (!world.topics.has(topicArn)) {
        throw new AwsFault("NotFound", "Topic does not exist", 404);
      }
      // Publish, API reference: "Subjects must be ASCII text that begins with a letter, number,
      // or punctuation mark; must not include line breaks or control characters; and must be
      // less than 100 characters long."
      const subject = input.Subject as string | undefined;
      if (
        subject !== undefined &&
        (!/^[\x21-\x7e][\x20-\x7e]*$/.test(subject) || subject.length > 100)
      ) {
        throw new AwsFault("InvalidParameter", "Invalid parameter: Subject");
      }
      if (Buffer.byteLength(String(input.Message), "utf8") > SNS_MAX_MESSAGE_BYTES) {
        throw new AwsFault("InvalidParameter", "Invalid parameter: Message too long");
      }
      // SNS message attributes: String values must not be empty (sns-message-attributes).
      for (const [name, value] of Object.entries(
        (input.MessageAttributes ?? {}) as Record<
          string,
          { DataType: string; StringValue?: string }
        >,
      )) {
        if (value.DataType.startsWith("String") && (value.StringValue ?? "") === "") {
          throw new AwsFault(
            "ParameterValueInvalid",
            `The message attribute '${name}' must contain non-empty message attribute value for message attribute type 'String'.`,
          );
        }
      }
      return { MessageId: randomUUID() };
    },
    "sqs:SendMessage": (input) => {
      const messages = world.queues.get(String(input.QueueUrl));
      if (messages === undefined) {
        throw new AwsFault(
          "AWS.SimpleQueueService.NonExistentQueue",
          "The specified queue does not exist.",
        );
      }
      const delaySeconds = Number(input.DelaySeconds ?? 0);
      // SendMessage, API reference: DelaySeconds 0 to 900.
      if (!Number.isInteger(delaySeconds) || delaySeconds < 0 || delaySeconds > 900) {
        throw new AwsFault(
          "InvalidParameterValue",
          `Value ${delaySeconds} for parameter DelaySeconds is invalid.`,
        );
      }
      const body = String(input.MessageBody);
      messages.push({ body, delaySeconds });
      return { MessageId: randomUUID(), MD5OfMessageBody: md5Hex(body) };
    },
    "ssm:ListCommandInvocations": () => ({ CommandInvocations: [] }),
    "ssm:StartAutomationExecution": (input) => {
      const name = String(input.DocumentName);
      const declared = world.documents.get(name);
      if (declared === undefined) {
        throw new AwsFault(
          "AutomationDefinitionNotFoundException",
          `Document ${name} does not exist.`,
        );
      }
      const parameters = (input.Parameters ?? {}) as Record<string, string[]>;
      const missing = Object.entries(declared)
        .filter(([key, spec]) => spec.isRequired && parameters[key] === undefined)
        .map(([key]) => key);
      if (missing.length > 0) {
        throw new AwsFault(
          "InvalidAutomationExecutionParametersException",
          `Parameters ${missing.join(", ")} are required by ${name}.`,
        );
      }
      for (const [key, values] of Object.entries(parameters)) {
        const spec = declared[key];
        const bad =
          spec === undefined ||
          (spec.allowedValues !== undefined &&
            values.some((v) => !spec.allowedValues?.includes(v))) ||
          (spec.allowedPattern !== undefined &&
            values.some((v) => !new RegExp(spec.allowedPattern ?? "").test(v)));
        if (bad) {
          throw new AwsFault(
            "InvalidAutomationExecutionParametersException",
            `Parameter ${key} is not declared by ${name} or its value is not allowed.`,
          );
        }
      }
      const token = typeof input.ClientToken === "string" ? input.ClientToken : randomUUID();
      const existing = world.executions.get(token);
      if (existing !== undefined) {
        // A repeated client token returns the execution it started (StartAutomationExecution).
        return { AutomationExecutionId: existing.id };
      }
      const id = randomUUID();
      world.executions.set(token, { id, input });
      return { AutomationExecutionId: id };
    },
    "ecr:ListTagsForResource": (input) => ({
      tags: world.repositoryTags.get(String(input.resourceArn)) ?? [],
    }),
    "ecr:GetLifecyclePolicy": (input) => {
      const key = `${String(input.registryId)}/${String(input.repositoryName)}`;
      const text = world.lifecyclePolicies.get(key);
      if (text === undefined) {
        throw new AwsFault(
          "LifecyclePolicyNotFoundException",
          `Lifecycle policy does not exist for the repository with name '${String(input.repositoryName)}' in the registry with id '${String(input.registryId)}'`,
        );
      }
      return {
        registryId: input.registryId,
        repositoryName: input.repositoryName,
        lifecyclePolicyText: text,
      };
    },
    "ecr:PutLifecyclePolicy": (input) => {
      world.lifecyclePolicies.set(
        `${String(input.registryId)}/${String(input.repositoryName)}`,
        String(input.lifecyclePolicyText),
      );
      return {
        registryId: input.registryId,
        repositoryName: input.repositoryName,
        lifecyclePolicyText: input.lifecyclePolicyText,
      };
    },
    "inspector2:ListFindings": (input) => {
      const criteria = (input.filterCriteria ?? {}) as Record<string, unknown>;
      const matching = world.findings.filter((f) => matchesFilter(f, criteria));
      // maxResults defaults to 50 (ListFindings, API reference).
      return page(matching, input, 50, "findings", (f) => f);
    },
    // Request limits (ListMembers maxResults 1-50; ListUsageTotals accountIds 1-7,000 of 12
    // digits, maxResults 1-500) are the model's, checked before any answer (localAws.ts).
    "inspector2:ListMembers": (input) =>
      page(world.inspectorMembers, input, 50, "members", (accountId) => ({
        accountId,
        relationshipStatus: "ENABLED",
      })),
    "inspector2:ListUsageTotals": (input) =>
      page(
        ((input.accountIds ?? []) as string[]).filter((id) => world.usage.has(id)),
        input,
        // No default is documented; the SDK's paginator always sends maxResults.
        500,
        "totals",
        (accountId) => ({ accountId, usage: world.usage.get(accountId) }),
      ),
    "inspector2:ListCoverage": () => ({ coveredResources: [] }),
    "inspector2:ListCoverageStatistics": () => ({ countsByGroup: [], totalCounts: 0 }),
    "inspector2:ListFindingAggregations": (input) => ({
      aggregationType: input.aggregationType,
      responses: [],
    }),
    "inspector2:CreateFindingsReport": (input) => startReport(world, "FINDINGS_REPORT", input),
    "inspector2:CreateSbomExport": (input) => startReport(world, "SBOM_EXPORT", input),
    "inspector2:GetFindingsReportStatus": (input) => reportStatus(world, input),
    "inspector2:GetSbomExport": (input) => reportStatus(world, input),
  };
}

/** One page of `items` from the offset in `nextToken`, `maxResults` (else `size`) long, under `key`. */
function page<T>(
  items: readonly T[],
  input: Record<string, unknown>,
  size: number,
  key: string,
  shape: (item: T) => Record<string, unknown>,
): Record<string, unknown> {
  const length = input.maxResults === undefined ? size : Number(input.maxResults);
  const start = input.nextToken === undefined ? 0 : Number(input.nextToken);
  const next = start + length < items.length ? String(start + length) : undefined;
  return {
    [key]: items.slice(start, start + length).map(shape),
    ...(next === undefined ? {} : { nextToken: next }),
  };
}

function startReport(
  world: LocalWorld,
  kind: string,
  input: Record<string, unknown>,
): Record<string, unknown> {
  // One report at a time per account (Inspector UG, findings-managing-exporting-reports).
  if ([...world.reports.values()].some((r) => r.status === "IN_PROGRESS")) {
    throw new AwsFault("ConflictException", "Cannot have multiple reports in-progress", 409);
  }
  const reportId = randomUUID();
  world.reports.set(reportId, { kind, status: "IN_PROGRESS", input });
  return { reportId };
}

function reportStatus(world: LocalWorld, input: Record<string, unknown>): Record<string, unknown> {
  const report = world.reports.get(String(input.reportId));
  if (report === undefined) {
    throw new AwsFault(
      "ResourceNotFoundException",
      `report ${String(input.reportId)} not found`,
      404,
    );
  }
  // Reports finish by the first status read here: the tests do not wait minutes.
  report.status = "SUCCEEDED";
  return {
    reportId: input.reportId,
    status: "SUCCEEDED",
    ...(report.kind === "SBOM_EXPORT"
      ? { format: report.input.reportFormat, s3Destination: report.input.s3Destination }
      : { destination: report.input.s3Destination }),
  };
}
