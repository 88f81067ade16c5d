/** Small pieces shared by the components: the type-token prefix and enablement options. */
import * as pulumi from "@pulumi/pulumi";

/** The one package prefix of every component type token (STYLE.md rule 6). */
export const TOKEN_PREFIX = "inspector:index";

/**
 * Create/update/delete timeout for enablement resources. Inspector enablement is asynchronous and
 * slow across many accounts: the Terraform provider's defaults of 5-15 minutes time out
 * (hashicorp/terraform-provider-aws#30144), hence 30 minutes or more.
 */
export function enablementTimeouts(minutes: number): pulumi.CustomTimeouts {
  const value = `${minutes}m`;
  return { create: value, update: value, delete: value };
}

/**
 * Options for a component's child: parented to the component, and waiting for what the component
 * waits for. Pulumi does not pass a component's `dependsOn` on to its children, so without this a
 * child could be created before, say, the delegated administrator it needs.
 */
export function childOptions(
  parent: pulumi.Resource,
  opts: pulumi.ComponentResourceOptions | undefined,
  extra: pulumi.CustomResourceOptions = {},
): pulumi.CustomResourceOptions {
  return pulumi.mergeOptions({ parent, dependsOn: opts?.dependsOn }, extra);
}

/**
 * Options for a resource whose deletion would switch scanning off org-wide: retained on delete
 * (the cloud resource outlives the stack) and protected where the stack asks for it.
 */
export function orgWideOptions(
  parent: pulumi.Resource,
  opts: pulumi.ComponentResourceOptions | undefined,
  protect: boolean,
  timeoutMinutes?: number,
): pulumi.CustomResourceOptions {
  return childOptions(parent, opts, {
    retainOnDelete: true,
    protect,
    ...(timeoutMinutes === undefined ? {} : { customTimeouts: enablementTimeouts(timeoutMinutes) }),
  });
}
