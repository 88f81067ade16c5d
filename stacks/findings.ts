/**
 * The findings flow in the delegated administrator (../shared/DESIGN.md, "Findings flow"):
 * notifications, export and reports in the home Region, EventBridge routing in every governed
 * Region, Security Hub for the organization.
 */
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { FindingsEventRouting } from "../components/findingsEventRouting";
import { exportBucketName, FindingsExport } from "../components/findingsExport";
import { FindingsNotifications } from "../components/findingsNotifications";
import { FindingsReports } from "../components/findingsReports";
import { FindingsTriage } from "../components/findingsTriage";
import { SecurityHubOrganization } from "../components/securityHubOrganization";
import type { FindingsKpis } from "../components/findingsKpis";
import { kpiDashboardUrl } from "../lib/kpis/dashboard";
import { RULE_NAMES, ruleArn } from "../lib/eventPatterns";
import { REPORT_RECORDS_PREFIX } from "../lib/findingsPolicies";
import type { InspectorConfig } from "./config";
import { isPatchComplianceOn } from "./configKpis";
import { deployKpis, type KpiAuditTable } from "./kpis";

/** The name every findings notification component starts with; topics are `<name>-<route>`. */
export const NOTIFICATIONS_NAME = "inspector-notify";

/** What a SIEM (and a person) needs to find the exported findings. */
export interface FindingsOutputs {
  readonly exportBucket: string;
  readonly exportRegion: string;
  /** Continuous export: JSON Lines, GZIP, `type=<finding|scan|coverage>/dt=<yyyy-mm-dd>/`. */
  readonly findingsPrefix: string;
  readonly findingsErrorPrefix: string;
  readonly findingsReportsPrefix: string;
  readonly sbomExportsPrefix: string;
  readonly reportRecordsPrefix: string;
  /** The SQS queue announcing new objects, when findingsExportObjectNotifications is on. */
  readonly objectNotificationQueueUrl: string | undefined;
  readonly findingsTopicArn: string;
  readonly operationsTopicArn: string;
  /** Rule names per Region. */
  readonly rules: Record<string, string[]>;
  /** The KPI dashboard's console URL, when kpiEnabled. */
  readonly kpiDashboardUrl: string | undefined;
}

/** The findings flow's components. */
export interface FindingsDeployment {
  readonly notifications: Readonly<Record<string, FindingsNotifications>>;
  readonly routing: Readonly<Record<string, FindingsEventRouting>>;
  readonly export: FindingsExport;
  readonly triage: FindingsTriage;
  readonly reports: FindingsReports;
  readonly securityHub: SecurityHubOrganization | undefined;
  /** The SOC KPIs (issue 8), when kpiEnabled. */
  readonly kpis: FindingsKpis | undefined;
}

/** The stack outputs of the findings flow: plain values, known before anything exists. */
export function buildFindingsOutputs(cfg: InspectorConfig): FindingsOutputs {
  const { homeRegion: region, delegatedAdminAccountId: account } = cfg;
  const topic = (route: string) =>
    `arn:aws:sns:${region}:${account}:${NOTIFICATIONS_NAME}-${route}`;
  return {
    exportBucket: exportBucketName(account, region),
    exportRegion: region,
    findingsPrefix: "findings/",
    findingsErrorPrefix: "findings-errors/",
    findingsReportsPrefix: "reports/findings/",
    sbomExportsPrefix: "reports/sbom/",
    reportRecordsPrefix: REPORT_RECORDS_PREFIX,
    objectNotificationQueueUrl: cfg.findingsExportObjectNotifications
      ? `https://sqs.${region}.amazonaws.com/${account}/inspector-export-objects`
      : undefined,
    findingsTopicArn: topic("findings"),
    operationsTopicArn: topic("operations"),
    rules: Object.fromEntries(
      cfg.regions.map((r) => [
        r,
        r === region
          ? [RULE_NAMES.triage, RULE_NAMES.export, RULE_NAMES.operations]
          : [RULE_NAMES.forward],
      ]),
    ),
    kpiDashboardUrl: cfg.kpiEnabled ? kpiDashboardUrl(region) : undefined,
  };
}

/**
 * The notification topics of every governed Region (findings and operations in the home Region,
 * operations elsewhere), with the delegated administrator's provider. Created before the rest of
 * the findings flow so that remediation publishes to the same findings topic.
 */
export function deployFindingsNotifications(
  cfg: InspectorConfig,
  provider: aws.Provider,
): Readonly<Record<string, FindingsNotifications>> {
  const home = cfg.homeRegion;
  const accountId = cfg.delegatedAdminAccountId;
  const operations = {
    emails: cfg.findingsOperationsEmails,
    httpsEndpoints: cfg.findingsOperationsHttpsEndpoints,
  };
  const notifications: Record<string, FindingsNotifications> = {};
  for (const region of cfg.regions) {
    const isHome = region === home;
    notifications[region] = new FindingsNotifications(
      isHome ? NOTIFICATIONS_NAME : `${NOTIFICATIONS_NAME}-${region}`,
      {
        region,
        accountId,
        topics: isHome
          ? {
              findings: {
                emails: cfg.findingsNotificationEmails,
                httpsEndpoints: cfg.findingsNotificationHttpsEndpoints,
              },
              operations,
            }
          : { operations },
        publishingRuleArns: isHome
          ? { operations: [ruleArn(region, accountId, RULE_NAMES.operations)] }
          : {},
        slack:
          isHome &&
          cfg.findingsSlackTeamId !== undefined &&
          cfg.findingsSlackChannelId !== undefined
            ? {
                teamId: cfg.findingsSlackTeamId,
                channelId: cfg.findingsSlackChannelId,
                topic: "findings",
              }
            : undefined,
      },
      { provider },
    );
  }
  return Object.freeze(notifications);
}

/** What the rest of the program passes to {@link deployFindings}. */
export interface FindingsWiring {
  /** The topics from {@link deployFindingsNotifications}. Defaults to topics created here. */
  readonly notifications?: Readonly<Record<string, FindingsNotifications>>;
  /** The remediation triage queue: a second target of the triage rule. Defaults to none. */
  readonly remediationQueueArn?: pulumi.Input<string>;
  /** The remediation audit table, when remediation is on: the KPI function reads its actions. */
  readonly auditTable?: KpiAuditTable;
  /**
   * The organization id: with the patch compliance KPI on, the export bucket admits the members'
   * SSM resource data syncs of this organization. Required then.
   */
  readonly organizationId?: string;
  /**
   * Where Security Hub's configuration policy applies (the rollout plan's policy targets: the
   * root, or the OUs in scope) and the excluded accounts under them. Required when
   * findingsSecurityHub is on.
   */
  readonly securityHubScope?: SecurityHubScope;
  /** The plan's estimate of what ListUsageTotals measures, drawn on the KPI dashboard. */
  readonly plannedMonthlyCost?: number;
}

/** Where Security Hub's central configuration policy applies. */
export interface SecurityHubScope {
  /** The organization root, or the OUs of `organizationalUnitIds`. */
  readonly policyTargetIds: readonly string[];
  /** Accounts under those targets that `excludedAccountIds` leaves out. */
  readonly selfManagedAccountIds: readonly string[];
}

/**
 * Deploys the findings flow with the delegated administrator's provider; the management
 * account's provider designates the Security Hub administrator.
 */
export function deployFindings(
  cfg: InspectorConfig,
  providers: { readonly delegatedAdmin: aws.Provider; readonly management: aws.Provider },
  dependsOn: pulumi.Resource[],
  wiring: FindingsWiring = {},
): FindingsDeployment {
  const provider = providers.delegatedAdmin;
  const home = cfg.homeRegion;
  const accountId = cfg.delegatedAdminAccountId;
  const remediationQueueArn = wiring.remediationQueueArn;
  const notifications = wiring.notifications ?? deployFindingsNotifications(cfg, provider);
  const homeNotify = notifications[home];
  const alarmTopicArn = homeNotify.topics.operations.arn;
  const logKeyArn = homeNotify.key.arn;
  const isPatchCompliance = isPatchComplianceOn(cfg);
  if (isPatchCompliance && wiring.organizationId === undefined) {
    throw new Error(
      "deployFindings: the patch compliance KPI is on but no organizationId was passed; the export bucket could not admit the members' resource data syncs",
    );
  }
  const exported = new FindingsExport(
    "inspector-export",
    {
      region: home,
      accountId,
      transitionDays: cfg.findingsExportTransitionDays,
      transitionStorageClass: cfg.findingsExportStorageClass,
      expirationDays: cfg.findingsExportExpirationDays,
      objectLockDays: cfg.findingsExportObjectLockDays,
      objectNotifications: cfg.findingsExportObjectNotifications,
      logKeyArn,
      logRetentionDays: cfg.findingsLogRetentionDays,
      alarmTopicArn,
      ssmSyncOrganizationId: isPatchCompliance ? wiring.organizationId : undefined,
    },
    { provider },
  );
  const triage = new FindingsTriage(
    "inspector-triage",
    {
      region: home,
      accountId,
      findingsTopicArn: homeNotify.topics.findings.arn,
      keyArn: homeNotify.key.arn,
      alarmTopicArn,
      logRetentionDays: cfg.findingsLogRetentionDays,
      notificationGroupWindowMinutes: cfg.findingsNotificationGroupWindowMinutes,
    },
    { provider },
  );
  const reports = new FindingsReports(
    "inspector-reports",
    {
      region: home,
      accountId,
      bucketName: exported.bucket.bucket,
      bucketArn: exported.bucket.arn,
      exportKeyArn: exported.key.arn,
      logKeyArn,
      alarmTopicArn,
      reportFormat: cfg.findingsReportFormat,
      sbomFormat: cfg.findingsSbomFormat,
      scheduleExpression: cfg.findingsReportSchedule,
      logRetentionDays: cfg.findingsLogRetentionDays,
    },
    { provider, dependsOn },
  );
  const kpis = cfg.kpiEnabled
    ? deployKpis(cfg, provider, {
        bucketName: exported.bucket.bucket,
        bucketArn: exported.bucket.arn,
        exportKeyArn: exported.key.arn,
        logKeyArn,
        findingsTopicArn: homeNotify.topics.findings.arn,
        operationsTopicArn: alarmTopicArn,
        auditTable: wiring.auditTable,
        plannedMonthlyCost: wiring.plannedMonthlyCost,
      })
    : undefined;
  const routing: Record<string, FindingsEventRouting> = {};
  for (const region of cfg.regions) {
    routing[region] = new FindingsEventRouting(
      `inspector-routing-${region}`,
      {
        region,
        homeRegion: home,
        accountId,
        triageSeverities: cfg.findingsTriageSeverities,
        alarmTopicArn: notifications[region].topics.operations.arn,
        targets:
          region === home
            ? {
                triageQueueArn: triage.queue.arn,
                triageQueueUrl: triage.queue.url,
                exportStreamArn: exported.stream.arn,
                operationsTopicArn: homeNotify.topics.operations.arn,
                remediationQueueArn,
              }
            : undefined,
      },
      { provider },
    );
  }
  const securityHubScope = wiring.securityHubScope;
  if (cfg.findingsSecurityHub && securityHubScope === undefined) {
    throw new Error(
      "deployFindings: findingsSecurityHub is on but no securityHubScope was passed; the configuration policy would have no target",
    );
  }
  const securityHub =
    securityHubScope === undefined || !cfg.findingsSecurityHub
      ? undefined
      : new SecurityHubOrganization(
          "inspector-securityhub",
          {
            adminAccountId: accountId,
            regions: cfg.regions,
            homeRegion: home,
            managementProvider: providers.management,
            policyTargetIds: securityHubScope.policyTargetIds,
            selfManagedAccountIds: securityHubScope.selfManagedAccountIds,
            protect: cfg.protectOrgResources,
          },
          { provider, dependsOn },
        );
  return {
    notifications,
    routing: Object.freeze(routing),
    export: exported,
    triage,
    reports,
    securityHub,
    kpis,
  };
}
