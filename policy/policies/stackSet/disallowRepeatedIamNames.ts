import * as aws from "@pulumi/aws";
import type { PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import { parseTemplate, pinnedRegion } from "../../lib/cfnTemplate";
import { isKnownString, knownStrings, resourcesOf } from "../../lib/resources";

const CONFIG_SCHEMA: PolicyConfigSchema = { properties: {} };

/** IAM resource types and the property that gives them an account-wide name. */
const NAMED_IAM_PROPERTIES: Readonly<Record<string, string>> = {
  "AWS::IAM::Role": "RoleName",
  "AWS::IAM::ManagedPolicy": "ManagedPolicyName",
  "AWS::IAM::InstanceProfile": "InstanceProfileName",
  "AWS::IAM::User": "UserName",
  "AWS::IAM::Group": "GroupName",
};

/** Whether a name differs per Region (an `Fn::Sub` with `${AWS::Region}`). */
function isRegional(name: unknown): boolean {
  if (typeof name !== "object" || name === null || !("Fn::Sub" in name)) {
    return false;
  }
  return JSON.stringify((name as Record<string, unknown>)["Fn::Sub"]).includes("${AWS::Region}");
}

/**
 * IAM names are account-wide ("IAM is a global service"), and a StackSet instantiated in
 * several Regions creates each of its resources once per Region in every account: a named IAM
 * resource fails the second Region with EntityAlreadyExists, and the operation past its failure
 * tolerance. Such a resource needs a condition that pins it to one Region.
 *
 * @severity high
 * @link https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-concepts.html
 */
export const stackSetDisallowRepeatedIamNames: StackValidationPolicy = {
  name: "inspector-stack-set-disallow-repeated-iam-names",
  description:
    "Disallows named IAM resources in a StackSet template deployed to several Regions unless a condition pins them to one Region.",
  severity: "high",
  remediationSteps:
    'Add a template condition {"Fn::Equals": [{"Ref": "AWS::Region"}, "<home Region>"]} and set it as the Condition of every named IAM resource, or deploy them from a StackSet in one Region.',
  url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-concepts.html",
  configSchema: CONFIG_SCHEMA,
  validateStack: (args, reportViolation) => {
    const stackSets = resourcesOf(args.resources, aws.cloudformation.StackSet);
    if (stackSets.length === 0) {
      args.notApplicable("The stack has no CloudFormation StackSet.");
    }
    // Regions of each StackSet's instances, by StackSet name.
    const regions = new Map<string, Set<string>>();
    const add = (stackSetName: unknown, values: string[] | undefined) => {
      if (!isKnownString(stackSetName) || values === undefined) {
        return;
      }
      const set = regions.get(stackSetName) ?? new Set<string>();
      values.forEach((v) => set.add(v));
      regions.set(stackSetName, set);
    };
    for (const i of resourcesOf(args.resources, aws.cloudformation.StackSetInstance)) {
      const region = i.props["stackSetInstanceRegion"];
      add(i.props["stackSetName"], isKnownString(region) ? [region] : undefined);
    }
    for (const i of resourcesOf(args.resources, aws.cloudformation.StackInstances)) {
      add(i.props["stackSetName"], knownStrings(i.props["regions"]));
    }
    for (const stackSet of stackSets) {
      const name = stackSet.props["name"];
      const instanceRegions = isKnownString(name) ? regions.get(name) : undefined;
      const template = parseTemplate(stackSet.props["templateBody"]);
      if (instanceRegions === undefined || instanceRegions.size < 2 || template === undefined) {
        continue;
      }
      for (const [id, resource] of Object.entries(template.resources)) {
        const property = NAMED_IAM_PROPERTIES[String(resource.Type)];
        const iamName = property === undefined ? undefined : resource.Properties?.[property];
        if (iamName === undefined || isRegional(iamName)) {
          continue;
        }
        const condition =
          typeof resource.Condition === "string"
            ? template.conditions[resource.Condition]
            : undefined;
        if (pinnedRegion(condition) === undefined) {
          reportViolation(
            `StackSet '${stackSet.name}' creates ${String(resource.Type)} ${id} named ${JSON.stringify(iamName)} in each of ${instanceRegions.size} Regions (${[...instanceRegions].join(", ")}); IAM names are account-wide, so the second Region fails with EntityAlreadyExists. Give ${id} a Condition that pins it to one Region ({"Fn::Equals": [{"Ref": "AWS::Region"}, "<home Region>"]}).`,
            stackSet.urn,
          );
        }
      }
    }
  },
};
