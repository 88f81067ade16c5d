/**
 * A Powertools Logger that keeps the records it would print, as the JSON objects CloudWatch Logs
 * receives (the same formatter, appended keys and replacer), so a test reads them exactly.
 */
import { Logger, type LogItem } from "@aws-lambda-powertools/logger";

export class RecordingLogger extends Logger {
  public readonly records: Record<string, unknown>[] = [];

  constructor() {
    super({ serviceName: "inspector-remediation-triage", logLevel: "DEBUG" });
  }

  protected override printLog(_logLevel: number, log: LogItem): void {
    log.prepareForPrint();
    this.records.push(
      JSON.parse(JSON.stringify(log.getAttributes(), this.getJsonReplacer())) as Record<
        string,
        unknown
      >,
    );
  }
}
