/**
 * The `inspector-gate` package as a library: the same run as the command line, with every outside
 * dependency (AWS clients, clock, files, output) injectable, and the pieces it is built from.
 */
export { defaultDeps, main } from "./cli";
export { EXIT, runGate, type GateClients, type GateDeps } from "./run";
export { parseGateArgs, USAGE, type GateOptions } from "./args";
export { evaluate, type Evaluation, type EvaluationInput } from "./evaluate";
export { GateAwsError, GateUsageError, ScanIncompleteError } from "./errors";
export { SEVERITIES, type GateFinding, type Severity, type SeverityCounts } from "./findings";
export { parseIgnoreFile, type IgnoreEntry, type IgnoreList } from "./ignoreFile";
export { InspectorScanClient, type InspectorScanApi } from "./inspectorScanClient";
export { buildSarif } from "./sarif";
export { parseScanSbomResponse, readCycloneDxSbom } from "./sbom";
export { breachedThresholds, type Thresholds } from "./thresholds";
