/**
 * Edges of the ECR rules that findingsFlow.spec.ts and hygiene.spec.ts leave open (issue 18,
 * the policy group's survivors): registry rules that cover only some repositories or only some
 * of several rules, IMMUTABLE with allowExclusions on, and a lifecycle policy that names its
 * repository by id.
 */
import * as aws from "@pulumi/aws";
import { ecrRegistryConfigureEnhancedScanning } from "../../policies/ecrRegistry/configureEnhancedScanning";
import { ecrRepositoryEnforceImmutableTags } from "../../policies/ecrRepository/enforceImmutableTags";
import { ecrRepositoryMissingLifecyclePolicy } from "../../policies/ecrRepository/missingLifecyclePolicy";
import { compliantLifecyclePolicy, compliantRepository } from "../fixtures";
import { checkResource, checkStack, expectMessages, expectNoViolations } from "../helpers";

describe("inspector-ecr-registry-configure-enhanced-scanning: which rules count", () => {
  const NOT_CONTINUOUS =
    'RegistryScanningConfiguration \'registry\' does not scan every repository continuously; add a rule with scanFrequency "CONTINUOUS_SCAN" and the repository filter "*".';
  const check = (props: Record<string, unknown>) =>
    checkResource(
      ecrRegistryConfigureEnhancedScanning,
      aws.ecr.RegistryScanningConfiguration,
      props,
      {
        name: "registry",
      },
    );

  it("passes when one of several rules scans every repository continuously", async () => {
    expectNoViolations(
      await check({
        scanType: "ENHANCED",
        rules: [
          {
            scanFrequency: "SCAN_ON_PUSH",
            repositoryFilters: [{ filter: "sandbox-*", filterType: "WILDCARD" }],
          },
          {
            scanFrequency: "CONTINUOUS_SCAN",
            repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }],
          },
        ],
      }),
    );
  });

  it('passes a continuous rule whose filters include "*" among others', async () => {
    expectNoViolations(
      await check({
        scanType: "ENHANCED",
        rules: [
          {
            scanFrequency: "CONTINUOUS_SCAN",
            repositoryFilters: [
              { filter: "prod-*", filterType: "WILDCARD" },
              { filter: "*", filterType: "WILDCARD" },
            ],
          },
        ],
      }),
    );
  });

  it("reports a continuous rule that filters only some repositories", async () => {
    expectMessages(
      await check({
        scanType: "ENHANCED",
        rules: [
          {
            scanFrequency: "CONTINUOUS_SCAN",
            repositoryFilters: [{ filter: "prod-*", filterType: "WILDCARD" }],
          },
        ],
      }),
      [NOT_CONTINUOUS],
    );
  });

  it("reports ENHANCED scanning without any rule", async () => {
    expectMessages(await check({ scanType: "ENHANCED" }), [NOT_CONTINUOUS]);
  });
});

describe("inspector-ecr-repository-enforce-immutable-tags: allowExclusions on", () => {
  it("still accepts IMMUTABLE", async () => {
    expectNoViolations(
      await checkResource(
        ecrRepositoryEnforceImmutableTags,
        aws.ecr.Repository,
        compliantRepository(),
        {
          config: { allowExclusions: true },
        },
      ),
    );
  });

  it("still reports MUTABLE", async () => {
    expectMessages(
      await checkResource(
        ecrRepositoryEnforceImmutableTags,
        aws.ecr.Repository,
        { ...compliantRepository(), imageTagMutability: "MUTABLE" },
        { name: "repo", config: { allowExclusions: true } },
      ),
      [
        "ECR repository 'repo' has MUTABLE image tags, so a scanned tag can be moved to another image; set imageTagMutability to \"IMMUTABLE\" (policy config allowExclusions).",
      ],
    );
  });
});

describe("inspector-ecr-repository-missing-lifecycle-policy: pairing by id", () => {
  it("pairs a lifecycle policy whose repository is the repository's id, without a dependency", async () => {
    expectNoViolations(
      await checkStack(ecrRepositoryMissingLifecyclePolicy, [
        {
          cls: aws.ecr.Repository,
          name: "app",
          props: { ...compliantRepository(), name: undefined, id: "app-3f2a1b" },
        },
        {
          cls: aws.ecr.LifecyclePolicy,
          name: "app-lifecycle",
          props: { repository: "app-3f2a1b", policy: compliantLifecyclePolicy() },
        },
      ]),
    );
  });
});
