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

  for (const c of BAD_CASES) {
    it(`rejects ${c.name}`, () => {
      expect(problemsOf(c.patch)).to.deep.equal(c.problems);
    });
  }
});
