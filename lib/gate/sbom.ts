import { GateAwsError, GateUsageError } from "./errors";
import {
  SEVERITIES,
  toSeverity,
  type GateFinding,
  type Severity,
  type SeverityCounts,
} from "./findings";
import { childPath, JsonSyntaxError, parseJsonLocated } from "./jsonLocate";

/** CycloneDX 1.5 `component.type` values (CycloneDX 1.5 JSON schema, `component.type` enum). */
export const CYCLONEDX_15_COMPONENT_TYPES: readonly string[] = [
  "application",
  "framework",
  "library",
  "container",
  "platform",
  "operating-system",
  "device",
  "device-driver",
  "firmware",
  "file",
  "machine-learning-model",
  "data",
];

type JsonObject = Record<string, unknown>;

function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Reads and checks a CycloneDX 1.5 JSON SBOM before it is sent: ScanSbom accepts only CycloneDX
 * 1.5 (inspector-facts §3), and a local check gives the path and line of the problem instead of
 * the service's bare ValidationException. Throws {@link GateUsageError} ("SBOM FILE:LINE: $.path ...").
 */
export function readCycloneDxSbom(file: string, text: string): JsonObject {
  let parsed: { value: unknown; lines: Map<string, number> };
  try {
    parsed = parseJsonLocated(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) {
      throw new GateUsageError(
        `SBOM ${file}:${e.line}: not valid JSON (column ${e.column}: ${e.reason})`,
      );
    }
    throw e;
  }
  const { value, lines } = parsed;
  const fail = (path: string, problem: string, at = path): never => {
    throw new GateUsageError(`SBOM ${file}:${lines.get(at) ?? 1}: ${path} ${problem}`);
  };
  if (!isObject(value)) {
    return fail("$", "must be a JSON object (a CycloneDX BOM)");
  }
  if (!("bomFormat" in value)) {
    fail("$.bomFormat", 'is missing; expected "CycloneDX"', "$");
  }
  if (value.bomFormat !== "CycloneDX") {
    fail("$.bomFormat", `is ${JSON.stringify(value.bomFormat)}; expected "CycloneDX"`);
  }
  if (!("specVersion" in value)) {
    fail("$.specVersion", 'is missing; ScanSbom accepts CycloneDX "1.5" only', "$");
  }
  if (value.specVersion !== "1.5") {
    fail(
      "$.specVersion",
      `is ${JSON.stringify(value.specVersion)}; ScanSbom accepts CycloneDX "1.5" only (regenerate the SBOM as CycloneDX 1.5 JSON)`,
    );
  }
  if (!Array.isArray(value.components)) {
    fail(
      "$.components",
      value.components === undefined
        ? "is missing; expected an array of components"
        : "must be an array",
      value.components === undefined ? "$" : "$.components",
    );
  }
  const checkComponents = (components: unknown[], path: string): void => {
    components.forEach((c, index) => {
      const at = childPath(path, index);
      if (!isObject(c)) {
        fail(at, "must be an object");
        return;
      }
      if (typeof c.name !== "string" || c.name === "") {
        fail(`${at}.name`, "must be a non-empty string", c.name === undefined ? at : `${at}.name`);
      }
      if (typeof c.type !== "string" || !CYCLONEDX_15_COMPONENT_TYPES.includes(c.type)) {
        fail(
          `${at}.type`,
          `is ${JSON.stringify(c.type)}; expected one of ${CYCLONEDX_15_COMPONENT_TYPES.join(", ")}`,
          c.type === undefined ? at : `${at}.type`,
        );
      }
      if (c.components !== undefined) {
        if (!Array.isArray(c.components)) {
          fail(`${at}.components`, "must be an array");
        } else {
          checkComponents(c.components as unknown[], `${at}.components`);
        }
      }
    });
  };
  checkComponents(value.components as unknown[], "$.components");
  return value;
}

/** What ScanSbom found: findings and the scanner's own counts. */
export interface SbomScanResult {
  readonly findings: GateFinding[];
  /** `metadata.properties` `amazon:inspector:sbom_scanner:<severity>_vulnerabilities`, if present. */
  readonly scannerCounts?: SeverityCounts;
}

/**
 * Rating sources in the order the Inspector GitHub Action prefers them when a vulnerability has
 * several (`pkg_vuln.py` `get_rating_providers`: NVD first); vendor ratings come after.
 */
export const RATING_SOURCE_PRIORITY: readonly string[] = [
  "NVD",
  "MITRE",
  "GHSA",
  "GITLAB",
  "AMAZON_INSPECTOR",
];

const FIXED_VERSION_PREFIX = "amazon:inspector:sbom_scanner:fixed_version:";
const COUNT_PROPERTY = (s: Severity): string =>
  `amazon:inspector:sbom_scanner:${s}_vulnerabilities`;

interface Rating {
  severity?: string;
  score?: number;
  method?: string;
  source?: { name?: string };
}

function property(obj: JsonObject, name: string): string | undefined {
  const props = Array.isArray(obj.properties) ? (obj.properties as unknown[]) : [];
  for (const p of props) {
    if (isObject(p) && p.name === name && typeof p.value === "string") {
      return p.value;
    }
  }
  return undefined;
}

/** The rating the severity is read from: preferred sources first, EPSS never (its severity is "none"). */
function pickRating(ratings: Rating[]): Rating | undefined {
  const severityRatings = ratings.filter(
    (r) => r.source?.name !== "EPSS" && typeof r.severity === "string",
  );
  for (const source of RATING_SOURCE_PRIORITY) {
    const r = severityRatings.find((x) => x.source?.name === source);
    if (r) {
      return r;
    }
  }
  return severityRatings[0];
}

function flattenComponents(
  components: unknown,
  out = new Map<string, JsonObject>(),
): Map<string, JsonObject> {
  if (Array.isArray(components)) {
    for (const c of components) {
      if (isObject(c)) {
        if (typeof c["bom-ref"] === "string") {
          out.set(c["bom-ref"], c);
        }
        flattenComponents(c.components, out);
      }
    }
  }
  return out;
}

function packageLabel(c: JsonObject): string {
  if (typeof c.name === "string") {
    return typeof c.version === "string" ? `${c.name}@${decodeURIComponent(c.version)}` : c.name;
  }
  return typeof c.purl === "string" ? decodeURIComponent(c.purl) : "unknown";
}

/**
 * Reads the CycloneDX 1.5 document ScanSbom returns (`{ "sbom": { ... } }`, outputFormat
 * CYCLONE_DX_1_5): one finding per `vulnerabilities[]` entry, and the `metadata.properties` counts.
 */
export function parseScanSbomResponse(response: unknown): SbomScanResult {
  const sbom = isObject(response) ? response.sbom : undefined;
  if (!isObject(sbom)) {
    throw new GateAwsError(
      'ScanSbom returned no CycloneDX document (no "sbom" object in the response)',
    );
  }
  const components = flattenComponents(sbom.components);
  const findings: GateFinding[] = [];
  const vulnerabilities = Array.isArray(sbom.vulnerabilities)
    ? (sbom.vulnerabilities as unknown[])
    : [];
  for (const v of vulnerabilities) {
    if (!isObject(v) || typeof v.id !== "string") {
      continue;
    }
    const ratings = Array.isArray(v.ratings) ? (v.ratings as Rating[]) : [];
    const rating = pickRating(ratings);
    const affects = Array.isArray(v.affects) ? (v.affects as unknown[]) : [];
    const packages = affects
      .map((a) => (isObject(a) && typeof a.ref === "string" ? components.get(a.ref) : undefined))
      .filter((c): c is JsonObject => c !== undefined)
      .map(packageLabel);
    const props = Array.isArray(v.properties) ? (v.properties as unknown[]) : [];
    const fixedIn = props
      .filter(
        (p): p is { name: string; value: string } =>
          isObject(p) &&
          typeof p.name === "string" &&
          p.name.startsWith(FIXED_VERSION_PREFIX) &&
          typeof p.value === "string",
      )
      .map((p) => p.value);
    const source =
      isObject(v.source) && typeof v.source.url === "string" ? v.source.url : undefined;
    const uniquePackages = [...new Set(packages)];
    findings.push({
      id: v.id,
      severity: toSeverity(rating?.severity),
      title: uniquePackages.length > 0 ? `${v.id} in ${uniquePackages.join(", ")}` : v.id,
      description: typeof v.description === "string" ? v.description : undefined,
      packages: uniquePackages,
      fixAvailable: fixedIn.length > 0,
      fixedIn: [...new Set(fixedIn)],
      score:
        rating && typeof rating.score === "number" && rating.method?.startsWith("CVSS")
          ? rating.score
          : undefined,
      url: source,
    });
  }
  const metadata = isObject(sbom.metadata) ? sbom.metadata : undefined;
  let scannerCounts: SeverityCounts | undefined;
  if (metadata && Array.isArray(metadata.properties)) {
    const counts = {} as SeverityCounts;
    for (const s of SEVERITIES) {
      const n = Number(property(metadata, COUNT_PROPERTY(s)) ?? "0");
      counts[s] = Number.isFinite(n) ? n : 0;
    }
    scannerCounts = counts;
  }
  return { findings, scannerCounts };
}
