/**
 * Where each security document of the example stacks is written out literally (issue 18): every
 * IAM, trust, key, bucket, queue, topic and table policy the program registers, and those of the
 * member baseline's StackSet template, is named here with the spec that asserts it statement by
 * statement. The check in literalDocuments.spec.ts fails on a document with no entry (a new
 * document nobody wrote out), on an entry whose spec lacks the document's actions, principals,
 * condition keys or statement ids as literals (a spec that compares the document with its own
 * builder's output), and on an entry no document matches any more.
 */
import type { PolicyUnderTest } from "./iamOracle";

const REGION_PATTERN = "[a-z]{2}(?:-gov)?-[a-z]+-\\d";
const REGION_CODE = new RegExp(`\\b${REGION_PATTERN}\\b`, "g");

/**
 * A document's key: its source (`type name`, with the StackSet's Region and inline policy name)
 * with Region codes replaced by `R`, so that a per-Region copy has one entry.
 */
export function documentKey(source: string): string {
  return source.replace(REGION_CODE, "R");
}

/** Each document's key, and the spec file (from the repository root) that writes it out. */
export const LITERAL_DOCUMENTS: Readonly<Record<string, string>> = {
  // The findings flow: export, routing, notification, reports, KPIs.
  "aws:kms/key:Key inspector-export-key": "test/lib/findingsPolicies.spec.ts",
  "aws:s3/bucketPolicy:BucketPolicy inspector-export": "test/lib/findingsPolicies.spec.ts",
  "aws:sqs/queuePolicy:QueuePolicy inspector-export-objects": "test/lib/findingsPolicies.spec.ts",
  "aws:iam/role:Role inspector-export-firehose": "test/stacks/findings.spec.ts",
  "aws:iam/rolePolicy:RolePolicy inspector-export-firehose": "test/lib/findingsPolicies.spec.ts",
  "aws:iam/role:Role inspector-routing-R-export": "test/lib/findingsPolicies.spec.ts",
  "aws:iam/rolePolicy:RolePolicy inspector-routing-R-export": "test/lib/findingsPolicies.spec.ts",
  "aws:iam/role:Role inspector-routing-R-forward": "test/lib/findingsPolicies.spec.ts",
  "aws:iam/rolePolicy:RolePolicy inspector-routing-R-forward": "test/lib/findingsPolicies.spec.ts",
  "aws:sqs/queuePolicy:QueuePolicy inspector-routing-R-dlq": "test/lib/findingsPolicies.spec.ts",
  "aws:sqs/queuePolicy:QueuePolicy inspector-routing-R-triage": "test/lib/findingsPolicies.spec.ts",
  "aws:kms/key:Key inspector-notify-key": "test/lib/findingsPolicies.spec.ts",
  "aws:kms/key:Key inspector-notify-R-key": "test/lib/findingsPolicies.spec.ts",
  "aws:sns/topicPolicy:TopicPolicy inspector-notify-findings": "test/lib/findingsPolicies.spec.ts",
  "aws:sns/topicPolicy:TopicPolicy inspector-notify-operations":
    "test/lib/findingsPolicies.spec.ts",
  "aws:sns/topicPolicy:TopicPolicy inspector-notify-R-operations":
    "test/lib/findingsPolicies.spec.ts",
  "aws:iam/role:Role inspector-notify-chatbot": "test/stacks/findings.spec.ts",
  "aws:iam/role:Role inspector-triage-notify": "test/lib/findingsPolicies.spec.ts",
  "aws:iam/rolePolicy:RolePolicy inspector-triage-notify": "test/lib/findingsPolicies.spec.ts",
  "aws:iam/role:Role inspector-reports-fn": "test/lib/findingsPolicies.spec.ts",
  "aws:iam/rolePolicy:RolePolicy inspector-reports-fn": "test/lib/findingsPolicies.spec.ts",
  "aws:iam/role:Role inspector-reports-scheduler": "test/stacks/findings.spec.ts",
  "aws:iam/rolePolicy:RolePolicy inspector-reports-scheduler": "test/lib/findingsPolicies.spec.ts",
  "aws:iam/role:Role inspector-kpis-fn": "test/lib/findingsPolicies.spec.ts",
  "aws:iam/rolePolicy:RolePolicy inspector-kpis-fn": "test/lib/kpiPolicies.spec.ts",
  "aws:iam/role:Role inspector-kpis-scheduler": "test/components/findingsKpis.spec.ts",
  "aws:iam/rolePolicy:RolePolicy inspector-kpis-scheduler": "test/lib/kpiPolicies.spec.ts",
  // The cost budget's topic.
  "aws:kms/key:Key inspector-budget-key": "test/components/inspectorCostBudget.spec.ts",
  "aws:sns/topicPolicy:TopicPolicy inspector-budget-topic-policy":
    "test/components/inspectorCostBudget.spec.ts",
  // Remediation in the delegated administrator.
  "aws:kms/key:Key remediation": "test/components/remediation.documents.spec.ts",
  "aws:sqs/queuePolicy:QueuePolicy remediation-triage":
    "test/components/remediation.documents.spec.ts",
  "aws:iam/role:Role remediation-automation": "test/components/remediation.documents.spec.ts",
  "aws:iam/rolePolicy:RolePolicy remediation-automation":
    "test/components/remediation.documents.spec.ts",
  "aws:dynamodb/resourcePolicy:ResourcePolicy remediation-blocked-digests":
    "test/components/remediation.spec.ts",
  // The member baseline's StackSet template, rendered in a member account.
  "aws:cloudformation/stackSet:StackSet inspector-member-baseline R DefaultHostManagementRole trust":
    "test/lib/memberBaseline/remediation.spec.ts",
  "aws:cloudformation/stackSet:StackSet inspector-member-baseline R DefaultHostManagementAutomationRole trust":
    "test/lib/memberBaseline/remediation.spec.ts",
  "aws:cloudformation/stackSet:StackSet inspector-member-baseline R DefaultHostManagementAutomationRole SetDefaultHostManagementRole":
    "test/components/memberBaselineTemplate.spec.ts",
  "aws:cloudformation/stackSet:StackSet inspector-member-baseline R InspectorGatePipelinePolicy":
    "test/lib/gate/pipelinePolicy.spec.ts",
  "aws:cloudformation/stackSet:StackSet inspector-member-baseline R InspectorRemediationExecutionRole trust":
    "test/lib/memberBaseline/remediation.spec.ts",
  "aws:cloudformation/stackSet:StackSet inspector-member-baseline R InspectorRemediationExecutionRole inspector-remediation":
    "test/lib/memberBaseline/remediation.spec.ts",
  "aws:cloudformation/stackSet:StackSet inspector-member-baseline R InspectorRemediationRunbookRole trust":
    "test/lib/memberBaseline/remediation.spec.ts",
  "aws:cloudformation/stackSet:StackSet inspector-member-baseline R InspectorRemediationRunbookRole inspector-remediation-runbooks":
    "test/lib/memberBaseline/remediation.spec.ts",
};

interface Statement {
  readonly Sid?: string;
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Principal?: unknown;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

const list = (v: string | readonly string[] | undefined): readonly string[] =>
  v === undefined ? [] : typeof v === "string" ? [v] : v;

/**
 * What a literal assertion of a document must spell out: each statement's Sid, actions, service
 * principals, condition operators and condition keys. ARNs and account ids are left out: a spec
 * builds the document with its own test values.
 */
export function literalsOf(document: unknown): string[] {
  const found = new Set<string>();
  const statements = (document as { Statement?: readonly Statement[] }).Statement ?? [];
  for (const s of statements) {
    if (s.Sid !== undefined) {
      found.add(s.Sid);
    }
    for (const action of [...list(s.Action), ...list(s.NotAction)]) {
      found.add(action);
    }
    const principal = s.Principal as { Service?: string | readonly string[] } | undefined;
    if (principal !== undefined && typeof principal === "object") {
      for (const service of list(principal.Service)) {
        found.add(service);
      }
    }
    for (const [operator, keys] of Object.entries(s.Condition ?? {})) {
      found.add(operator);
      for (const key of Object.keys(keys)) {
        found.add(key);
      }
    }
  }
  return [...found];
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Whether a spec's text has the literal: as a quoted string (a Region in it may be any Region,
 * the per-Region copies share one assertion), or as an unquoted object key (`StringEquals:`).
 */
export function specHasLiteral(specText: string, literal: string): boolean {
  const quoted = literal.split(REGION_CODE).map(escape).join(REGION_PATTERN);
  if (new RegExp(`"${quoted}"`).test(specText)) {
    return true;
  }
  return /^[A-Za-z_$][\w$]*$/.test(literal) && new RegExp(`\\b${literal}:`).test(specText);
}

/**
 * The problems with the example plans' documents: one line each, naming the document and the fix.
 * `readSpec` returns a spec's text, or undefined when the file does not exist.
 */
export function checkLiteralAssertions(
  policies: readonly PolicyUnderTest[],
  manifest: Readonly<Record<string, string>>,
  readSpec: (file: string) => string | undefined,
): string[] {
  // One entry per key: a per-Region copy adds its literals, not another line.
  const byKey = new Map<string, { kind: string; literals: Set<string> }>();
  for (const policy of policies) {
    const key = documentKey(policy.source);
    const entry = byKey.get(key) ?? { kind: policy.kind, literals: new Set<string>() };
    literalsOf(policy.document).forEach((l) => entry.literals.add(l));
    byKey.set(key, entry);
  }
  const problems: string[] = [];
  for (const [key, { kind, literals }] of byKey) {
    const spec = manifest[key];
    if (spec === undefined) {
      problems.push(
        `${key}: no spec writes this ${kind} document out; assert it statement by statement ` +
          `(literal values, not its builder's output) and name the spec in test/oracle/literalDocuments.ts`,
      );
      continue;
    }
    const text = readSpec(spec);
    if (text === undefined) {
      problems.push(`${key}: ${spec} does not exist`);
      continue;
    }
    const absent = [...literals].filter((l) => !specHasLiteral(text, l));
    if (absent.length > 0) {
      problems.push(`${key}: ${spec} does not spell out ${absent.map((l) => `"${l}"`).join(", ")}`);
    }
  }
  for (const key of Object.keys(manifest).filter((k) => !byKey.has(k))) {
    problems.push(`${key}: listed in test/oracle/literalDocuments.ts but no plan has it`);
  }
  return problems;
}
