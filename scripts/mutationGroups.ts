/**
 * The mutation-testing groups of `npm run mutation` (docs/mutation.md): the modules where a bug
 * costs most, each with the spec files that exercise it and the tsconfig that type-checks it.
 *
 * A group's specs are the ones that import its modules, directly or through the component or
 * stack under test; Stryker runs, per mutant, only the tests that covered it (`perTest`), so a
 * spec listed here costs its load time once per test-runner process, not once per mutant.
 */

/** One group: what Stryker mutates, which tests judge it, which tsconfig rejects mutants. */
export interface MutationGroup {
  /** The name given to `--group`. */
  readonly name: string;
  /** What the modules decide, for the report. */
  readonly description: string;
  /** Stryker `mutate` patterns (a `file:line-line` range mutates those lines only). */
  readonly mutate: readonly string[];
  /** The mocha spec files (globs) whose tests may kill the group's mutants. */
  readonly spec: readonly string[];
  /** The tsconfig covering the mutated files, for the TypeScript checker. */
  readonly tsconfigFile: string;
}

/** The configuration specs (test/stacks/config*.spec.ts), judging each of the three config groups. */
const CONFIG_SPECS: readonly string[] = ["test/stacks/config*.spec.ts"];

/** Every group, in the order `npm run mutation` (no `--group`) runs them. */
export const MUTATION_GROUPS: readonly MutationGroup[] = [
  {
    name: "enablement",
    description: "member enablement in chunks of at most 100 account ids",
    mutate: [
      "components/inspectorMemberEnablement.ts",
      // `chunk`, the 100-ids-per-call split of the deep inspection provider and of verify.
      "components/providers/inspectorClient.ts:90-97",
    ],
    spec: [
      "test/components/inspectorMemberEnablement.spec.ts",
      "test/components/providers/inspectorMemberAssociations.spec.ts",
      "test/lib/day0/inspectorReads.spec.ts",
    ],
    tsconfigFile: "tsconfig.json",
  },
  // Configuration validation in three groups: one group over stacks/config*.ts is about 1,650
  // mutants, 45% of them static (the zod schemas: a fresh test process each), over two hours here.
  // Each runs every config spec: a key's cases are spread over them (bounds, messages, defaults).
  {
    name: "config-core",
    description: "stack configuration: the schema, the organization and account keys",
    mutate: ["stacks/config.ts", "stacks/configCore.ts", "stacks/configSchema.ts"],
    spec: CONFIG_SPECS,
    tsconfigFile: "tsconfig.json",
  },
  {
    name: "config-findings",
    description: "stack configuration: findings, export, KPIs, costs and remediation keys",
    mutate: [
      "stacks/configFindings.ts",
      "stacks/configKpis.ts",
      "stacks/configCosts.ts",
      "stacks/configRemediation.ts",
    ],
    spec: CONFIG_SPECS,
    tsconfigFile: "tsconfig.json",
  },
  {
    name: "config-scanning",
    description:
      "stack configuration: scan types, scan settings, CIS scans, suppression rules and selective scanning",
    mutate: [
      "stacks/configScanning.ts",
      "stacks/configCis.ts",
      "stacks/configSuppression.ts",
      "stacks/configSelective.ts",
    ],
    spec: CONFIG_SPECS,
    tsconfigFile: "tsconfig.json",
  },
  {
    name: "regions",
    description: "the Region map (opt-in Regions, scan types per Region)",
    mutate: ["lib/regionCapabilities.ts"],
    spec: [
      "test/lib/regionCapabilities.spec.ts",
      "policy/test/regionCapabilities.spec.ts",
      "test/components/inspectorOrgConfiguration.spec.ts",
    ],
    tsconfigFile: "tsconfig.json",
  },
  {
    name: "events",
    description: "the EventBridge event pattern matcher",
    mutate: ["lib/eventPatternMatcher.ts"],
    spec: [
      "test/lib/eventPatternMatcher.spec.ts",
      "test/lib/eventPatternMatcherBoundaries.spec.ts",
      "test/lib/eventPatternMatcherMessages.spec.ts",
      "test/lib/eventPatterns.spec.ts",
      "test/lib/exportLayout.spec.ts",
    ],
    tsconfigFile: "tsconfig.json",
  },
  {
    name: "triage",
    description: "the triage decision and its idempotency",
    mutate: ["functions/lib/decide.ts", "functions/lib/triage.ts", "functions/lib/sqsTriage.ts"],
    spec: [
      "test/functions/decide.spec.ts",
      "test/functions/sqsTriage.spec.ts",
      "test/functions/triageActions.spec.ts",
      "test/functions/sqsTriageLogs.spec.ts",
      "test/functions/triageHandler.spec.ts",
    ],
    tsconfigFile: "functions/tsconfig.json",
  },
  {
    name: "kpis",
    description: "the KPI computations (MTTR, SLA breaches, coverage)",
    mutate: ["lib/kpis/compute.ts"],
    spec: [
      "test/lib/kpis.spec.ts",
      "test/lib/kpisBoundaries.spec.ts",
      "test/functions/kpisNewCriticalCves.spec.ts",
      "test/lib/kpiAlarms.spec.ts",
      "test/lib/grouping.spec.ts",
    ],
    tsconfigFile: "tsconfig.json",
  },
  {
    name: "gate",
    description: "the image gate's thresholds, ignore file, SARIF and verdict",
    mutate: [
      "packages/inspector-gate/src/thresholds.ts",
      "packages/inspector-gate/src/ignoreFile.ts",
      "packages/inspector-gate/src/sarif.ts",
      "packages/inspector-gate/src/evaluate.ts",
    ],
    spec: [
      "packages/inspector-gate/test/thresholds.spec.ts",
      "packages/inspector-gate/test/ignoreFile*.spec.ts",
      "packages/inspector-gate/test/sarif*.spec.ts",
      "packages/inspector-gate/test/evaluate.spec.ts",
      "packages/inspector-gate/test/cli.spec.ts",
    ],
    tsconfigFile: "packages/inspector-gate/tsconfig.json",
  },
  {
    name: "iam",
    description: "the IAM, key and resource policy document builders",
    mutate: ["lib/*Policies.ts", "lib/iamPolicy.ts"],
    spec: [
      "test/lib/findingsPolicies.spec.ts",
      "test/lib/kpiPolicies.spec.ts",
      "test/components/remediation.spec.ts",
      "test/components/findingsKpis.spec.ts",
      "test/stacks/findings.spec.ts",
      "test/lib/memberBaseline/remediation.spec.ts",
    ],
    tsconfigFile: "tsconfig.json",
  },
  {
    name: "policy",
    description: "the CrossGuard policy pack's rules",
    mutate: ["policy/policies/**/*.ts", "!policy/policies/index.ts"],
    spec: ["policy/test/**/*.spec.ts"],
    tsconfigFile: "policy/tsconfig.json",
  },
];
