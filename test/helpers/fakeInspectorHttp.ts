/**
 * An Inspector endpoint at the HTTP layer (REST-JSON, the paths of the Inspector API reference),
 * so the SDK's own serializers, paginators and adaptive retry strategy run for real: throttling
 * answers HTTP 429 `ThrottlingException` as Inspector does, and an optional latency stands in
 * for the network in the bench.
 */
import type { HttpRequest, HttpResponse } from "@smithy/types";

/** A fake organization: account ids, all enabled for EC2, ECR, LAMBDA and LAMBDA_CODE. */
export interface FakeInspectorOrg {
  readonly delegatedAdminAccountId: string;
  readonly accountIds: readonly string[];
}

/** Throttles the first `count` calls of each operation named. */
export type ThrottlePlan = ReadonlyMap<string, number>;

const OPERATIONS: Readonly<Record<string, string>> = {
  "/status/batch/get": "BatchGetAccountStatus",
  "/members/list": "ListMembers",
  "/delegatedadminaccounts/list": "ListDelegatedAdminAccounts",
  "/coverage/statistics/list": "ListCoverageStatistics",
};

const ENABLED = { status: "ENABLED" };

/** The request handler; `calls` lists every operation received, with the Region signed for. */
export class FakeInspectorHttp {
  readonly calls: { operation: string; host: string }[] = [];
  private readonly throttled = new Map<string, number>();

  constructor(
    private readonly org: FakeInspectorOrg,
    private readonly throttle: ThrottlePlan = new Map(),
    private readonly latencyMs = 0,
  ) {}

  async handle(request: HttpRequest): Promise<{ response: HttpResponse }> {
    const operation = OPERATIONS[request.path] ?? `unknown ${request.path}`;
    this.calls.push({ operation, host: request.hostname });
    if (this.latencyMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    }
    const seen = this.throttled.get(operation) ?? 0;
    if (seen < (this.throttle.get(operation) ?? 0)) {
      this.throttled.set(operation, seen + 1);
      return this.respond(429, { message: "Rate exceeded" }, "ThrottlingException");
    }
    const raw: unknown = request.body;
    const text =
      raw === undefined
        ? "{}"
        : typeof raw === "string"
          ? raw
          : Buffer.from(raw as Uint8Array).toString("utf8");
    const body = JSON.parse(text) as Record<string, unknown>;
    return this.respond(200, this.answer(operation, body));
  }

  private answer(operation: string, body: Record<string, unknown>): unknown {
    switch (operation) {
      case "BatchGetAccountStatus":
        return {
          accounts: (body.accountIds as string[]).map((accountId) => ({
            accountId,
            state: ENABLED,
            resourceState: { ec2: ENABLED, ecr: ENABLED, lambda: ENABLED, lambdaCode: ENABLED },
          })),
          failedAccounts: [],
        };
      case "ListMembers": {
        const members = this.org.accountIds.filter((id) => id !== this.org.delegatedAdminAccountId);
        const start = body.nextToken === undefined ? 0 : Number(body.nextToken);
        const end = start + Number(body.maxResults ?? 50);
        return {
          members: members.slice(start, end).map((accountId) => ({
            accountId,
            relationshipStatus: "ENABLED",
            delegatedAdminAccountId: this.org.delegatedAdminAccountId,
            updatedAt: 1764748800,
          })),
          ...(end < members.length ? { nextToken: String(end) } : {}),
        };
      }
      case "ListDelegatedAdminAccounts":
        return {
          delegatedAdminAccounts: [
            { accountId: this.org.delegatedAdminAccountId, status: "ENABLED" },
          ],
        };
      case "ListCoverageStatistics":
        return {
          countsByGroup: [{ groupKey: "ACTIVE", count: this.org.accountIds.length * 3 }],
          totalCounts: this.org.accountIds.length * 3,
        };
      default:
        throw new Error(`FakeInspectorHttp: ${operation}`);
    }
  }

  private respond(
    statusCode: number,
    body: unknown,
    errorType?: string,
  ): { response: HttpResponse } {
    return {
      response: {
        statusCode,
        headers: {
          "content-type": "application/json",
          ...(errorType === undefined ? {} : { "x-amzn-errortype": errorType }),
        },
        body: Buffer.from(JSON.stringify(body)),
      },
    };
  }
}
