import { expect } from "chai";
import { validateConfig } from "../../stacks/config";
import { REMEDIATION_DEFAULTS } from "../../stacks/configRemediation";

const BASE: Record<string, string> = {
  managementAccountId: "111111111111",
  delegatedAdminAccountId: "222222222222",
  homeRegion: "us-east-1",
  regions: '["us-east-1"]',
};

function problemsOf(patch: Record<string, string>): string[] {
  const result = validateConfig({ ...BASE, ...patch });
  return "problems" in result ? result.problems : [];
}

const SECRET = "arn:aws:secretsmanager:us-east-1:222222222222:secret:tickets-AbCdEf";

const BAD_CASES: { name: string; patch: Record<string, string>; problems: string[] }[] = [
  {
    name: "an unknown patch mode",
    patch: { remediationPatchMode: "auto" },
    problems: [
      "`remediationPatchMode` (\"auto\") is not a remediation mode for patching; use one of: off, dry-run, enforce; fix it with `pulumi config set 'remediationPatchMode' dry-run`",
    ],
  },
  {
    name: "an unknown containment mode",
    patch: { remediationContainmentMode: "on" },
    problems: [
      "`remediationContainmentMode` (\"on\") is not a remediation mode for containment; use one of: off, dry-run, enforce; fix it with `pulumi config set 'remediationContainmentMode' dry-run`",
    ],
  },
  {
    name: "an unknown block-image mode",
    patch: { remediationBlockImageMode: "Enforce" },
    problems: [
      "`remediationBlockImageMode` (\"Enforce\") is not a remediation mode for blocking images; use one of: off, dry-run, enforce; fix it with `pulumi config set 'remediationBlockImageMode' dry-run`",
    ],
  },
  {
    name: "autoContain that is not a boolean",
    patch: { remediationAutoContain: "yes" },
    problems: [
      "`remediationAutoContain` (\"yes\") must be true or false; fix it with `pulumi config set 'remediationAutoContain' false`",
    ],
  },
  {
    name: "autoContain with containment off",
    patch: { remediationAutoContain: "true", remediationContainmentMode: "off" },
    problems: [
      "`remediationContainmentMode` (\"off\") contradicts remediationAutoContain true; the containment rule would never run; fix it with `pulumi config set 'remediationContainmentMode' dry-run`",
    ],
  },
  {
    name: "an invalid patch tag key",
    patch: { remediationPatchTagKey: "Auto*Patch" },
    problems: [
      "`remediationPatchTagKey` (\"Auto*Patch\") is not a valid tag key (1-128 letters, digits, spaces and _.:/=+-@); fix it with `pulumi config set 'remediationPatchTagKey' InspectorAutoPatch`",
    ],
  },
  {
    name: "the reboot tag equal to the patch tag",
    patch: { remediationRebootTagKey: "InspectorAutoPatch" },
    problems: [
      "`remediationRebootTagKey` (\"InspectorAutoPatch\") equals remediationPatchTagKey; opting in to patching must not also allow reboots; fix it with `pulumi config set 'remediationRebootTagKey' InspectorAutoReboot`",
    ],
  },
  {
    name: "a lock window below 15 minutes",
    patch: { remediationLockWindowMinutes: "5" },
    problems: [
      "`remediationLockWindowMinutes` (5) is below 15 minutes; a patch run needs time to finish; use 15-1440; fix it with `pulumi config set 'remediationLockWindowMinutes' 120`",
    ],
  },
  {
    name: "a lock window above a day",
    patch: { remediationLockWindowMinutes: "2000" },
    problems: [
      "`remediationLockWindowMinutes` (2000) is above 1440 minutes; use 15-1440; fix it with `pulumi config set 'remediationLockWindowMinutes' 120`",
    ],
  },
  {
    name: "an audit retention of a week",
    patch: { remediationAuditRetentionDays: "7" },
    problems: [
      "`remediationAuditRetentionDays` (7) is below 30 days; audits need at least a month of history; use 30-3650; fix it with `pulumi config set 'remediationAuditRetentionDays' 400`",
    ],
  },
  {
    name: "a plain-http webhook",
    patch: {
      remediationTicketWebhookUrl: "http://tickets.example.com/hook",
      remediationTicketSecretArn: SECRET,
    },
    problems: [
      "`remediationTicketWebhookUrl` (\"http://tickets.example.com/hook\") is not an https:// URL; the webhook must use TLS; fix it with `pulumi config set 'remediationTicketWebhookUrl' <https URL>`",
    ],
  },
  {
    name: "a webhook without its secret",
    patch: { remediationTicketWebhookUrl: "https://tickets.example.com/hook" },
    problems: [
      "`remediationTicketSecretArn` is not set but remediationTicketWebhookUrl is; the webhook's token must come from Secrets Manager; fix it with `pulumi config set 'remediationTicketSecretArn' <secret ARN>`",
    ],
  },
  {
    name: "a secret without a webhook",
    patch: { remediationTicketSecretArn: SECRET },
    problems: [
      "`remediationTicketWebhookUrl` is not set but remediationTicketSecretArn is; set the webhook or remove the secret; fix it with `pulumi config set 'remediationTicketWebhookUrl' <https URL>`",
    ],
  },
  {
    name: "a secret that is not a Secrets Manager ARN",
    patch: {
      remediationTicketWebhookUrl: "https://tickets.example.com/hook",
      remediationTicketSecretArn: "tickets",
    },
    problems: [
      "`remediationTicketSecretArn` (\"tickets\") is not a Secrets Manager secret ARN; fix it with `pulumi config set 'remediationTicketSecretArn' <secret ARN>`",
    ],
  },
  {
    name: "a secret ARN with a space before it",
    patch: {
      remediationTicketWebhookUrl: "https://tickets.example.com/hook",
      remediationTicketSecretArn: ` ${SECRET}`,
    },
    problems: [
      `\`remediationTicketSecretArn\` (" ${SECRET}") is not a Secrets Manager secret ARN; fix it with \`pulumi config set 'remediationTicketSecretArn' <secret ARN>\``,
    ],
  },
  {
    name: "a secret ARN with a JSON key after it (a dynamic reference, not an ARN)",
    patch: {
      remediationTicketWebhookUrl: "https://tickets.example.com/hook",
      remediationTicketSecretArn: `${SECRET}:SecretString:token::`,
    },
    problems: [
      `\`remediationTicketSecretArn\` ("${SECRET}:SecretString:token::") is not a Secrets Manager secret ARN; fix it with \`pulumi config set 'remediationTicketSecretArn' <secret ARN>\``,
    ],
  },
  {
    name: "a webhook with a space before it",
    patch: {
      remediationTicketWebhookUrl: " https://tickets.example.com/hook",
      remediationTicketSecretArn: SECRET,
    },
    problems: [
      "`remediationTicketWebhookUrl` (\" https://tickets.example.com/hook\") is not an https:// URL; the webhook must use TLS; fix it with `pulumi config set 'remediationTicketWebhookUrl' <https URL>`",
    ],
  },
  {
    name: "a webhook with a word after it",
    patch: {
      remediationTicketWebhookUrl: "https://tickets.example.com/hook POST",
      remediationTicketSecretArn: SECRET,
    },
    problems: [
      "`remediationTicketWebhookUrl` (\"https://tickets.example.com/hook POST\") is not an https:// URL; the webhook must use TLS; fix it with `pulumi config set 'remediationTicketWebhookUrl' <https URL>`",
    ],
  },
  {
    name: "two invalid tag keys (each once; two unset keys are not equal ones)",
    patch: { remediationPatchTagKey: "Auto*Patch", remediationRebootTagKey: "Auto*Reboot" },
    problems: [
      "`remediationPatchTagKey` (\"Auto*Patch\") is not a valid tag key (1-128 letters, digits, spaces and _.:/=+-@); fix it with `pulumi config set 'remediationPatchTagKey' InspectorAutoPatch`",
      "`remediationRebootTagKey` (\"Auto*Reboot\") is not a valid tag key (1-128 letters, digits, spaces and _.:/=+-@); fix it with `pulumi config set 'remediationRebootTagKey' InspectorAutoReboot`",
    ],
  },
  {
    name: "a lock window one below 15 minutes",
    patch: { remediationLockWindowMinutes: "14" },
    problems: [
      "`remediationLockWindowMinutes` (14) is below 15 minutes; a patch run needs time to finish; use 15-1440; fix it with `pulumi config set 'remediationLockWindowMinutes' 120`",
    ],
  },
  {
    name: "an audit retention one above ten years",
    patch: { remediationAuditRetentionDays: "3651" },
    problems: [
      "`remediationAuditRetentionDays` (3651) is above 3650 days; use 30-3650; fix it with `pulumi config set 'remediationAuditRetentionDays' 400`",
    ],
  },
  {
    name: "keeping zero images",
    patch: { remediationEcrKeepLastImages: "0" },
    problems: [
      "`remediationEcrKeepLastImages` (0) is below 1 images; use 1-1000; fix it with `pulumi config set 'remediationEcrKeepLastImages' 50`",
    ],
  },
];

describe("remediation configuration", () => {
  it("defaults every capability to dry-run, containment never automatic", () => {
    const result = validateConfig(BASE);
    const config = "config" in result ? result.config : undefined;
    expect(
      Object.fromEntries(
        Object.keys(REMEDIATION_DEFAULTS).map((k) => [k, config?.[k as keyof typeof config]]),
      ),
    ).to.deep.equal(REMEDIATION_DEFAULTS);
  });

  it("accepts a complete ticketing and ECR configuration", () => {
    expect(
      problemsOf({
        remediationPatchMode: "enforce",
        remediationContainmentMode: "enforce",
        remediationAutoContain: "true",
        remediationTicketWebhookUrl: "https://tickets.example.com/hook",
        remediationTicketSecretArn: SECRET,
        remediationEcrKeepLastImages: "50",
      }),
    ).to.deep.equal([]);
  });

  it("accepts containment off while automatic containment is off too", () => {
    expect(problemsOf({ remediationContainmentMode: "off" })).to.deep.equal([]);
  });

  it("accepts a webhook without a path, a GovCloud and a China secret ARN, and the bounds", () => {
    const patches: Record<string, string>[] = [
      {
        remediationTicketWebhookUrl: "https://tickets.example.com",
        remediationTicketSecretArn:
          "arn:aws-us-gov:secretsmanager:us-gov-west-1:222222222222:secret:tickets-AbCdEf",
        remediationLockWindowMinutes: "15",
        remediationAuditRetentionDays: "30",
        remediationEcrKeepLastImages: "1",
      },
      {
        remediationTicketWebhookUrl: "https://tickets.example.com/api/v2/hook?queue=sec",
        remediationTicketSecretArn:
          "arn:aws-cn:secretsmanager:cn-north-1:222222222222:secret:prod/tickets+token=1.x@y-AbCdEf",
        remediationLockWindowMinutes: "1440",
        remediationAuditRetentionDays: "3650",
        remediationEcrKeepLastImages: "1000",
      },
    ];
    for (const patch of patches) {
      expect(problemsOf(patch), JSON.stringify(patch)).to.deep.equal([]);
    }
  });

  for (const c of BAD_CASES) {
    it(`rejects ${c.name}`, () => {
      expect(problemsOf(c.patch)).to.deep.equal(c.problems);
    });
  }
});
