/**
 * Checklist policies on enablement: delegated admin, Enablers, member associations,
 * organization configuration, the Organizations policy, retention.
 */
import * as aws from "@pulumi/aws";
import { delegatedAdminEnforceSingleAccount } from "../../policies/delegatedAdmin/enforceSingleAccount";
import { delegatedAdminMissingRegion } from "../../policies/delegatedAdmin/missingRegion";
import { enablementEnforceRetainOnDelete } from "../../policies/enablement/enforceRetainOnDelete";
import { enablerDisallowMixedAdmin } from "../../policies/enabler/disallowMixedAdmin";
import { enablerDisallowUnsupportedResourceType } from "../../policies/enabler/disallowUnsupportedResourceType";
import { enablerEnforceAccountLimit } from "../../policies/enabler/enforceAccountLimit";
import { enablerMissingAccount } from "../../policies/enabler/missingAccount";
import { enablerMissingResourceType } from "../../policies/enabler/missingResourceType";
import { memberAssociationMissingAccount } from "../../policies/memberAssociation/missingAccount";
import { organizationConfigurationDisallowPolicyConflict } from "../../policies/organizationConfiguration/disallowPolicyConflict";
import { organizationConfigurationMissingAutoEnable } from "../../policies/organizationConfiguration/missingAutoEnable";
import { organizationConfigurationMissingRegion } from "../../policies/organizationConfiguration/missingRegion";
import { organizationsPolicyMissingAttachment } from "../../policies/organizationsPolicy/missingAttachment";
import { MemberAssociations } from "../../lib/inspector";
import {
  ADMIN,
  MEMBERS,
  compliantEnabler,
  compliantOrgConfig,
  compliantRollout,
  mutate,
  without,
} from "../fixtures";
import {
  StackFixtureResource,
  checkResource,
  checkStack,
  expectMessages,
  expectNoViolations,
  expectNotApplicable,
} from "../helpers";

/** An organization-policy-mode stack: admin per region, the policy and its attachment. */
function orgPolicyRollout(): StackFixtureResource[] {
  return [
    {
      cls: aws.inspector2.DelegatedAdminAccount,
      name: "admin-us-east-1",
      props: { accountId: ADMIN, region: "us-east-1" },
    },
    {
      cls: aws.organizations.Policy,
      name: "inspector-policy",
      props: {
        type: "INSPECTOR_POLICY",
        content: JSON.stringify({ inspector: { enablement: {} } }),
      },
    },
    {
      cls: aws.organizations.PolicyAttachment,
      name: "inspector-policy-root",
      props: { policyId: "inspector-policy-id", targetId: "r-abcd" },
      dependsOn: ["inspector-policy"],
    },
  ];
}

describe("inspector-delegated-admin-missing-region", () => {
  it("passes the compliant rollout", async () => {
    expectNoViolations(await checkStack(delegatedAdminMissingRegion, compliantRollout()));
  });

  it("reports a region whose delegated admin is missing", async () => {
    const run = await checkStack(
      delegatedAdminMissingRegion,
      without(compliantRollout(), "admin-eu-west-1"),
    );
    expectMessages(run, [
      "Region 'eu-west-1' has no Inspector delegated administrator; add an aws.inspector2.DelegatedAdminAccount with region \"eu-west-1\" (policy config governedRegions).",
    ]);
  });

  it("reports a configured governed region nothing uses", async () => {
    const run = await checkStack(delegatedAdminMissingRegion, compliantRollout(), {
      governedRegions: ["eu-west-1", "us-east-1", "ap-southeast-2"],
    });
    expectMessages(run, [
      "Region 'ap-southeast-2' has no Inspector delegated administrator; add an aws.inspector2.DelegatedAdminAccount with region \"ap-southeast-2\" (policy config governedRegions).",
    ]);
  });

  it("does not apply to a stack without Inspector resources", async () => {
    expectNotApplicable(
      await checkStack(delegatedAdminMissingRegion, [{ cls: aws.sqs.Queue, name: "q", props: {} }]),
      "The stack has no Inspector2 resources and no governed regions.",
    );
  });
});

describe("inspector-delegated-admin-enforce-single-account", () => {
  it("passes the compliant rollout", async () => {
    expectNoViolations(await checkStack(delegatedAdminEnforceSingleAccount, compliantRollout()));
  });

  it("reports the region that registers a different account", async () => {
    const run = await checkStack(
      delegatedAdminEnforceSingleAccount,
      mutate(compliantRollout(), "admin-eu-west-1", (p) => {
        p["accountId"] = "999999999999";
      }).concat([
        {
          cls: aws.inspector2.DelegatedAdminAccount,
          name: "admin-us-west-2",
          props: { accountId: ADMIN, region: "us-west-2" },
        },
      ]),
    );
    expectMessages(run, [
      `DelegatedAdminAccount 'admin-eu-west-1' registers account 999999999999 but the other regions register ${ADMIN}; an organization has one delegated administrator, so use the same accountId in every region.`,
    ]);
  });
});

describe("inspector-enabler-missing-resource-type", () => {
  it("passes a compliant Enabler", async () => {
    expectNoViolations(
      await checkResource(enablerMissingResourceType, aws.inspector2.Enabler, compliantEnabler()),
    );
  });

  it("reports a required scan type that is missing", async () => {
    const props = { ...compliantEnabler(), resourceTypes: ["EC2", "LAMBDA", "LAMBDA_CODE"] };
    expectMessages(
      await checkResource(enablerMissingResourceType, aws.inspector2.Enabler, props, { name: "e" }),
      [
        "Enabler 'e' omits ECR scanning in us-east-1; add \"ECR\" to resourceTypes (policy config requiredResourceTypes).",
      ],
    );
  });

  it("reports LAMBDA_CODE missing where the region has it", async () => {
    const props = { ...compliantEnabler(), resourceTypes: ["EC2", "ECR", "LAMBDA"] };
    expectMessages(
      await checkResource(enablerMissingResourceType, aws.inspector2.Enabler, props, { name: "e" }),
      [
        "Enabler 'e' omits LAMBDA_CODE scanning in us-east-1; add \"LAMBDA_CODE\" to resourceTypes (policy config requiredWhereAvailable).",
      ],
    );
  });

  it("does not require LAMBDA_CODE where the region lacks it", async () => {
    const props = {
      ...compliantEnabler(),
      region: "ca-central-1",
      resourceTypes: ["EC2", "ECR", "LAMBDA"],
    };
    expectNoViolations(
      await checkResource(enablerMissingResourceType, aws.inspector2.Enabler, props),
    );
  });

  it("reports LAMBDA_CODE without LAMBDA", async () => {
    const props = { ...compliantEnabler(), resourceTypes: ["EC2", "ECR", "LAMBDA_CODE"] };
    const run = await checkResource(enablerMissingResourceType, aws.inspector2.Enabler, props, {
      name: "e",
      config: { requiredResourceTypes: ["EC2", "ECR"] },
    });
    expectMessages(run, [
      "Enabler 'e' enables LAMBDA_CODE without LAMBDA; Lambda code scanning requires Lambda standard scanning, so add \"LAMBDA\" to resourceTypes.",
    ]);
  });

  it("skips an Enabler whose resource types are not known yet", async () => {
    const props = { ...compliantEnabler(), resourceTypes: undefined };
    expectNoViolations(
      await checkResource(enablerMissingResourceType, aws.inspector2.Enabler, props),
    );
  });

  it("does not apply to other resource types", async () => {
    expectNotApplicable(
      await checkResource(enablerMissingResourceType, aws.sqs.Queue, {}),
      "Policy only applies to resources of type 'aws:inspector2/enabler:Enabler'",
    );
  });
});

describe("inspector-enabler-disallow-unsupported-resource-type", () => {
  it("passes a compliant Enabler", async () => {
    expectNoViolations(
      await checkResource(
        enablerDisallowUnsupportedResourceType,
        aws.inspector2.Enabler,
        compliantEnabler(),
      ),
    );
  });

  it("reports a scan type the region does not support", async () => {
    const props = { ...compliantEnabler(), region: "ca-central-1" };
    expectMessages(
      await checkResource(enablerDisallowUnsupportedResourceType, aws.inspector2.Enabler, props, {
        name: "e",
      }),
      [
        "Enabler 'e' requests LAMBDA_CODE in ca-central-1, which the region does not support, so the whole Enable call fails; remove \"LAMBDA_CODE\" from resourceTypes there (policy config regionCapabilities).",
      ],
    );
  });

  it("follows a configured capability map", async () => {
    const run = await checkResource(
      enablerDisallowUnsupportedResourceType,
      aws.inspector2.Enabler,
      compliantEnabler(),
      { config: { regionCapabilities: { "us-east-1": ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"] } } },
    );
    expectNoViolations(run);
  });
});

describe("inspector-enabler-enforce-account-limit", () => {
  const ids = (n: number): string[] =>
    Array.from({ length: n }, (_, i) => String(100000000000 + i));

  it("passes an Enabler of 100 account ids", async () => {
    expectNoViolations(
      await checkResource(enablerEnforceAccountLimit, aws.inspector2.Enabler, {
        ...compliantEnabler(),
        accountIds: ids(100),
      }),
    );
  });

  it("reports an Enabler of 101 account ids", async () => {
    expectMessages(
      await checkResource(
        enablerEnforceAccountLimit,
        aws.inspector2.Enabler,
        { ...compliantEnabler(), accountIds: ids(101) },
        { name: "e" },
      ),
      [
        "Enabler 'e' lists 101 account ids; the Enable API accepts at most 100, so split it into Enablers of at most 100 ids (policy config maxAccountIds).",
      ],
    );
  });
});

describe("inspector-enabler-disallow-mixed-admin", () => {
  it("passes the compliant rollout", async () => {
    expectNoViolations(await checkStack(enablerDisallowMixedAdmin, compliantRollout()));
  });

  it("reports the delegated admin in a member Enabler", async () => {
    const run = await checkStack(
      enablerDisallowMixedAdmin,
      mutate(compliantRollout(), "members-eu-west-1", (p) => {
        p["accountIds"] = [...MEMBERS, ADMIN];
      }),
    );
    expectMessages(run, [
      `Enabler 'members-eu-west-1' enables the delegated administrator ${ADMIN} together with 2 other account(s); put the delegated administrator in its own Enabler.`,
    ]);
    expectNotApplicable(
      await checkStack(enablerDisallowMixedAdmin, [
        { cls: aws.inspector2.Enabler, name: "e", props: compliantEnabler() },
      ]),
      "The stack registers no Inspector delegated administrator.",
    );
  });
});

describe("inspector-enabler-missing-account", () => {
  it("passes the compliant rollout", async () => {
    expectNoViolations(await checkStack(enablerMissingAccount, compliantRollout()));
  });

  it("reports a governed region without any Enabler", async () => {
    const run = await checkStack(
      enablerMissingAccount,
      without(compliantRollout(), "admin-enabler-eu-west-1", "members-eu-west-1"),
    );
    expectMessages(run, [
      "Region 'eu-west-1' has no Inspector Enabler; add Enablers for the delegated administrator and the member accounts with region \"eu-west-1\".",
    ]);
  });

  it("reports the delegated admin not enabled in a region", async () => {
    const run = await checkStack(
      enablerMissingAccount,
      without(compliantRollout(), "admin-enabler-us-east-1"),
    );
    expectMessages(run, [
      `Account ${ADMIN} is not enabled in us-east-1; add it to an Enabler with region "us-east-1" (policy config requiredAccountIds).`,
    ]);
  });

  it("reports a required member account that no Enabler covers", async () => {
    const run = await checkStack(enablerMissingAccount, compliantRollout(), {
      requiredAccountIds: [...MEMBERS, "555555555555"],
    });
    expectMessages(run, [
      'Account 555555555555 is not enabled in eu-west-1; add it to an Enabler with region "eu-west-1" (policy config requiredAccountIds).',
      'Account 555555555555 is not enabled in us-east-1; add it to an Enabler with region "us-east-1" (policy config requiredAccountIds).',
    ]);
  });

  it("does not apply in organization-policy mode", async () => {
    expectNotApplicable(
      await checkStack(enablerMissingAccount, orgPolicyRollout()),
      "Enablement is declared by an Organizations INSPECTOR_POLICY.",
    );
  });
});

describe("inspector-member-association-missing-account", () => {
  it("passes the compliant rollout", async () => {
    expectNoViolations(await checkStack(memberAssociationMissingAccount, compliantRollout()));
  });

  it("reports an enabled member missing from the region's member associations", async () => {
    const run = await checkStack(
      memberAssociationMissingAccount,
      mutate(compliantRollout(), "members-eu-west-1-associations", (props) => {
        props["accountIds"] = [MEMBERS[0]];
      }),
    );
    expectMessages(run, [
      `Account ${MEMBERS[1]} is enabled by Enabler 'members-eu-west-1' in eu-west-1 but is not associated there; add it to the accountIds of the region's member associations (or an aws.inspector2.MemberAssociation in the same region).`,
    ]);
  });

  it("does not count another region's member associations", async () => {
    const run = await checkStack(
      memberAssociationMissingAccount,
      without(compliantRollout(), "members-eu-west-1-associations"),
    );
    expectMessages(
      run,
      MEMBERS.map(
        (id) =>
          `Account ${id} is enabled by Enabler 'members-eu-west-1' in eu-west-1 but is not associated there; add it to the accountIds of the region's member associations (or an aws.inspector2.MemberAssociation in the same region).`,
      ),
    );
  });

  it("accepts per-member aws.inspector2.MemberAssociation resources (the earlier shape)", async () => {
    const perMember: StackFixtureResource[] = without(
      compliantRollout(),
      "members-us-east-1-associations",
      "members-eu-west-1-associations",
    );
    for (const region of ["us-east-1", "eu-west-1"]) {
      for (const accountId of MEMBERS) {
        perMember.push({
          cls: aws.inspector2.MemberAssociation,
          name: `member-${accountId}-${region}`,
          props: { accountId, region },
          opts: { retainOnDelete: true },
        });
      }
    }
    expectNoViolations(await checkStack(memberAssociationMissingAccount, perMember));
  });
});

describe("inspector-organization-configuration-missing-region", () => {
  it("passes the compliant rollout", async () => {
    expectNoViolations(
      await checkStack(organizationConfigurationMissingRegion, compliantRollout()),
    );
  });

  it("reports a governed region without organization configuration", async () => {
    const run = await checkStack(
      organizationConfigurationMissingRegion,
      without(compliantRollout(), "org-config-us-east-1"),
    );
    expectMessages(run, [
      "Region 'us-east-1' has no Inspector OrganizationConfiguration, so accounts that join later are not scanned there; add one with region \"us-east-1\".",
    ]);
  });

  it("does not apply in organization-policy mode", async () => {
    expectNotApplicable(
      await checkStack(organizationConfigurationMissingRegion, orgPolicyRollout()),
      "Enablement is declared by an Organizations INSPECTOR_POLICY.",
    );
  });
});

describe("inspector-organization-configuration-missing-auto-enable", () => {
  it("passes a compliant organization configuration", async () => {
    expectNoViolations(
      await checkResource(
        organizationConfigurationMissingAutoEnable,
        aws.inspector2.OrganizationConfiguration,
        compliantOrgConfig(),
      ),
    );
  });

  const cases: { field: string; type: string }[] = [
    { field: "ec2", type: "EC2" },
    { field: "ecr", type: "ECR" },
    { field: "lambda", type: "LAMBDA" },
    { field: "lambdaCode", type: "LAMBDA_CODE" },
  ];
  for (const c of cases) {
    it(`reports autoEnable.${c.field} off`, async () => {
      const props = compliantOrgConfig();
      (props["autoEnable"] as Record<string, unknown>)[c.field] = false;
      expectMessages(
        await checkResource(
          organizationConfigurationMissingAutoEnable,
          aws.inspector2.OrganizationConfiguration,
          props,
          { name: "oc" },
        ),
        [
          `OrganizationConfiguration 'oc' does not auto-enable ${c.type} scanning for new accounts in us-east-1; set autoEnable.${c.field} to true.`,
        ],
      );
    });
  }

  it("does not require lambdaCode where the region lacks it", async () => {
    expectNoViolations(
      await checkResource(
        organizationConfigurationMissingAutoEnable,
        aws.inspector2.OrganizationConfiguration,
        { autoEnable: { ec2: true, ecr: true, lambda: true }, region: "ca-central-1" },
      ),
    );
  });
});

describe("inspector-organization-configuration-disallow-policy-conflict", () => {
  it("passes an organization-policy stack without auto-enable", async () => {
    expectNoViolations(
      await checkStack(organizationConfigurationDisallowPolicyConflict, orgPolicyRollout()),
    );
  });

  it("reports auto-enable managed next to an INSPECTOR_POLICY", async () => {
    const run = await checkStack(
      organizationConfigurationDisallowPolicyConflict,
      orgPolicyRollout().concat([
        {
          cls: aws.inspector2.OrganizationConfiguration,
          name: "oc",
          props: { autoEnable: { ec2: true, ecr: false }, region: "us-east-1" },
        },
      ]),
    );
    expectMessages(run, [
      "OrganizationConfiguration 'oc' auto-enables ec2 while an Organizations INSPECTOR_POLICY manages enablement; set those autoEnable flags to false or remove the resource.",
    ]);
  });

  it("does not apply in delegated-admin mode", async () => {
    expectNotApplicable(
      await checkStack(organizationConfigurationDisallowPolicyConflict, compliantRollout()),
      "The stack has no Organizations INSPECTOR_POLICY.",
    );
  });
});

describe("inspector-organizations-policy-missing-attachment", () => {
  it("passes an attached policy with an inspector document", async () => {
    expectNoViolations(await checkStack(organizationsPolicyMissingAttachment, orgPolicyRollout()));
  });

  it("reports a policy that is not attached", async () => {
    const run = await checkStack(
      organizationsPolicyMissingAttachment,
      without(orgPolicyRollout(), "inspector-policy-root"),
    );
    expectMessages(run, [
      "Organizations policy 'inspector-policy' is not attached to any target, so it enables nothing; add an aws.organizations.PolicyAttachment with policyId set to its id and targetId set to the root or an OU.",
    ]);
  });

  it("reports a document without an inspector section", async () => {
    const run = await checkStack(
      organizationsPolicyMissingAttachment,
      mutate(orgPolicyRollout(), "inspector-policy", (p) => {
        p["content"] = JSON.stringify({ enablement: {} });
      }),
    );
    expectMessages(run, [
      'Organizations policy \'inspector-policy\' has no top-level "inspector" section, so it enables no scan types; put the scan-type settings under "inspector".',
    ]);
  });

  it("reports content that is not JSON", async () => {
    const run = await checkStack(
      organizationsPolicyMissingAttachment,
      mutate(orgPolicyRollout(), "inspector-policy", (p) => {
        p["content"] = "{";
      }),
    );
    expectMessages(run, [
      `Organizations policy 'inspector-policy' has content that is not valid JSON (${jsonError("{")}); build it with pulumi.jsonStringify.`,
    ]);
  });
});

function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (err) {
    return (err as Error).message;
  }
  return "";
}

describe("inspector-enablement-enforce-retain-on-delete", () => {
  const retained = { retainOnDelete: true };
  const cases: {
    name: string;
    cls: Parameters<typeof checkResource>[1];
    props: Record<string, unknown>;
    label: string;
  }[] = [
    {
      name: "a delegated admin",
      cls: aws.inspector2.DelegatedAdminAccount,
      props: { accountId: ADMIN },
      label: "DelegatedAdminAccount",
    },
    {
      name: "an Enabler",
      cls: aws.inspector2.Enabler,
      props: compliantEnabler(),
      label: "Enabler",
    },
    {
      name: "an organization configuration",
      cls: aws.inspector2.OrganizationConfiguration,
      props: compliantOrgConfig(),
      label: "OrganizationConfiguration",
    },
    {
      name: "a member association",
      cls: aws.inspector2.MemberAssociation,
      props: { accountId: MEMBERS[0] },
      label: "MemberAssociation",
    },
    {
      name: "a region's member associations",
      cls: MemberAssociations,
      props: { accountIds: [...MEMBERS], region: "us-east-1" },
      label: "MemberAssociations",
    },
    {
      name: "an INSPECTOR_POLICY",
      cls: aws.organizations.Policy,
      props: { type: "INSPECTOR_POLICY", content: "{}" },
      label: "Organizations INSPECTOR_POLICY",
    },
  ];
  for (const c of cases) {
    it(`passes ${c.name} retained on delete`, async () => {
      expectNoViolations(
        await checkResource(enablementEnforceRetainOnDelete, c.cls, c.props, { opts: retained }),
      );
    });

    it(`reports ${c.name} not retained on delete`, async () => {
      expectMessages(
        await checkResource(enablementEnforceRetainOnDelete, c.cls, c.props, {
          name: "r",
          opts: { retainOnDelete: false },
        }),
        [
          `${c.label} 'r' is not retained on delete; deleting it disables Inspector scanning across the organization, so set the resource option retainOnDelete: true.`,
        ],
      );
    });
  }

  it("skips the retain check when the engine does not send retainOnDelete", async () => {
    expectNoViolations(
      await checkResource(
        enablementEnforceRetainOnDelete,
        aws.inspector2.Enabler,
        compliantEnabler(),
      ),
    );
  });

  it("reports an unprotected delegated admin when requireProtect is on", async () => {
    expectMessages(
      await checkResource(
        enablementEnforceRetainOnDelete,
        aws.inspector2.DelegatedAdminAccount,
        { accountId: ADMIN },
        { name: "r", opts: retained, config: { requireProtect: true } },
      ),
      [
        "DelegatedAdminAccount 'r' is not protected; set the resource option protect: true (policy config requireProtect).",
      ],
    );
  });

  it("does not require protect on Enablers", async () => {
    expectNoViolations(
      await checkResource(
        enablementEnforceRetainOnDelete,
        aws.inspector2.Enabler,
        compliantEnabler(),
        {
          opts: retained,
          config: { requireProtect: true },
        },
      ),
    );
  });

  it("ignores Organizations policies of other types", async () => {
    expectNoViolations(
      await checkResource(
        enablementEnforceRetainOnDelete,
        aws.organizations.Policy,
        { type: "SERVICE_CONTROL_POLICY", content: "{}" },
        { opts: { retainOnDelete: false } },
      ),
    );
  });
});
