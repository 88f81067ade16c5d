/**
 * `npx tsx scripts/extractApiLimits.ts [BOTOCORE_DATA_DIR]`: writes test/fixtures/aws-api-limits.json,
 * the documented parameter limits (required members, lengths, patterns, enums, list and map
 * sizes, ranges) of every AWS API operation the functions, the dynamic providers and the runbook
 * steps call, for the constraint checker of the tests (test/helpers/apiLimits.ts) and the local
 * AWS endpoint of the deployed-functions layer (test/deployed/).
 *
 * Source: botocore's service models (`botocore/data/<service>/<version>/service-2.json`, Debian
 * `python3-botocore` 1.29.27, early 2023; `apt-get install -y python3-botocore`). Operations,
 * members and enum values AWS added after that are written here by hand ({@link OVERRIDES}),
 * each citing the API reference page it was copied from. The tests read the JSON only, so they do
 * not depend on the Debian package.
 */
import * as fs from "fs";
import * as path from "path";

/** Where Debian installs botocore's data. */
export const DEFAULT_BOTOCORE_DATA = "/usr/lib/python3/dist-packages/botocore/data";

/** The operations to extract, per botocore service directory. */
export const OPERATIONS: Readonly<Record<string, readonly string[]>> = {
  ssm: ["StartAutomationExecution", "ListCommandInvocations", "ListCommands"],
  sts: ["AssumeRole"],
  sns: ["Publish"],
  sqs: ["SendMessage"],
  ecr: ["ListTagsForResource", "GetLifecyclePolicy", "PutLifecyclePolicy"],
  secretsmanager: ["GetSecretValue"],
  organizations: ["ListRoots", "EnablePolicyType", "DisablePolicyType"],
  inspector2: [
    "ListFindings",
    "ListCoverage",
    "ListCoverageStatistics",
    "ListFindingAggregations",
    "CreateFindingsReport",
    "GetFindingsReportStatus",
    "GetConfiguration",
    "UpdateConfiguration",
    "ListMembers",
    "ListUsageTotals",
  ],
};

/** A shape as the checker reads it: botocore's, without documentation. */
export interface ShapeLimits {
  readonly type: string;
  readonly required?: readonly string[];
  readonly members?: Readonly<
    Record<string, { shape: string; location?: string; locationName?: string }>
  >;
  readonly member?: { shape: string; locationName?: string };
  readonly key?: { shape: string; locationName?: string };
  readonly value?: { shape: string; locationName?: string };
  readonly flattened?: boolean;
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly enum?: readonly string[];
}

/** One operation: how it is called and its input shape. */
export interface OperationLimits {
  readonly http: { readonly method: string; readonly requestUri: string };
  readonly input?: string;
  /** Where the entry comes from when it is not botocore's model. */
  readonly source?: string;
}

/** One service's slice of the model. */
export interface ServiceLimits {
  readonly apiVersion: string;
  readonly protocol: string;
  readonly signingName: string;
  readonly targetPrefix?: string;
  readonly xmlNamespace?: string;
  readonly source: string;
  readonly operations: Readonly<Record<string, OperationLimits>>;
  readonly shapes: Readonly<Record<string, ShapeLimits>>;
}

interface Override {
  readonly source: string;
  readonly operations?: Record<string, OperationLimits>;
  readonly shapes?: Record<string, ShapeLimits>;
}

const INSPECTOR_API = "https://docs.aws.amazon.com/inspector/v2/APIReference";

/** Newer than the early-2023 model: copied from the API reference pages named. */
export const OVERRIDES: Readonly<Record<string, readonly Override[]>> = {
  inspector2: [
    {
      source: `${INSPECTOR_API}/API_CreateSbomExport.html`,
      operations: {
        CreateSbomExport: {
          http: { method: "POST", requestUri: "/sbomexport/create" },
          input: "CreateSbomExportRequest",
        },
      },
      shapes: {
        CreateSbomExportRequest: {
          type: "structure",
          required: ["reportFormat", "s3Destination"],
          members: {
            reportFormat: { shape: "SbomReportFormat" },
            resourceFilterCriteria: { shape: "ResourceFilterCriteria" },
            s3Destination: { shape: "Destination" },
          },
        },
        SbomReportFormat: { type: "string", enum: ["CYCLONEDX_1_4", "SPDX_2_3"] },
        // Only its presence is checked: the functions send no resource filter.
        ResourceFilterCriteria: { type: "structure", members: {} },
      },
    },
    {
      source: `${INSPECTOR_API}/API_GetSbomExport.html`,
      operations: {
        GetSbomExport: {
          http: { method: "POST", requestUri: "/sbomexport/get" },
          input: "GetSbomExportRequest",
        },
      },
      shapes: {
        GetSbomExportRequest: {
          type: "structure",
          required: ["reportId"],
          members: { reportId: { shape: "ReportId" } },
        },
      },
    },
    {
      source: `${INSPECTOR_API}/API_UpdateConfiguration.html (ec2Configuration, optional ecrConfiguration) and API_EcrConfiguration.html, API_Ec2Configuration.html`,
      shapes: {
        UpdateConfigurationRequest: {
          type: "structure",
          members: {
            ec2Configuration: { shape: "Ec2Configuration" },
            ecrConfiguration: { shape: "EcrConfiguration" },
          },
        },
        Ec2Configuration: {
          type: "structure",
          required: ["scanMode"],
          members: { scanMode: { shape: "Ec2ScanMode" } },
        },
        Ec2ScanMode: { type: "string", enum: ["EC2_SSM_AGENT_BASED", "EC2_HYBRID"] },
        EcrConfiguration: {
          type: "structure",
          required: ["rescanDuration"],
          members: {
            pullDateRescanDuration: { shape: "EcrPullDateRescanDuration" },
            pullDateRescanMode: { shape: "EcrPullDateRescanMode" },
            rescanDuration: { shape: "EcrRescanDuration" },
          },
        },
        EcrRescanDuration: {
          type: "string",
          enum: [
            "LIFETIME",
            "DAYS_30",
            "DAYS_180",
            "DAYS_14",
            "DAYS_60",
            "DAYS_90",
            "DAYS_3",
            "DAYS_7",
          ],
        },
        EcrPullDateRescanDuration: {
          type: "string",
          enum: ["DAYS_14", "DAYS_30", "DAYS_60", "DAYS_90", "DAYS_180", "DAYS_3", "DAYS_7"],
        },
        EcrPullDateRescanMode: { type: "string", enum: ["LAST_PULL_DATE", "LAST_IN_USE_AT"] },
      },
    },
    {
      source: `${INSPECTOR_API}/API_UpdateEc2DeepInspectionConfiguration.html, API_UpdateOrgEc2DeepInspectionConfiguration.html`,
      operations: {
        UpdateEc2DeepInspectionConfiguration: {
          http: { method: "POST", requestUri: "/ec2deepinspectionconfiguration/update" },
          input: "UpdateEc2DeepInspectionConfigurationRequest",
        },
        UpdateOrgEc2DeepInspectionConfiguration: {
          http: { method: "POST", requestUri: "/ec2deepinspectionconfiguration/org/update" },
          input: "UpdateOrgEc2DeepInspectionConfigurationRequest",
        },
      },
      shapes: {
        UpdateEc2DeepInspectionConfigurationRequest: {
          type: "structure",
          members: {
            activateDeepInspection: { shape: "Boolean" },
            packagePaths: { shape: "PathList" },
          },
        },
        UpdateOrgEc2DeepInspectionConfigurationRequest: {
          type: "structure",
          required: ["orgPackagePaths"],
          members: { orgPackagePaths: { shape: "PathList" } },
        },
        PathList: { type: "list", member: { shape: "Path" }, min: 0, max: 5 },
        Path: {
          type: "string",
          min: 1,
          max: 512,
          pattern: "^(?:/(?:\\.[-\\w]+|[-\\w]+(?:\\.[-\\w]+)?))+/?$",
        },
      },
    },
  ],
  organizations: [
    {
      source:
        "https://docs.aws.amazon.com/organizations/latest/APIReference/API_EnablePolicyType.html (PolicyType values, INSPECTOR_POLICY among them)",
      shapes: {
        PolicyType: {
          type: "string",
          enum: [
            "SERVICE_CONTROL_POLICY",
            "RESOURCE_CONTROL_POLICY",
            "DECLARATIVE_POLICY_EC2",
            "BACKUP_POLICY",
            "TAG_POLICY",
            "CHATBOT_POLICY",
            "AISERVICES_OPT_OUT_POLICY",
            "SECURITYHUB_POLICY",
            "INSPECTOR_POLICY",
          ],
        },
      },
    },
  ],
};

interface BotocoreModel {
  metadata: {
    apiVersion: string;
    protocol: string;
    signingName?: string;
    endpointPrefix: string;
    targetPrefix?: string;
    xmlNamespace?: string;
  };
  operations: Record<
    string,
    { http: { method: string; requestUri: string }; input?: { shape: string } }
  >;
  shapes: Record<string, Record<string, unknown>>;
}

const KEPT = [
  "type",
  "required",
  "member",
  "key",
  "value",
  "flattened",
  "min",
  "max",
  "pattern",
  "enum",
];

function trimRef(ref: unknown): { shape: string; location?: string; locationName?: string } {
  const r = ref as { shape: string; location?: string; locationName?: string };
  return {
    shape: r.shape,
    ...(r.location === undefined ? {} : { location: r.location }),
    ...(r.locationName === undefined ? {} : { locationName: r.locationName }),
  };
}

function trimShape(shape: Record<string, unknown>): ShapeLimits {
  const out: Record<string, unknown> = {};
  for (const k of KEPT) {
    if (shape[k] !== undefined) {
      out[k] = k === "member" || k === "key" || k === "value" ? trimRef(shape[k]) : shape[k];
    }
  }
  if (shape.members !== undefined) {
    out.members = Object.fromEntries(
      Object.entries(shape.members as Record<string, unknown>).map(([n, m]) => [n, trimRef(m)]),
    );
  }
  return out as unknown as ShapeLimits;
}

/** Copies the shapes reachable from `root` into `into`. */
function collect(model: BotocoreModel, root: string, into: Record<string, ShapeLimits>): void {
  if (into[root] !== undefined) {
    return;
  }
  const shape = model.shapes[root];
  if (shape === undefined) {
    throw new Error(`shape ${root} is not in the model`);
  }
  const trimmed = trimShape(shape);
  into[root] = trimmed;
  const refs = [
    ...Object.values(trimmed.members ?? {}),
    trimmed.member,
    trimmed.key,
    trimmed.value,
  ].filter((r) => r !== undefined);
  for (const ref of refs) {
    collect(model, ref.shape, into);
  }
}

function modelFile(dataDir: string, service: string): string {
  const dir = path.join(dataDir, service);
  const versions = fs.readdirSync(dir).sort();
  return path.join(dir, versions[versions.length - 1], "service-2.json");
}

/** Builds the limits document from botocore's data directory. */
export function extractApiLimits(dataDir: string): Record<string, unknown> {
  const services: Record<string, ServiceLimits> = {};
  for (const [service, operations] of Object.entries(OPERATIONS)) {
    const file = modelFile(dataDir, service);
    const model = JSON.parse(fs.readFileSync(file, "utf8")) as BotocoreModel;
    const shapes: Record<string, ShapeLimits> = {};
    const ops: Record<string, OperationLimits> = {};
    const overrides = OVERRIDES[service] ?? [];
    const overriddenShapes = Object.assign({}, ...overrides.map((o) => o.shapes ?? {})) as Record<
      string,
      ShapeLimits
    >;
    // Overridden shapes first, so the model's older version of them is not collected.
    Object.assign(shapes, overriddenShapes);
    for (const o of overrides) {
      for (const [name, op] of Object.entries(o.operations ?? {})) {
        ops[name] = { ...op, source: o.source };
      }
    }
    for (const name of operations) {
      const op = model.operations[name];
      if (op === undefined) {
        throw new Error(`${service}: operation ${name} is not in ${file}`);
      }
      ops[name] = {
        http: { method: op.http.method, requestUri: op.http.requestUri },
        ...(op.input === undefined ? {} : { input: op.input.shape }),
      };
    }
    for (const op of Object.values(ops)) {
      if (op.input !== undefined) {
        collect(model, op.input, shapes);
      }
    }
    // Shapes the overrides reference but do not define come from the model.
    for (const s of Object.values(overriddenShapes)) {
      for (const ref of [...Object.values(s.members ?? {}), s.member, s.key, s.value]) {
        if (ref !== undefined) {
          collect(model, ref.shape, shapes);
        }
      }
    }
    const m = model.metadata;
    services[service] = {
      apiVersion: m.apiVersion,
      protocol: m.protocol,
      signingName: m.signingName ?? m.endpointPrefix,
      ...(m.targetPrefix === undefined ? {} : { targetPrefix: m.targetPrefix }),
      ...(m.xmlNamespace === undefined ? {} : { xmlNamespace: m.xmlNamespace }),
      source: [
        `botocore ${path.relative(dataDir, file)}`,
        ...overrides.map((o) => `by hand: ${o.source}`),
      ].join("; "),
      operations: Object.fromEntries(Object.entries(ops).sort(([a], [b]) => a.localeCompare(b))),
      shapes: Object.fromEntries(Object.entries(shapes).sort(([a], [b]) => a.localeCompare(b))),
    };
  }
  return {
    description:
      "AWS API parameter limits of the operations inspector-rollout calls; generated by scripts/extractApiLimits.ts, do not edit",
    source:
      "botocore service models (Debian python3-botocore 1.29.27+repack-1, botocore/data/<service>/<version>/service-2.json), with newer operations and values from the AWS API references named per service",
    services,
  };
}

if (require.main === module) {
  const dataDir = process.argv[2] ?? DEFAULT_BOTOCORE_DATA;
  if (!fs.existsSync(dataDir)) {
    process.stderr.write(
      `extractApiLimits: ${dataDir} does not exist; install botocore's data (apt-get install -y python3-botocore) or pass its data directory\n`,
    );
    process.exit(2);
  }
  const out = path.resolve(__dirname, "../test/fixtures/aws-api-limits.json");
  fs.writeFileSync(out, `${JSON.stringify(extractApiLimits(dataDir), null, 1)}\n`);
  process.stdout.write(`wrote ${path.relative(process.cwd(), out)}\n`);
}
