import { GateAwsError, GateUsageError } from "./errors";
import {
  SEVERITIES,
  toSeverity,
  type GateFinding,
  type Severity,
  type SeverityCounts,
} from "./findings";
import { quote } from "./inputText";
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

/** How to get an SBOM ScanSbom accepts: said with every "wrong format" error. */
export const SBOM_FIX =
  "generate CycloneDX 1.5 JSON, e.g. inspector-sbomgen container --image IMAGE --outfile sbom.json, or syft IMAGE -o cyclonedx-json@1.5=sbom.json";

/** Most component problems listed one per line; the rest are counted. */
export const MAX_LISTED_PROBLEMS = 20;

const DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/** Whether text is an RFC 3339 date-time with a zone on a real calendar day (CycloneDX `date-time`). */
function isDateTime(text: string): boolean {
  const m = DATE_TIME.exec(text);
  return m !== null && new Date(`${m[1]}T00:00:00Z`).toISOString().slice(0, 10) === m[1];
}

/** The format of a text that is not CycloneDX JSON, when it is a known one; undefined otherwise. */
function foreignFormat(text: string): string | undefined {
  const head = text.trimStart().slice(0, 400);
  if (/^SPDXVersion:/m.test(head)) {
    return "an SPDX tag-value document";
  }
  if (head.startsWith("<")) {
    return /spdx/i.test(head) ? "an SPDX RDF/XML document" : "XML (CycloneDX XML?)";
  }
  return undefined;
}

/**
 * Reads and checks a CycloneDX 1.5 JSON SBOM before it is sent: ScanSbom accepts only CycloneDX
 * 1.5 (inspector-facts §3), and a local check gives the path and line of the problem instead of
 * the service's bare ValidationException. SPDX and XML are named as such, with how to get
 * CycloneDX 1.5 JSON. Every bad component is reported (one line each, the first
 * {@link MAX_LISTED_PROBLEMS}, and a count of all): none is dropped and sent silently, and none
 * hides the others. Throws {@link GateUsageError} ("SBOM FILE:LINE: $.path ...").
 */
export function readCycloneDxSbom(file: string, text: string): JsonObject {
  const foreign = foreignFormat(text);
  if (foreign) {
    throw new GateUsageError(
      `SBOM ${file}: is ${foreign}; ScanSbom accepts CycloneDX 1.5 JSON only: ${SBOM_FIX}`,
    );
  }
  let parsed: { value: unknown; lines: Map<string, number> };
  try {
    parsed = parseJsonLocated(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) {
      throw new GateUsageError(
        e.reason.startsWith("nested deeper")
          ? `SBOM ${file}:${e.line}: ${e.reason} (column ${e.column}); a CycloneDX SBOM is a few levels deep`
          : `SBOM ${file}:${e.line}: not valid JSON (column ${e.column}: ${e.reason})`,
      );
    }
    throw e;
  }
  const { value, lines } = parsed;
  const where = (path: string, at = path): string => `SBOM ${file}:${lines.get(at) ?? 1}: ${path}`;
  const fail = (path: string, problem: string, at = path): never => {
    throw new GateUsageError(`${where(path, at)} ${problem}`);
  };
  if (!isObject(value)) {
    return fail("$", "must be a JSON object (a CycloneDX BOM)");
  }
  if (value.spdxVersion !== undefined || value.SPDXID !== undefined) {
    fail(
      "$",
      `is an SPDX document (spdxVersion ${quote(value.spdxVersion)}); ScanSbom accepts CycloneDX 1.5 JSON only: ${SBOM_FIX}`,
    );
  }
  if (!("bomFormat" in value)) {
    fail("$.bomFormat", 'is missing; expected "CycloneDX"', "$");
  }
  if (value.bomFormat !== "CycloneDX") {
    fail("$.bomFormat", `is ${quote(value.bomFormat)}; expected "CycloneDX"`);
  }
  if (!("specVersion" in value)) {
    fail("$.specVersion", 'is missing; ScanSbom accepts CycloneDX "1.5" only', "$");
  }
  if (value.specVersion !== "1.5") {
    fail(
      "$.specVersion",
      `is ${quote(value.specVersion)}; ScanSbom accepts CycloneDX "1.5" only: ${SBOM_FIX}`,
    );
  }
  // CycloneDX 1.5 JSON schema: `version` is an integer, minimum 1; `metadata.timestamp` a date-time.
  if (
    value.version !== undefined &&
    !(Number.isSafeInteger(value.version) && (value.version as number) >= 1)
  ) {
    fail(
      "$.version",
      `is ${quote(value.version)}; expected a whole number from 1 (the BOM version)`,
    );
  }
  const timestamp = isObject(value.metadata) ? value.metadata.timestamp : undefined;
  if (timestamp !== undefined && (typeof timestamp !== "string" || !isDateTime(timestamp))) {
    fail(
      "$.metadata.timestamp",
      `is ${quote(timestamp)}; expected a date-time with a zone, e.g. 2026-11-28T09:00:00Z`,
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
  const problems: string[] = [];
  let total = 0;
  const checkComponents = (components: unknown[], path: string): void => {
    components.forEach((c, index) => {
      total += 1;
      const at = childPath(path, index);
      if (!isObject(c)) {
        problems.push(`${where(at)} must be an object, is ${quote(c)}`);
        return;
      }
      if (typeof c.name !== "string" || c.name.trim() === "") {
        problems.push(
          `${where(`${at}.name`, c.name === undefined ? at : `${at}.name`)} must be a non-empty string${c.name === undefined ? " (is missing)" : `, is ${quote(c.name)}`}`,
        );
      }
      if (typeof c.type !== "string" || !CYCLONEDX_15_COMPONENT_TYPES.includes(c.type)) {
        problems.push(
          `${where(`${at}.type`, c.type === undefined ? at : `${at}.type`)} is ${c.type === undefined ? "missing" : quote(c.type)}; expected one of ${CYCLONEDX_15_COMPONENT_TYPES.join(", ")}`,
        );
      }
      if (c.components !== undefined) {
        if (!Array.isArray(c.components)) {
          problems.push(`${where(`${at}.components`)} must be an array`);
        } else {
          checkComponents(c.components as unknown[], `${at}.components`);
        }
      }
    });
  };
  checkComponents(value.components as unknown[], "$.components");
  if (problems.length === 1) {
    throw new GateUsageError(problems[0]);
  }
  if (problems.length > 1) {
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS);
    const more = problems.length - listed.length;
    throw new GateUsageError(
      `SBOM ${file}: ${problems.length} problem(s) in its ${total} component(s); nothing was sent to ScanSbom: fix every component listed`,
      more > 0 ? [...listed, `... and ${more} more problem(s) not listed`] : listed,
    );
  }
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

/** Percent-decoding that leaves a malformed sequence (`100%`) as it is instead of throwing. */
function decodeLoose(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function packageLabel(c: JsonObject): string {
  if (typeof c.name === "string") {
    return typeof c.version === "string" ? `${c.name}@${decodeLoose(c.version)}` : c.name;
  }
  return typeof c.purl === "string" ? decodeLoose(c.purl) : "unknown";
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
  if (sbom.vulnerabilities !== undefined && !Array.isArray(sbom.vulnerabilities)) {
    throw new GateAwsError("ScanSbom response: $.sbom.vulnerabilities is not an array");
  }
  const vulnerabilities = (sbom.vulnerabilities ?? []) as unknown[];
  // A vulnerability the gate cannot read is never skipped: the response is refused, counted and located.
  const unreadable = vulnerabilities
    .map((v, index) => (isObject(v) && typeof v.id === "string" && v.id !== "" ? -1 : index))
    .filter((index) => index >= 0);
  if (unreadable.length > 0) {
    const shown = unreadable.slice(0, 5).map((i) => `$.sbom.vulnerabilities[${i}]`);
    throw new GateAwsError(
      `ScanSbom response: ${unreadable.length} of ${vulnerabilities.length} vulnerabilities have no id (${shown.join(", ")}${unreadable.length > 5 ? ", ..." : ""}); the gate does not judge a result it cannot read in full`,
    );
  }
  for (const entry of vulnerabilities) {
    const v = entry as JsonObject & { id: string };
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
      // CVSS base scores run 0.0 to 10.0; anything else is not shown.
      score:
        rating &&
        typeof rating.score === "number" &&
        rating.score >= 0 &&
        rating.score <= 10 &&
        rating.method?.startsWith("CVSS")
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
      const text = property(metadata, COUNT_PROPERTY(s)) ?? "0";
      if (!/^\d{1,9}$/.test(text)) {
        throw new GateAwsError(
          `ScanSbom response: metadata property ${COUNT_PROPERTY(s)} is ${quote(text)}; expected a count`,
        );
      }
      counts[s] = Number(text);
    }
    scannerCounts = counts;
  }
  return { findings, scannerCounts };
}
