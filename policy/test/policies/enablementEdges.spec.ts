/**
 * Edges of the enablement rules that inspectorEnablement.spec.ts leaves open (issue 18, the
 * policy group's survivors): which account the single-admin rule takes as intended, inputs not
 * known yet (preview), the provider's region (no `region` input), the not-applicable reasons,
 * and which resources requireProtect covers.
 */
import * as aws from "@pulumi/aws";
import { delegatedAdminEnforceSingleAccount } from "../../policies/delegatedAdmin/enforceSingleAccount";
import { enablementEnforceRetainOnDelete } from "../../policies/enablement/enforceRetainOnDelete";
import { enablerDisallowMixedAdmin } from "../../policies/enabler/disallowMixedAdmin";
import { enablerDisallowUnsupportedResourceType } from "../../policies/enabler/disallowUnsupportedResourceType";
import { enablerEnforceAccountLimit } from "../../policies/enabler/enforceAccountLimit";
import { enablerMissingResourceType } from "../../policies/enabler/missingResourceType";
import { memberAssociationMissingAccount } from "../../policies/memberAssociation/missingAccount";
import { organizationConfigurationDisallowPolicyConflict } from "../../policies/organizationConfiguration/disallowPolicyConflict";
import { organizationConfigurationMissingAutoEnable } from "../../policies/organizationConfiguration/missingAutoEnable";
import { organizationsPolicyMissingAttachment } from "../../policies/organizationsPolicy/missingAttachment";
import { MemberAssociations } from "../../lib/inspector";
import { UNKNOWN_SENTINEL } from "../../lib/resources";
import {
  ADMIN,
  MEMBERS,
  compliantEnabler,
  compliantOrgConfig,
  compliantRollout,
} from "../fixtures";
import {
  type StackFixtureResource,
  checkResource,
  checkStack,
  expectMessages,
  expectNoViolations,
  expectNotApplicable,
} from "../helpers";

/** A DelegatedAdminAccount registration of `accountId` in `region`. */
const admin = (region: string, accountId: string): StackFixtureResource => ({
  cls: aws.inspector2.DelegatedAdminAccount,
  name: `admin-${region}`,
  props: { accountId, region },
});

const OTHER = "999999999999";

/** The single-admin rule's message for `name` registering `id` where the others register `expected`. */
const secondAdmin = (name: string, id: string, expected: string): string =>
  `DelegatedAdminAccount '${name}' registers account ${id} but the other regions register ${expected}; an organization has one delegated administrator, so use the same accountId in every region.`;

describe("inspector-delegated-admin-enforce-single-account: the intended account", () => {
  it("takes the account most regions register, even when the first region registers another", async () => {
    const run = await checkStack(delegatedAdminEnforceSingleAccount, [
      admin("us-east-1", OTHER),
      admin("eu-west-1", ADMIN),
      admin("us-west-2", ADMIN),
    ]);
    expectMessages(run, [secondAdmin("admin-us-east-1", OTHER, ADMIN)]);
  });

  it("takes the account most regions register when it comes first", async () => {
    const run = await checkStack(delegatedAdminEnforceSingleAccount, [
      admin("us-east-1", ADMIN),
      admin("eu-west-1", ADMIN),
      admin("us-west-2", OTHER),
    ]);
    expectMessages(run, [secondAdmin("admin-us-west-2", OTHER, ADMIN)]);
  });

  it("breaks a tie by the lowest account id, whatever the order", async () => {
    const run = await checkStack(delegatedAdminEnforceSingleAccount, [
      admin("us-east-1", OTHER),
      admin("eu-west-1", ADMIN),
    ]);
    expectMessages(run, [secondAdmin("admin-us-east-1", OTHER, ADMIN)]);
  });

  it("does not count account ids not known yet (preview)", async () => {
    expectNoViolations(
      await checkStack(delegatedAdminEnforceSingleAccount, [
        admin("us-east-1", UNKNOWN_SENTINEL),
        admin("eu-west-1", UNKNOWN_SENTINEL),
        admin("us-west-2", ADMIN),
      ]),
    );
  });
});

describe("inspector-enabler-disallow-mixed-admin: two account ids", () => {
  it("reports the delegated administrator with a single member", async () => {
    const run = await checkStack(enablerDisallowMixedAdmin, [
      admin("us-east-1", ADMIN),
      {
        cls: aws.inspector2.Enabler,
        name: "mixed",
        props: { ...compliantEnabler(), accountIds: [ADMIN, MEMBERS[0]] },
      },
    ]);
    expectMessages(run, [
      `Enabler 'mixed' enables the delegated administrator ${ADMIN} together with 1 other account(s); put the delegated administrator in its own Enabler.`,
    ]);
  });
});

describe("inspector-enabler-disallow-unsupported-resource-type: a region the map does not list", () => {
  it("does not restrict a region absent from the configured capability map", async () => {
    expectNoViolations(
      await checkResource(
        enablerDisallowUnsupportedResourceType,
        aws.inspector2.Enabler,
        { ...compliantEnabler(), resourceTypes: ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"] },
        { config: { regionCapabilities: { "ca-central-1": ["EC2", "ECR", "LAMBDA"] } } },
      ),
    );
  });
});

describe("inspector-enabler-enforce-account-limit: account ids not known yet", () => {
  it("skips an Enabler whose accountIds is not known yet (preview)", async () => {
    expectNoViolations(
      await checkResource(enablerEnforceAccountLimit, aws.inspector2.Enabler, {
        ...compliantEnabler(),
        accountIds: undefined,
      }),
    );
  });
});

describe("inspector-enabler-missing-resource-type: the provider's region", () => {
  it("names the provider's region for an Enabler without a region input", async () => {
    const props = { ...compliantEnabler(), region: undefined, resourceTypes: ["EC2", "LAMBDA"] };
    expectMessages(
      await checkResource(enablerMissingResourceType, aws.inspector2.Enabler, props, { name: "e" }),
      [
        "Enabler 'e' omits ECR scanning in the provider's region; add \"ECR\" to resourceTypes (policy config requiredResourceTypes).",
      ],
    );
  });
});

describe("inspector-member-association-missing-account: modes, unknowns and the provider's region", () => {
  /** An Enabler of the members without a region input (the provider's region). */
  const providerRegionEnabler: StackFixtureResource = {
    cls: aws.inspector2.Enabler,
    name: "members",
    props: { ...compliantEnabler(), region: undefined },
  };
  const notAssociated = (id: string, where: string): string =>
    `Account ${id} is enabled by Enabler 'members' in ${where} but is not associated there; add it to the accountIds of the region's member associations (or an aws.inspector2.MemberAssociation in the same region).`;

  it("does not apply in organization-policy mode, even with Enablers", async () => {
    expectNotApplicable(
      await checkStack(memberAssociationMissingAccount, [
        admin("us-east-1", ADMIN),
        {
          cls: aws.organizations.Policy,
          name: "inspector-policy",
          props: { type: "INSPECTOR_POLICY", content: '{"inspector":{}}' },
        },
        providerRegionEnabler,
      ]),
      "Enablement is declared by an Organizations INSPECTOR_POLICY.",
    );
  });

  it("does not apply to a stack without Enablers", async () => {
    expectNotApplicable(
      await checkStack(memberAssociationMissingAccount, [admin("us-east-1", ADMIN)]),
      "The stack registers no Inspector Enabler.",
    );
  });

  it("names the provider's region for an Enabler without a region input", async () => {
    expectMessages(await checkStack(memberAssociationMissingAccount, [providerRegionEnabler]), [
      notAssociated(MEMBERS[0], "the provider's region"),
      notAssociated(MEMBERS[1], "the provider's region"),
    ]);
  });

  it("pairs an Enabler and per-member associations that both use the provider's region", async () => {
    expectNoViolations(
      await checkStack(memberAssociationMissingAccount, [
        providerRegionEnabler,
        ...MEMBERS.map((accountId) => ({
          cls: aws.inspector2.MemberAssociation,
          name: `member-${accountId}`,
          props: { accountId },
        })),
      ]),
    );
  });

  it("pairs an Enabler and the member associations set that both use the provider's region", async () => {
    expectNoViolations(
      await checkStack(memberAssociationMissingAccount, [
        providerRegionEnabler,
        { cls: MemberAssociations, name: "associations", props: { accountIds: [...MEMBERS] } },
      ]),
    );
  });

  it("skips an Enabler whose accountIds is not known yet (preview)", async () => {
    expectNoViolations(
      await checkStack(memberAssociationMissingAccount, [
        { ...providerRegionEnabler, props: { ...compliantEnabler(), accountIds: undefined } },
      ]),
    );
  });
});

describe("inspector-organization-configuration-disallow-policy-conflict: the flags named", () => {
  const orgPolicyStack = (autoEnable: Record<string, boolean>): StackFixtureResource[] => [
    {
      cls: aws.organizations.Policy,
      name: "inspector-policy",
      props: { type: "INSPECTOR_POLICY", content: '{"inspector":{}}' },
    },
    {
      cls: aws.inspector2.OrganizationConfiguration,
      name: "oc",
      props: { autoEnable, region: "us-east-1" },
    },
  ];

  it("passes an OrganizationConfiguration whose every autoEnable flag is false", async () => {
    expectNoViolations(
      await checkStack(
        organizationConfigurationDisallowPolicyConflict,
        orgPolicyStack({ ec2: false, ecr: false, lambda: false, lambdaCode: false }),
      ),
    );
  });

  it("lists every flag turned on, comma-separated in scan-type order", async () => {
    expectMessages(
      await checkStack(
        organizationConfigurationDisallowPolicyConflict,
        orgPolicyStack({ lambdaCode: true, ecr: false, ec2: true }),
      ),
      [
        "OrganizationConfiguration 'oc' auto-enables ec2, lambdaCode while an Organizations INSPECTOR_POLICY manages enablement; set those autoEnable flags to false or remove the resource.",
      ],
    );
  });
});

describe("inspector-organization-configuration-missing-auto-enable: absent flags and the provider's region", () => {
  it("reports a required flag that is absent, not only one set to false", async () => {
    expectMessages(
      await checkResource(
        organizationConfigurationMissingAutoEnable,
        aws.inspector2.OrganizationConfiguration,
        { autoEnable: { ec2: true, ecr: true, lambda: true }, region: "us-east-1" },
        { name: "oc" },
      ),
      [
        "OrganizationConfiguration 'oc' does not auto-enable LAMBDA_CODE scanning for new accounts in us-east-1; set autoEnable.lambdaCode to true.",
      ],
    );
  });

  it("names the provider's region for a configuration without a region input", async () => {
    expectMessages(
      await checkResource(
        organizationConfigurationMissingAutoEnable,
        aws.inspector2.OrganizationConfiguration,
        { autoEnable: { ec2: true, ecr: false, lambda: true } },
        { name: "oc" },
      ),
      [
        "OrganizationConfiguration 'oc' does not auto-enable ECR scanning for new accounts in the provider's region; set autoEnable.ecr to true.",
      ],
    );
  });
});

describe("inspector-organizations-policy-missing-attachment: applicability and pairing by id", () => {
  it("does not apply to a delegated-admin stack", async () => {
    expectNotApplicable(
      await checkStack(organizationsPolicyMissingAttachment, compliantRollout()),
      "The stack has no Organizations INSPECTOR_POLICY.",
    );
  });

  it("pairs an attachment whose policyId is the policy's id, without a dependency", async () => {
    expectNoViolations(
      await checkStack(organizationsPolicyMissingAttachment, [
        {
          cls: aws.organizations.Policy,
          name: "inspector-policy",
          props: { id: "p-0123456789", type: "INSPECTOR_POLICY", content: '{"inspector":{}}' },
        },
        {
          cls: aws.organizations.PolicyAttachment,
          name: "inspector-policy-root",
          props: { policyId: "p-0123456789", targetId: "r-abcd" },
        },
      ]),
    );
  });
});

describe("inspector-enablement-enforce-retain-on-delete: which resources requireProtect covers", () => {
  const cases: {
    cls: Parameters<typeof checkResource>[1];
    props: Record<string, unknown>;
    label: string;
    protectRequired: boolean;
  }[] = [
    {
      cls: aws.inspector2.DelegatedAdminAccount,
      props: { accountId: ADMIN },
      label: "DelegatedAdminAccount",
      protectRequired: true,
    },
    {
      cls: aws.inspector2.OrganizationConfiguration,
      props: compliantOrgConfig(),
      label: "OrganizationConfiguration",
      protectRequired: true,
    },
    {
      cls: aws.inspector2.Enabler,
      props: compliantEnabler(),
      label: "Enabler",
      protectRequired: false,
    },
    {
      cls: aws.inspector2.MemberAssociation,
      props: { accountId: MEMBERS[0] },
      label: "MemberAssociation",
      protectRequired: false,
    },
    {
      cls: MemberAssociations,
      props: { accountIds: [...MEMBERS], region: "us-east-1" },
      label: "MemberAssociations",
      protectRequired: false,
    },
    {
      cls: aws.organizations.Policy,
      props: { type: "INSPECTOR_POLICY", content: "{}" },
      label: "Organizations INSPECTOR_POLICY",
      protectRequired: false,
    },
  ];
  for (const c of cases) {
    it(`${c.protectRequired ? "requires" : "does not require"} protect on a ${c.label} (requireProtect on)`, async () => {
      expectMessages(
        await checkResource(enablementEnforceRetainOnDelete, c.cls, c.props, {
          name: "r",
          opts: { retainOnDelete: true, protect: false },
          config: { requireProtect: true },
        }),
        c.protectRequired
          ? [
              `${c.label} 'r' is not protected; set the resource option protect: true (policy config requireProtect).`,
            ]
          : [],
      );
    });

    it(`passes a protected, retained ${c.label} (requireProtect on)`, async () => {
      expectNoViolations(
        await checkResource(enablementEnforceRetainOnDelete, c.cls, c.props, {
          opts: { retainOnDelete: true, protect: true },
          config: { requireProtect: true },
        }),
      );
    });
  }
});
