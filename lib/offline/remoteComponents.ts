/**
 * Multi-language components (MLCs) in a program the offline plan runs. awsx's `ecr.Repository`,
 * `ecr.Image`, `ec2.Vpc` (and every other awsx 3.x component) are *remote* components: at deploy
 * time the awsx provider plugin constructs their children. The mock runtime runs no plugin, so
 * such a component is registered alone, with its inputs and no children, and the policy pack
 * cannot see what it will create. `pulumi preview --policy-pack` does: it runs the plugin.
 *
 * Offline, two things are done instead (docs/awsx.md):
 *   - every remote component is reported by type, name and URN with the child types its plugin
 *     creates, so a reviewer knows what the check could not see;
 *   - where a component's inputs are passed to a child unchanged, the child is rebuilt from them
 *     (an "input view") and the pack runs over it, so a rule on that child still applies.
 */
import { isRecord } from "../../policy/lib/resources";
import type { RecordedResource } from "./recorder";

/** A remote component type the plan knows: the child types its plugin creates, and where that is written. */
export interface RemoteComponentKind {
  readonly children: readonly string[];
  /** The file of github.com/pulumi/pulumi-awsx that constructs the children. */
  readonly source: string;
}

/**
 * The awsx 3.x components whose children are known here, read from the provider's source
 * (github.com/pulumi/pulumi-awsx, `awsx/<module>/<component>.ts`). Other remote components are
 * reported without child types.
 */
export const REMOTE_COMPONENT_CHILDREN: Readonly<Record<string, RemoteComponentKind>> = {
  "awsx:ecr:Repository": {
    children: ["aws:ecr/repository:Repository", "aws:ecr/lifecyclePolicy:LifecyclePolicy"],
    source: "awsx/ecr/repository.ts",
  },
  "awsx:ecr:Image": { children: ["docker-build:index:Image"], source: "awsx/ecr/image.ts" },
  "awsx:ec2:Vpc": {
    children: [
      "aws:ec2/vpc:Vpc",
      "aws:ec2/subnet:Subnet",
      "aws:ec2/routeTable:RouteTable",
      "aws:ec2/routeTableAssociation:RouteTableAssociation",
      "aws:ec2/route:Route",
      "aws:ec2/internetGateway:InternetGateway",
      "aws:ec2/natGateway:NatGateway",
      "aws:ec2/eip:Eip",
      "aws:ec2/vpcEndpoint:VpcEndpoint",
    ],
    source: "awsx/ec2/vpc.ts",
  },
};

/** One remote component of the plan, as the report names it. */
export interface RemoteComponent {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  /** The child types its plugin creates at deploy time; empty when this plan does not know them. */
  readonly children: readonly string[];
  /** The URNs of the input views the pack checked in place of some of its children. */
  readonly checkedFromInputs: readonly string[];
}

/** The remote components of a plan, and the input views built from them. */
export interface RemoteComponents {
  readonly components: readonly RemoteComponent[];
  readonly inputViews: readonly RecordedResource[];
}

/** The URN of a child of `parentUrn`: the parent's qualified type, `$`, the child's type. */
function childUrn(parentUrn: string, type: string, name: string): string {
  const parts = parentUrn.split("::");
  // urn:pulumi:<stack>::<project>::<qualified type>::<name>
  return `${parts[0]}::${parts[1]}::${parts[2]}$${type}::${name}`;
}

/**
 * awsx's lifecycle rule inputs as the ECR lifecycle policy document the plugin writes
 * (`convertRules` in awsx/ecr/repository.ts): `any` rules last, priorities from 1, a count
 * of images or an age in days, always `expire`. Without rules, awsx expires untagged images
 * beyond one.
 */
export function awsxLifecyclePolicyDocument(lifecyclePolicy: unknown): {
  rules: Record<string, unknown>[];
} {
  const given = isRecord(lifecyclePolicy) ? lifecyclePolicy.rules : undefined;
  const rules: Record<string, unknown>[] = Array.isArray(given)
    ? given.filter(isRecord)
    : [{ description: "remove untagged images", tagStatus: "untagged", maximumNumberOfImages: 1 }];
  const ordered = [
    ...rules.filter((r) => r.tagStatus !== "any"),
    ...rules.filter((r) => r.tagStatus === "any"),
  ];
  return {
    rules: ordered.map((rule, index) => ({
      rulePriority: index + 1,
      ...(rule.description === undefined ? {} : { description: rule.description }),
      selection: {
        ...(rule.tagStatus === "any" || rule.tagStatus === "untagged"
          ? { tagStatus: rule.tagStatus }
          : { tagStatus: "tagged", tagPrefixList: rule.tagPrefixList }),
        ...(rule.maximumNumberOfImages !== undefined
          ? { countType: "imageCountMoreThan", countNumber: rule.maximumNumberOfImages }
          : {
              countType: "sinceImagePushed",
              countUnit: "days",
              countNumber: rule.maximumAgeLimit,
            }),
      },
      action: { type: "expire" },
    })),
  };
}

/**
 * The children of an `awsx:ecr:Repository` rebuilt from its inputs, as awsx/ecr/repository.ts
 * builds them: an `aws.ecr.Repository` named after the component in lower case with every input
 * but `lifecyclePolicy` (encryption, scanning, tag mutability, forceDelete, name, tags, Region),
 * and unless `lifecyclePolicy.skip`, an `aws.ecr.LifecyclePolicy` on that repository. The plugin
 * leaves the lifecycle policy unparented; the view keeps it under the component so the report
 * groups it.
 */
function ecrRepositoryViews(component: RecordedResource): RecordedResource[] {
  const name = component.name.toLowerCase();
  const { lifecyclePolicy, ...repositoryInputs } = component.inputs;
  const repository: RecordedResource = {
    ...component,
    type: "aws:ecr/repository:Repository",
    name,
    urn: childUrn(component.urn, "aws:ecr/repository:Repository", name),
    custom: true,
    remote: false,
    parent: component.urn,
    provider: undefined,
    inputs: repositoryInputs,
  };
  if (isRecord(lifecyclePolicy) && lifecyclePolicy.skip === true) {
    return [repository];
  }
  const policy: RecordedResource = {
    ...repository,
    type: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
    urn: childUrn(component.urn, "aws:ecr/lifecyclePolicy:LifecyclePolicy", name),
    inputs: {
      ...(typeof repositoryInputs.name === "string" ? { repository: repositoryInputs.name } : {}),
      policy: JSON.stringify(awsxLifecyclePolicyDocument(lifecyclePolicy)),
    },
    dependencies: [repository.urn],
  };
  return [repository, policy];
}

/** Input view builders per remote component type: only where inputs reach a child unchanged. */
const INPUT_VIEWS: Readonly<Record<string, (component: RecordedResource) => RecordedResource[]>> = {
  "awsx:ecr:Repository": ecrRepositoryViews,
};

/** The remote components among a plan's registrations, and the input views the pack checks. */
export function remoteComponentsOf(registrations: readonly RecordedResource[]): RemoteComponents {
  const components: RemoteComponent[] = [];
  const inputViews: RecordedResource[] = [];
  for (const r of registrations.filter((reg) => reg.remote)) {
    const views = INPUT_VIEWS[r.type]?.(r) ?? [];
    inputViews.push(...views);
    components.push({
      type: r.type,
      name: r.name,
      urn: r.urn,
      children: REMOTE_COMPONENT_CHILDREN[r.type]?.children ?? [],
      checkedFromInputs: views.map((v) => v.urn),
    });
  }
  return { components, inputViews };
}

/** The summary's lines for the remote components: what the offline check could not see into. */
export function formatRemoteComponents(components: readonly RemoteComponent[]): string[] {
  if (components.length === 0) {
    return [];
  }
  return [
    "",
    `Not seen into offline: ${components.length} multi-language component(s); their provider plugin creates their children at deploy time, which only \`pulumi preview --policy-pack\` checks (not a violation; exit code unchanged)`,
    ...components.flatMap((c) => [
      `  ${c.type} "${c.name}" ${c.urn}`,
      `    creates: ${c.children.length === 0 ? "(child types not known to this check)" : c.children.join(", ")}`,
      c.checkedFromInputs.length === 0
        ? "    checked offline: nothing (no rule reads its inputs)"
        : `    checked offline from its inputs: ${c.checkedFromInputs.map((u) => u.slice(u.lastIndexOf("$") + 1)).join(", ")}`,
    ]),
  ];
}
