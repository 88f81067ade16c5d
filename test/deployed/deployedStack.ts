/**
 * One example stack as deployed, for the deployed-functions specs: the bundles built once per run
 * (`npm run build:lambdas`'s own code), the stack planned once, and a local cloud seeded from the
 * plan: tables and buckets in the emulators, topics, queues and the member baseline's Automation
 * documents at the local endpoint.
 */
import { buildLambdas } from "../../scripts/buildLambdas";
import { defaultResponders, type DocumentParameters, LocalWorld } from "./awsResponders";
import { type LambdaContainer, LocalCloud } from "./localCloud";
import { type PlannedStack, plannedFunction, planStack } from "./plannedStack";

let built: Promise<string[]> | undefined;

/** Builds the bundles once per test run. */
export function buildOnce(): Promise<string[]> {
  built ??= buildLambdas();
  return built;
}

const plans = new Map<string, Promise<PlannedStack>>();

/** Plans a stack once per test run. */
export function planOnce(stack: string): Promise<PlannedStack> {
  let plan = plans.get(stack);
  if (plan === undefined) {
    plan = planStack(stack);
    plans.set(stack, plan);
  }
  return plan;
}

interface TemplateDocument {
  Type: string;
  Properties: {
    Name?: string;
    Content?: {
      parameters?: Record<
        string,
        { default?: unknown; allowedValues?: string[]; allowedPattern?: string }
      >;
    };
  };
}

/** The Automation documents the member baseline StackSet deploys, from the plan's template. */
export function memberDocuments(plan: PlannedStack): Map<string, DocumentParameters> {
  const documents = new Map<string, DocumentParameters>();
  for (const r of plan.registrations.filter(
    (x) => x.type === "aws:cloudformation/stackSet:StackSet",
  )) {
    const template = JSON.parse(String(r.inputs.templateBody)) as {
      Resources: Record<string, TemplateDocument>;
    };
    for (const resource of Object.values(template.Resources)) {
      const name = resource.Properties.Name;
      if (resource.Type !== "AWS::SSM::Document" || name === undefined) {
        continue;
      }
      const parameters = resource.Properties.Content?.parameters ?? {};
      documents.set(
        name,
        Object.fromEntries(
          Object.entries(parameters).map(([key, p]) => [
            key,
            {
              ...(p.allowedValues === undefined ? {} : { allowedValues: p.allowedValues }),
              ...(p.allowedPattern === undefined ? {} : { allowedPattern: p.allowedPattern }),
              isRequired: p.default === undefined,
            },
          ]),
        ),
      );
    }
  }
  return documents;
}

/** A running stack: its plan, its local cloud, and the state the local endpoint answers from. */
export interface DeployedStack {
  readonly plan: PlannedStack;
  readonly cloud: LocalCloud;
  readonly world: LocalWorld;
}

/** Builds, plans and starts the local cloud of a stack. */
export async function deployStack(stack: string): Promise<DeployedStack> {
  const [plan] = await Promise.all([planOnce(stack), buildOnce()]);
  const world = new LocalWorld();
  for (const arn of plan.topicArns) {
    world.topics.add(arn);
  }
  for (const q of plan.queues) {
    world.queues.set(q.url, []);
  }
  for (const [name, parameters] of memberDocuments(plan)) {
    world.documents.set(name, parameters);
  }
  const cloud = new LocalCloud(plan);
  await cloud.start(defaultResponders(world));
  return { plan, cloud, world };
}

/** A deployed stack and one function's execution environment, set up by {@link useDeployed}. */
export interface DeployedFunction {
  stack: DeployedStack;
  container: LambdaContainer;
}

/**
 * Mocha hooks for a describe block: deploys `stack` and starts one container of `functionName`
 * before it, stops the local cloud after it, forgets the endpoint's calls and state before each
 * test. The returned object is filled in by the `before` hook.
 */
export function useDeployed(stack: string, functionName: string): DeployedFunction {
  const deployed = {} as DeployedFunction;
  before(async () => {
    deployed.stack = await deployStack(stack);
    deployed.container = deployed.stack.cloud.container(
      plannedFunction(deployed.stack.plan, functionName),
    );
    await deployed.container.started();
  });
  after(async () => deployed.stack.cloud.stop());
  beforeEach(() => {
    deployed.stack.cloud.aws.reset();
    deployed.stack.world.reset();
  });
  return deployed;
}
