/**
 * The GitHub Action and the workflows cannot run here; this is the confidence they get offline
 * (docs/gate.md, "What is verified offline"):
 *   - each workflow validates against SchemaStore's github-workflow schema and action.yml against
 *     its github-action schema (`@action-validator/core`, the schemas it ships);
 *   - every `uses:` is pinned by the rule in docs/gate.md ("Pinning actions");
 *   - every input action.yml declares is used, every `inputs.x` it reads is declared, and every
 *     `with:` that calls it names declared inputs and gives the required ones;
 *   - every `steps.<id>` a workflow or the action reads is a step with that id before it.
 * The action's shell steps themselves run in packages/inspector-gate/test/action.spec.ts.
 */
import { validateAction, validateWorkflow, type ValidationError } from "@action-validator/core";
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { ROOT } from "../helpers/cli";

/** The workflows of this repository and the ones application teams copy. */
const WORKFLOWS = [
  ".github/workflows/main.yml",
  ".github/workflows/pull-request.yml",
  "examples/app-policy-check.yml",
  "packages/inspector-gate/examples/github-actions.yml",
];
const ACTION = "packages/inspector-gate/action.yml";
/** How application teams refer to the action (docs/gate.md). */
const GATE_ACTION = "your-org/inspector-rollout/packages/inspector-gate";
/** Owners whose actions may be pinned to a major tag (docs/gate.md, "Pinning actions"). */
const MAJOR_TAG_OWNERS = ["actions", "github", "aws-actions", "pulumi"];
/**
 * The oldest major still supported, where a publisher has deprecated older ones: CodeQL Action v3
 * is deprecated in December 2026 (github.blog changelog 2025-10-28, "Upcoming deprecation of
 * CodeQL Action v3").
 */
const MINIMUM_MAJOR: Readonly<Record<string, number>> = { "github/codeql-action": 4 };

interface Step {
  readonly id?: string;
  readonly uses?: string;
  readonly with?: Record<string, unknown>;
}
interface ActionInput {
  readonly required?: boolean;
  readonly default?: string;
}
interface ActionFile {
  readonly inputs: Record<string, ActionInput>;
  readonly outputs: Record<string, unknown>;
  readonly runs: { readonly steps: Step[] };
}
interface WorkflowFile {
  readonly jobs: Record<string, { readonly steps?: Step[] }>;
}

const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), "utf8");
const gateVersion = (
  JSON.parse(read("packages/inspector-gate/package.json")) as { version: string }
).version;

/** The validator's errors as `path: detail` lines (oneOf branches flattened). */
export function errorLines(errors: readonly ValidationError[]): string[] {
  return errors.flatMap((e): string[] => {
    const where = "path" in e ? e.path : `line ${e.location?.line ?? "?"}`;
    const nested = "states" in e && e.states !== undefined ? e.states : [];
    return nested.length > 0
      ? nested.flatMap((s) => errorLines(s.errors))
      : [`${where}: ${e.detail ?? e.title}`];
  });
}

/**
 * Why a `uses:` reference is not pinned by the rule, or undefined when it is: local actions; a
 * full commit SHA anywhere; a major tag (`@v4`) for GitHub's and the verified publishers' own
 * actions; this repository's action at the gate package's release tag.
 */
export function pinningProblem(uses: string): string | undefined {
  if (uses.startsWith("./")) {
    return undefined;
  }
  if (uses.startsWith("docker://")) {
    return /@sha256:[0-9a-f]{64}$/.test(uses) ? undefined : "a docker action needs a digest";
  }
  const at = uses.lastIndexOf("@");
  const [name, ref] = at < 0 ? [uses, ""] : [uses.slice(0, at), uses.slice(at + 1)];
  if (/^[0-9a-f]{40}$/.test(ref)) {
    return undefined;
  }
  if (name === GATE_ACTION) {
    return ref === `v${gateVersion}`
      ? undefined
      : `pin the gate's action to its release tag v${gateVersion} (packages/inspector-gate/package.json) or a commit SHA`;
  }
  if (MAJOR_TAG_OWNERS.includes(name.split("/")[0])) {
    if (!/^v\d+$/.test(ref)) {
      return "pin to a major tag (@v4) or a full commit SHA";
    }
    const repo = name.split("/").slice(0, 2).join("/");
    const minimum = MINIMUM_MAJOR[repo];
    return minimum !== undefined && Number(ref.slice(1)) < minimum
      ? `${repo} v${ref.slice(1)} is deprecated; use v${minimum}`
      : undefined;
  }
  return "a third-party action must be pinned to a full 40-character commit SHA";
}

/** Every `steps.<id>` an expression reads that is not a step with that id before it. */
function unknownStepReads(steps: readonly Step[], extra: unknown = undefined): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  steps.forEach((step, index) => {
    for (const [, id] of JSON.stringify(step).matchAll(/steps\.([A-Za-z_][\w-]*)\./g)) {
      if (!seen.has(id)) {
        problems.push(`step ${index + 1} reads steps.${id}, which is not an earlier step's id`);
      }
    }
    if (step.id !== undefined) {
      seen.add(step.id);
    }
  });
  for (const [, id] of JSON.stringify(extra ?? {}).matchAll(/steps\.([A-Za-z_][\w-]*)\./g)) {
    if (!seen.has(id)) {
      problems.push(`an output reads steps.${id}, which is not a step's id`);
    }
  }
  return problems;
}

const action = parse(read(ACTION)) as ActionFile;
const workflowSteps = (file: string): Step[] =>
  Object.values((parse(read(file)) as WorkflowFile).jobs).flatMap((job) => job.steps ?? []);

describe("GitHub Action and workflows, offline", () => {
  describe("schemas (SchemaStore's github-workflow and github-action, via @action-validator/core)", () => {
    for (const file of WORKFLOWS) {
      it(`${file} is a valid workflow`, () => {
        expect(errorLines(validateWorkflow(read(file)).errors)).to.deep.equal([]);
      });
    }
    it(`${ACTION} is a valid action`, () => {
      expect(errorLines(validateAction(read(ACTION)).errors)).to.deep.equal([]);
    });

    it("rejects what GitHub rejects: a composite run step without shell, a misspelt step key", () => {
      const noShell = read(ACTION).replace(
        "      shell: bash\n      env:\n        INPUT_VERSION",
        "      env:\n        INPUT_VERSION",
      );
      expect(errorLines(validateAction(noShell).errors)).to.include(
        "/runs/steps/1/shell: This property is required",
      );
      const misspelt = read(WORKFLOWS[0]).replace(
        "      - uses: actions/checkout@v5\n",
        "      - usez: actions/checkout@v5\n",
      );
      expect(errorLines(validateWorkflow(misspelt).errors)).to.include(
        "/jobs/test/steps/0: Additional property 'usez' is not allowed",
      );
    });
  });

  describe("pinning of every uses:", () => {
    it("pins every action the workflows and the action use by the rule", () => {
      const refs = [
        ...WORKFLOWS.flatMap((f) => workflowSteps(f).map((s) => [f, s.uses] as const)),
        ...action.runs.steps.map((s) => [ACTION, s.uses] as const),
      ].filter((r): r is readonly [string, string] => r[1] !== undefined);
      expect(refs.length).to.be.greaterThan(20);
      expect(
        refs.flatMap(([file, uses]) => {
          const problem = pinningProblem(uses);
          return problem === undefined ? [] : [`${file}: ${uses}: ${problem}`];
        }),
      ).to.deep.equal([]);
    });

    const cases: [string, string | undefined][] = [
      ["actions/checkout@v5", undefined],
      ["actions/checkout@v5.2.1", "pin to a major tag (@v4) or a full commit SHA"],
      ["actions/checkout@main", "pin to a major tag (@v4) or a full commit SHA"],
      ["github/codeql-action/upload-sarif@v3", "github/codeql-action v3 is deprecated; use v4"],
      ["github/codeql-action/upload-sarif@v4", undefined],
      [
        "some-one/deploy@v2",
        "a third-party action must be pinned to a full 40-character commit SHA",
      ],
      ["some-one/deploy@0123456789abcdef0123456789abcdef01234567", undefined],
      [
        `${GATE_ACTION}@v0.0.1`,
        `pin the gate's action to its release tag v${gateVersion} (packages/inspector-gate/package.json) or a commit SHA`,
      ],
      [`${GATE_ACTION}@v${gateVersion}`, undefined],
      ["docker://alpine:3", "a docker action needs a digest"],
      ["./local-action", undefined],
    ];
    for (const [uses, problem] of cases) {
      it(`${uses}: ${problem ?? "pinned"}`, () => {
        expect(pinningProblem(uses)).to.equal(problem);
      });
    }
  });

  describe("inputs of action.yml", () => {
    it("uses every input it declares and declares every input it reads", () => {
      const read = new Set(
        [
          ...JSON.stringify({ runs: action.runs, outputs: action.outputs }).matchAll(
            /\binputs\.([A-Za-z_][\w-]*)/g,
          ),
        ].map((m) => m[1]),
      );
      expect([...read].sort()).to.deep.equal(Object.keys(action.inputs).sort());
    });

    it("every workflow calling the action names declared inputs and gives the required ones", () => {
      const required = Object.entries(action.inputs)
        .filter(([, spec]) => spec.required === true)
        .map(([name]) => name);
      const calls = WORKFLOWS.flatMap((f) =>
        workflowSteps(f)
          .filter((s) => s.uses?.startsWith(`${GATE_ACTION}@`) === true)
          .map((s) => [f, s] as const),
      );
      expect(calls.length).to.equal(2);
      expect(
        calls.flatMap(([file, s]) => [
          ...Object.keys(s.with ?? {})
            .filter((k) => !(k in action.inputs))
            .map((k) => `${file}: input ${k} is not declared by ${ACTION}`),
          ...required
            .filter((k) => !(k in (s.with ?? {})))
            .map((k) => `${file}: required input ${k} is missing`),
        ]),
      ).to.deep.equal([]);
    });
  });

  describe("step outputs", () => {
    for (const file of WORKFLOWS) {
      it(`${file} reads only the outputs of earlier steps with ids`, () => {
        for (const job of Object.values((parse(read(file)) as WorkflowFile).jobs)) {
          expect(unknownStepReads(job.steps ?? [])).to.deep.equal([]);
        }
      });
    }
    it(`${ACTION} reads only its own steps' outputs`, () => {
      expect(unknownStepReads(action.runs.steps, action.outputs)).to.deep.equal([]);
    });
  });
});
