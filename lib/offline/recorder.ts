/**
 * Records every resource registration the Pulumi mock runtime sees, with the resource options a
 * policy or a test needs (parent, dependsOn, protect, retainOnDelete, custom timeouts, aliases).
 *
 * The `Mocks` interface only sees type, name, inputs and provider, so the options are read from
 * the full registration request by subclassing `MockMonitor`
 * (see ../shared/reference/offline-plan-notes.md).
 */
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import type {
  MockCallArgs,
  MockResourceArgs,
  MockResourceResult,
  Mocks,
} from "@pulumi/pulumi/runtime/mocks";

/** Custom timeouts as the engine receives them (Go duration strings such as "45m"). */
export interface RecordedTimeouts {
  readonly create?: string;
  readonly update?: string;
  readonly delete?: string;
}

/** One registered resource with its inputs and the options that matter for review and policy. */
export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly custom: boolean;
  /**
   * A multi-language component (awsx's `ecr.Repository`, `ec2.Vpc`, ...): its children are
   * created by its provider plugin, which the mock runtime does not run.
   */
  readonly remote: boolean;
  readonly parent?: string;
  readonly provider?: string;
  readonly inputs: Record<string, unknown>;
  readonly dependencies: string[];
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  readonly customTimeouts?: RecordedTimeouts;
  readonly aliases: string[];
  readonly ignoreChanges: string[];
}

/** An invoke the program made, kept so tests can assert that none were unexpected. */
export interface RecordedCall {
  readonly token: string;
  readonly inputs: Record<string, unknown>;
}

/** Answers invokes during an offline run; throw for any token that is not expected. */
export type CallHandler = (args: MockCallArgs) => Record<string, unknown>;

/** Computes the output state of a new resource; the default echoes the inputs. */
export type StateHandler = (args: MockResourceArgs) => Record<string, unknown>;

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getRemote(): boolean;
  getProvider(): string;
  getDependenciesList(): string[];
  getProtect(): boolean;
  getRetainondelete(): boolean;
  hasCustomtimeouts(): boolean;
  getCustomtimeouts():
    { getCreate(): string; getUpdate(): string; getDelete(): string } | undefined;
  getAliasesList(): {
    getUrn(): string;
    hasSpec(): boolean;
    getSpec(): { getName(): string; getType(): string } | undefined;
  }[];
  getIgnorechangesList(): string[];
}

interface RegisterResponse {
  getUrn(): string;
}

type Callback = (err: unknown, response: unknown) => void;

/** Default handler for invokes: fail loudly, naming the token (STYLE.md rule 24). */
export const failOnUnexpectedCall: CallHandler = (args) => {
  throw new Error(`Mock not implemented: ${args.token}`);
};

/** Default resource state: the inputs, plus an `arn` for resources that would have one. */
export const echoInputs: StateHandler = (args) => ({
  ...(args.inputs as Record<string, unknown>),
  arn: `arn:aws:mock:::${args.type}/${args.name}`,
});

/**
 * An asset or archive input as a report shows it: the SDK keeps its path as a promise, which JSON
 * prints as `{}`; the path is resolved here so the plan's JSON names the code archive.
 */
async function resolveAssetPaths(
  inputs: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = { ...inputs };
  for (const [key, value] of Object.entries(inputs)) {
    if (pulumi.asset.Archive.isInstance(value) || pulumi.asset.Asset.isInstance(value)) {
      const kind = pulumi.asset.Archive.isInstance(value) ? "__pulumiArchive" : "__pulumiAsset";
      // The SDK keeps each field as a promise of its value.
      const fields = value as unknown as Record<string, Promise<unknown> | undefined>;
      const resolved: Record<string, unknown> = { [kind]: true };
      for (const field of ["path", "uri", "text"]) {
        if (fields[field] !== undefined) {
          resolved[field] = await fields[field];
        }
      }
      out[key] = resolved;
    }
  }
  return out;
}

function emptyToUndefined(value: string): string | undefined {
  return value === "" ? undefined : value;
}

function readTimeouts(req: RegisterRequest): RecordedTimeouts | undefined {
  const timeouts = req.hasCustomtimeouts() ? req.getCustomtimeouts() : undefined;
  if (timeouts === undefined) {
    return undefined;
  }
  const result: { create?: string; update?: string; delete?: string } = {};
  if (timeouts.getCreate() !== "") {
    result.create = timeouts.getCreate();
  }
  if (timeouts.getUpdate() !== "") {
    result.update = timeouts.getUpdate();
  }
  if (timeouts.getDelete() !== "") {
    result.delete = timeouts.getDelete();
  }
  return Object.keys(result).length === 0 ? undefined : result;
}

function readAliases(req: RegisterRequest): string[] {
  return req.getAliasesList().map((alias) => {
    if (alias.getUrn() !== "") {
      return alias.getUrn();
    }
    const spec = alias.hasSpec() ? alias.getSpec() : undefined;
    return spec === undefined ? "" : `${spec.getType()}::${spec.getName()}`;
  });
}

/**
 * A mock monitor that keeps every registration in `resources`, in registration order.
 *
 * @example
 * const recorder = new RecordingMonitor();
 * await recorder.install("inspector-rollout", "dev");
 * // ...construct resources, then await pulumi.runtime.disconnect()...
 * recorder.registrations.filter((r) => r.type === "aws:inspector2/enabler:Enabler");
 */
export class RecordingMonitor extends MockMonitor {
  /** Every resource registered since the last `reset()`. */
  public readonly registrations: RecordedResource[];
  /** Every invoke made since the last `reset()`. */
  public readonly calls: RecordedCall[];
  private readonly handlers: { call: CallHandler; state: StateHandler };
  private readonly pendingInputs: Map<string, Record<string, unknown>>;

  constructor(
    callHandler: CallHandler = failOnUnexpectedCall,
    stateHandler: StateHandler = echoInputs,
  ) {
    // The mocks close over these objects because `this` is not available before `super()`.
    const handlers = { call: callHandler, state: stateHandler };
    const calls: RecordedCall[] = [];
    const pendingInputs = new Map<string, Record<string, unknown>>();
    super({
      call: (args: MockCallArgs) => {
        calls.push({ token: args.token, inputs: args.inputs as Record<string, unknown> });
        return handlers.call(args);
      },
      newResource: async (args: MockResourceArgs): Promise<MockResourceResult> => {
        pendingInputs.set(
          `${args.type}::${args.name}`,
          await resolveAssetPaths(args.inputs as Record<string, unknown>),
        );
        // An unset import id arrives as "", which the runtime would take as an unknown id.
        const id = args.id === undefined || args.id === "" ? `${args.name}-id` : args.id;
        return { id, state: handlers.state(args) };
      },
    } satisfies Mocks);
    this.handlers = handlers;
    this.calls = calls;
    this.pendingInputs = pendingInputs;
    this.registrations = [];
  }

  /** Replaces the invoke and state handlers (for example per test). */
  public setHandlers(callHandler: CallHandler, stateHandler: StateHandler = echoInputs): void {
    this.handlers.call = callHandler;
    this.handlers.state = stateHandler;
  }

  /** Installs this monitor as the Pulumi runtime's monitor. */
  public install(project: string, stack: string, preview = false): void {
    pulumi.runtime.setMockOptions(this, project, stack, preview);
  }

  /** Forgets everything recorded so far. */
  public reset(): void {
    this.registrations.length = 0;
    this.resources.clear();
    this.calls.length = 0;
    this.pendingInputs.clear();
  }

  public override async registerResource(req: unknown, callback: Callback): Promise<void> {
    const request = req as RegisterRequest;
    await super.registerResource(req, (err: unknown, response: unknown) => {
      if (err === null || err === undefined) {
        const key = `${request.getType()}::${request.getName()}`;
        const inputs = this.pendingInputs.get(key) ?? {};
        this.pendingInputs.delete(key);
        this.registrations.push({
          type: request.getType(),
          name: request.getName(),
          urn: (response as RegisterResponse).getUrn(),
          custom: request.getCustom(),
          remote: request.getRemote(),
          parent: emptyToUndefined(request.getParent()),
          provider: emptyToUndefined(request.getProvider()),
          inputs,
          dependencies: request.getDependenciesList(),
          protect: request.getProtect(),
          retainOnDelete: request.getRetainondelete(),
          customTimeouts: readTimeouts(request),
          aliases: readAliases(request),
          ignoreChanges: request.getIgnorechangesList(),
        });
      }
      callback(err, response);
    });
  }
}
