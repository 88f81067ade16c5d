/**
 * What the gate does with text it did not write before echoing or parsing it: values quoted on one
 * line and cut to a readable length, files decoded as UTF-8 (a byte order mark dropped, UTF-16 and
 * binary refused), and the bounds every input parser works within.
 */
import { GateUsageError } from "./errors";

/** Longest piece of a user's value an error line echoes. */
export const MAX_ECHOED_CHARS = 80;
/** Largest SBOM the gate reads: its own bound (a 5,000-package CycloneDX SBOM is about 5 MB). */
export const MAX_SBOM_BYTES = 50 * 1024 * 1024;
/** Largest ignore file the gate reads (thousands of entries fit in 1 MiB). */
export const MAX_IGNORE_FILE_BYTES = 1024 * 1024;
/** Deepest JSON nesting the SBOM reader accepts; CycloneDX component trees are a few levels. */
export const MAX_JSON_DEPTH = 64;

/**
 * A user's value for an error line: JSON-quoted (so a newline or quote in it cannot break the line)
 * and cut to {@link MAX_ECHOED_CHARS} characters, saying how long it was.
 */
export function quote(value: unknown): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  if (text.length <= MAX_ECHOED_CHARS) {
    return typeof value === "string" ? JSON.stringify(text) : text;
  }
  const head = text.slice(0, MAX_ECHOED_CHARS);
  return `${JSON.stringify(`${head}…`)} (${text.length} characters)`;
}

/**
 * The text of an input file as UTF-8: a UTF-8 byte order mark (which Windows editors write) is
 * dropped; UTF-16 (read as UTF-8 its BOM becomes two replacement characters, or NULs follow every
 * ASCII character) and binary files are refused naming the file.
 */
export function decodeInputText(label: string, text: string): string {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.startsWith("\ufffd\ufffd") || body.slice(0, 512).includes("\u0000")) {
    throw new GateUsageError(`${label}: is not UTF-8 text (UTF-16 or binary); save it as UTF-8`);
  }
  return body;
}

/** Refuses text longer than `maxBytes` (files the real reader let through, or a test's). */
export function checkInputSize(label: string, text: string, maxBytes: number): void {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > maxBytes) {
    throw new GateUsageError(
      `${label}: is ${bytes} bytes; the gate reads at most ${maxBytes} bytes (${formatMiB(maxBytes)})`,
    );
  }
}

/** `50 MiB`. */
export function formatMiB(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;
}
