/** Checklist policies on the findings flow: routing, playbook, Security Hub, export, SSM, remediation, ECR registry. */
import * as aws from "@pulumi/aws";
import { ecrRegistryConfigureEnhancedScanning } from "../../policies/ecrRegistry/configureEnhancedScanning";
import { eventRuleDisallowNumericSeverity } from "../../policies/eventRule/disallowNumericSeverity";
import { eventRuleMissingCriticalPlaybook } from "../../policies/eventRule/missingCriticalPlaybook";
import { eventRuleMissingRegion } from "../../policies/eventRule/missingRegion";
import { exportBucketEnforceControls } from "../../policies/exportBucket/enforceControls";
import { remediationMissingPatchDocuments } from "../../policies/remediation/missingPatchDocuments";
import { securityhubMissingIntegration } from "../../policies/securityhub/missingIntegration";
import { stackSetMissingSsmCoverage } from "../../policies/stackSet/missingSsmCoverage";
import { CRITICAL_PATTERN, compliantRollout, mutate, without } from "../fixtures";
import {
  checkResource,
  checkStack,
  expectMessages,
  expectNoViolations,
  expectNotApplicable,
  type StackFixtureResource,
} from "../helpers";

describe("inspector-event-rule-missing-region", () => {
  it("passes the compliant rollout", async () => {
    expectNoViolations(await checkStack(eventRuleMissingRegion, compliantRollout()));
  });

  it("reports a governed region without an Inspector rule", async () => {
    const run = await checkStack(
      eventRuleMissingRegion,
      without(compliantRollout(), "findings-eu-west-1", "findings-target-eu-west-1"),
    );
    expectMessages(run, [
      'Region \'eu-west-1\' has no EventBridge rule for Inspector findings; add an aws.cloudwatch.EventRule with eventPattern source ["aws.inspector2"] and region "eu-west-1" (policy config requireFindingsRouting).',
    ]);
  });

  it("does not count a rule for another source", async () => {
    const run = await checkStack(
      eventRuleMissingRegion,
      mutate(compliantRollout(), "findings-us-east-1", (p) => {
        p["eventPattern"] = JSON.stringify({ source: ["aws.guardduty"] });
      }),
    );
    expectMessages(run, [
      'Region \'us-east-1\' has no EventBridge rule for Inspector findings; add an aws.cloudwatch.EventRule with eventPattern source ["aws.inspector2"] and region "us-east-1" (policy config requireFindingsRouting).',
    ]);
  });

  it("does not apply when requireFindingsRouting is false", async () => {
    expectNotApplicable(
      await checkStack(eventRuleMissingRegion, compliantRollout(), {
        requireFindingsRouting: false,
      }),
      "Policy config requireFindingsRouting is false.",
    );
  });
});

describe("inspector-event-rule-disallow-numeric-severity", () => {
  it("passes a rule matching severity strings", async () => {
    expectNoViolations(
      await checkResource(eventRuleDisallowNumericSeverity, aws.cloudwatch.EventRule, {
        eventPattern: CRITICAL_PATTERN,
      }),
    );
  });

  it("reports the common numeric severity filter", async () => {
    const eventPattern = JSON.stringify({
      source: ["aws.inspector2"],
      "detail-type": ["Inspector2 Finding"],
      detail: { severity: [{ numeric: [">=", 7.0] }], status: ["ACTIVE"] },
    });
    expectMessages(
      await checkResource(
        eventRuleDisallowNumericSeverity,
        aws.cloudwatch.EventRule,
        { eventPattern },
        { name: "r" },
      ),
      [
        'EventRule \'r\' filters Inspector findings on a non-string detail.severity, which never matches because severity is a string; use "detail": {"severity": ["CRITICAL", "HIGH"]}.',
      ],
    );
  });

  it("ignores rules for other sources and patterns not known yet", async () => {
    const other = JSON.stringify({ source: ["aws.guardduty"], detail: { severity: [8] } });
    expectNoViolations(
      await checkResource(eventRuleDisallowNumericSeverity, aws.cloudwatch.EventRule, {
        eventPattern: other,
      }),
    );
    expectNoViolations(
      await checkResource(eventRuleDisallowNumericSeverity, aws.cloudwatch.EventRule, {}),
    );
  });
});

describe("inspector-event-rule-missing-critical-playbook", () => {
  it("passes the compliant rollout", async () => {
    expectNoViolations(await checkStack(eventRuleMissingCriticalPlaybook, compliantRollout()));
  });

  it("reports a CRITICAL rule without a target", async () => {
    const run = await checkStack(
      eventRuleMissingCriticalPlaybook,
      without(compliantRollout(), "findings-target-eu-west-1"),
    );
    expectMessages(run, [
      "EventRule 'findings-eu-west-1' matches CRITICAL Inspector findings but has no target; add an aws.cloudwatch.EventTarget with rule set to this rule's name.",
    ]);
  });

  it("reports a stack where no rule matches CRITICAL", async () => {
    let resources = compliantRollout();
    for (const name of ["findings-us-east-1", "findings-eu-west-1"]) {
      resources = mutate(resources, name, (p) => {
        p["eventPattern"] = JSON.stringify({
          source: ["aws.inspector2"],
          detail: { severity: ["LOW"] },
        });
      });
    }
    expectMessages(await checkStack(eventRuleMissingCriticalPlaybook, resources), [
      'No EventBridge rule sends CRITICAL Inspector findings anywhere; add a rule matching "detail": {"severity": ["CRITICAL"]} with a target that starts the playbook (policy config requirePlaybook).',
    ]);
  });

  it("pairs a target with its rule by name when there is no dependency", async () => {
    const resources = compliantRollout().map((r) =>
      r.name.startsWith("findings-target-") ? { ...r, dependsOn: [] } : r,
    );
    expectNoViolations(await checkStack(eventRuleMissingCriticalPlaybook, resources));
  });
});

describe("inspector-securityhub-missing-integration", () => {
  it("passes the compliant rollout", async () => {
    expectNoViolations(await checkStack(securityhubMissingIntegration, compliantRollout()));
  });

  it("reports Security Hub not enabled", async () => {
    expectMessages(
      await checkStack(securityhubMissingIntegration, without(compliantRollout(), "securityhub")),
      [
        "Security Hub is not enabled, so Inspector findings do not reach it; add an aws.securityhub.Account in the delegated administrator account (policy config requireSecurityHub).",
      ],
    );
  });

  it("reports a missing finding aggregator", async () => {
    expectMessages(
      await checkStack(securityhubMissingIntegration, without(compliantRollout(), "aggregator")),
      [
        "Security Hub has no finding aggregator, so findings stay in their regions; add an aws.securityhub.FindingAggregator in the home region (policy config requireFindingAggregator).",
      ],
    );
  });

  it("does not apply when requireSecurityHub is false", async () => {
    expectNotApplicable(
      await checkStack(securityhubMissingIntegration, [], { requireSecurityHub: false }),
      "Policy config requireSecurityHub is false.",
    );
  });

  /** The compliant rollout with a Security Hub organization configuration of this type. */
  const withConfiguration = (configurationType: string): StackFixtureResource[] => [
    ...compliantRollout(),
    {
      cls: aws.securityhub.OrganizationConfiguration,
      name: "securityhub-org",
      props: { autoEnable: true, organizationConfiguration: { configurationType } },
    },
  ];
  const LOCAL_ONLY =
    "Security Hub organization configuration 'securityhub-org' is LOCAL, so autoEnable reaches only accounts that join later and the existing accounts never send their Inspector findings; set organizationConfiguration.configurationType CENTRAL with an aws.securityhub.ConfigurationPolicy and its ConfigurationPolicyAssociation, or add aws.securityhub.Member resources (policy config requireExistingAccounts).";

  it("reports a LOCAL organization configuration (auto-enable for new accounts only)", async () => {
    expectMessages(await checkStack(securityhubMissingIntegration, withConfiguration("LOCAL")), [
      LOCAL_ONLY,
    ]);
  });

  it("passes CENTRAL configuration, and LOCAL with Member resources for the existing accounts", async () => {
    expectNoViolations(
      await checkStack(securityhubMissingIntegration, withConfiguration("CENTRAL")),
    );
    expectNoViolations(
      await checkStack(securityhubMissingIntegration, [
        ...withConfiguration("LOCAL"),
        {
          cls: aws.securityhub.Member,
          name: "member-333333333333",
          props: { accountId: "333333333333" },
        },
      ]),
    );
  });

  it("follows requireExistingAccounts", async () => {
    expectNoViolations(
      await checkStack(securityhubMissingIntegration, withConfiguration("LOCAL"), {
        requireExistingAccounts: false,
      }),
    );
  });
});

describe("inspector-export-bucket-enforce-controls", () => {
  it("passes the compliant rollout", async () => {
    expectNoViolations(await checkStack(exportBucketEnforceControls, compliantRollout()));
  });

  it("reports a missing export bucket", async () => {
    expectMessages(
      await checkStack(exportBucketEnforceControls, without(compliantRollout(), "export")),
      [
        "No findings export bucket is defined; add an S3 bucket for continuous export and findings reports (policy config requireFindingsExport, bucketNamePattern).",
      ],
    );
  });

  it("reports SSE-S3 instead of KMS", async () => {
    const run = await checkStack(
      exportBucketEnforceControls,
      mutate(compliantRollout(), "export-sse", (p) => {
        p["rules"] = [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }];
      }),
    );
    expectMessages(run, [
      "Export bucket 'export' is not encrypted with KMS; findings reports require a customer-managed KMS key, so add a BucketServerSideEncryptionConfiguration with sseAlgorithm \"aws:kms\" and kmsMasterKeyId.",
    ]);
  });

  it("reports suspended versioning", async () => {
    const run = await checkStack(
      exportBucketEnforceControls,
      mutate(compliantRollout(), "export-versioning", (p) => {
        p["versioningConfiguration"] = { status: "Suspended" };
      }),
    );
    expectMessages(run, [
      "Export bucket 'export' is not versioned; add an aws.s3.BucketVersioning with versioningConfiguration.status \"Enabled\".",
    ]);
  });

  it("reports a bucket policy without the TLS-only statement", async () => {
    const run = await checkStack(
      exportBucketEnforceControls,
      mutate(compliantRollout(), "export-policy", (p) => {
        p["policy"] = JSON.stringify({ Version: "2012-10-17", Statement: [] });
      }),
    );
    expectMessages(run, [
      'Export bucket \'export\' accepts requests without TLS; add a BucketPolicy statement that denies s3:* when "aws:SecureTransport" is "false".',
    ]);
  });

  it("reports a missing lifecycle", async () => {
    expectMessages(
      await checkStack(
        exportBucketEnforceControls,
        without(compliantRollout(), "export-lifecycle"),
      ),
      [
        "Export bucket 'export' has no lifecycle rules, so exported findings are kept forever; add an aws.s3.BucketLifecycleConfiguration with expiration and noncurrent-version rules.",
      ],
    );
  });

  it("checks only the buckets bucketNamePattern selects", async () => {
    const resources = compliantRollout().concat([
      { cls: aws.s3.Bucket, name: "artifacts", props: { bucket: "artifacts" } },
    ]);
    expectNoViolations(
      await checkStack(exportBucketEnforceControls, resources, { bucketNamePattern: "^export$" }),
    );
  });
});

describe("inspector-stack-set-missing-ssm-coverage", () => {
  it("passes the compliant rollout", async () => {
    expectNoViolations(await checkStack(stackSetMissingSsmCoverage, compliantRollout()));
  });

  it("reports no service-managed StackSet", async () => {
    expectMessages(
      await checkStack(stackSetMissingSsmCoverage, without(compliantRollout(), "ssm-coverage")),
      [
        'No service-managed StackSet deploys SSM coverage to member accounts; add an aws.cloudformation.StackSet with permissionModel "SERVICE_MANAGED" and autoDeployment.enabled true (policy config requireSsmCoverage).',
      ],
    );
  });

  it("reports a StackSet without auto-deployment", async () => {
    const run = await checkStack(
      stackSetMissingSsmCoverage,
      mutate(compliantRollout(), "ssm-coverage", (p) => {
        p["autoDeployment"] = { enabled: false };
      }),
    );
    expectMessages(run, [
      "StackSet 'ssm-coverage' does not auto-deploy, so accounts created later get no SSM coverage; set autoDeployment.enabled to true.",
    ]);
  });
});

describe("inspector-remediation-missing-patch-documents", () => {
  it("passes the compliant rollout", async () => {
    expectNoViolations(await checkStack(remediationMissingPatchDocuments, compliantRollout()));
  });

  it("reports no Automation document", async () => {
    const run = await checkStack(
      remediationMissingPatchDocuments,
      mutate(compliantRollout(), "patch", (p) => {
        p["documentType"] = "Command";
      }),
    );
    expectMessages(run, [
      "No SSM Automation remediation document is deployed, so findings are never patched; turn remediation on (dry-run or enforce) for this stack (policy config requireRemediation).",
    ]);
  });

  const withPatchMode = (patchMode: string) =>
    mutate(compliantRollout(), "triage-fn", (p) => {
      p["environment"] = {
        variables: {
          REMEDIATION_SETTINGS: JSON.stringify({ patchMode, containmentMode: "enforce" }),
        },
      };
    });

  it("reports a triage function whose patch mode is off although containment keeps the documents", async () => {
    const run = await checkStack(remediationMissingPatchDocuments, withPatchMode("off"));
    expectMessages(run, [
      "Function 'triage-fn' runs with patchMode \"off\" (REMEDIATION_SETTINGS), so findings are never patched although the Automation documents are deployed; set remediationPatchMode to dry-run or enforce (`pulumi config set remediationPatchMode enforce`), or set requireRemediation to false in the policy config.",
    ]);
  });

  it("accepts dry-run as a patch mode (decisions are recorded)", async () => {
    expectNoViolations(
      await checkStack(remediationMissingPatchDocuments, withPatchMode("dry-run")),
    );
  });

  it("reports documents without any function that carries remediation settings", async () => {
    const run = await checkStack(
      remediationMissingPatchDocuments,
      mutate(compliantRollout(), "triage-fn", (p) => {
        delete p["environment"];
      }),
    );
    expectMessages(run, [
      "No Lambda function carries remediation settings (REMEDIATION_SETTINGS), so nothing starts the Automation documents and findings are never patched; turn remediation on (remediationPatchMode dry-run or enforce) for this stack (policy config requireRemediation).",
    ]);
  });

  it("does not apply when requireRemediation is false", async () => {
    expectNotApplicable(
      await checkStack(remediationMissingPatchDocuments, compliantRollout(), {
        requireRemediation: false,
      }),
      "Policy config requireRemediation is false.",
    );
  });
});

describe("inspector-ecr-registry-configure-enhanced-scanning", () => {
  const compliant = () => ({
    scanType: "ENHANCED",
    rules: [
      {
        scanFrequency: "CONTINUOUS_SCAN",
        repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }],
      },
    ],
  });

  it("passes enhanced continuous scanning of every repository", async () => {
    expectNoViolations(
      await checkResource(
        ecrRegistryConfigureEnhancedScanning,
        aws.ecr.RegistryScanningConfiguration,
        compliant(),
      ),
    );
  });

  it("reports BASIC scanning", async () => {
    expectMessages(
      await checkResource(
        ecrRegistryConfigureEnhancedScanning,
        aws.ecr.RegistryScanningConfiguration,
        { ...compliant(), scanType: "BASIC" },
        { name: "registry" },
      ),
      [
        "RegistryScanningConfiguration 'registry' uses BASIC scanning, which turns Inspector's ECR scanning off; set scanType to \"ENHANCED\".",
      ],
    );
  });

  it("reports scan-on-push only", async () => {
    const props = compliant();
    props.rules[0].scanFrequency = "SCAN_ON_PUSH";
    expectMessages(
      await checkResource(
        ecrRegistryConfigureEnhancedScanning,
        aws.ecr.RegistryScanningConfiguration,
        props,
        {
          name: "registry",
        },
      ),
      [
        'RegistryScanningConfiguration \'registry\' does not scan every repository continuously; add a rule with scanFrequency "CONTINUOUS_SCAN" and the repository filter "*".',
      ],
    );
  });
});
