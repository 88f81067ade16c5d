/**
 * The gate's input bounds, each at, one below and one above its edge: thresholds (at most
 * 100,000), --timeout (1 to 129,600 s) and --poll-interval (1 to the timeout), the echo of a
 * user's value (80 characters) and of a parser message (200), file sizes, JSON nesting (64), the
 * SBOM problems listed (20), the unreadable vulnerabilities located (5), and CVSS scores (0-10).
 */
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseGateArgs } from "../src/args";
import { GateAwsError, GateUsageError } from "../src/errors";
import { readTextFile } from "../src/files";
import { checkInputSize, quote } from "../src/inputText";
import { JsonSyntaxError, locateJsonPaths } from "../src/jsonLocate";
import { parseScanSbomResponse, readCycloneDxSbom } from "../src/sbom";

const IMAGE =
  "123456789012.dkr.ecr.us-east-1.amazonaws.com/payments-api@sha256:b226796370094390ac172df8cd5d06d54247c5f91b7a4faf909213ac19ab6900";

/** The error `run` throws (the test fails when it throws none). */
function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an error, none was thrown");
}

describe("gate input bounds", () => {
  describe("--high (a count of findings, at most 100,000; 0 turns it off)", () => {
    for (const n of [0, 99999, 100000]) {
      it(`accepts --high ${n}`, () => {
        const options = parseGateArgs(["ecr", "--image", IMAGE, "--high", String(n)]);
        expect(options.mode === "ecr" && options.thresholds.high).to.equal(n);
      });
    }
    it("refuses --high 100001", () => {
      const err = errorOf(() => parseGateArgs(["ecr", "--image", IMAGE, "--high", "100001"]));
      expect([err.constructor, err.message]).to.deep.equal([
        GateUsageError,
        "--high 100001 is above 100000; give a count of findings from 1 to 100000, or 0 to turn high off",
      ]);
    });
  });

  describe("--timeout (1 to 129,600 s: CodeBuild's 36 hours) and --poll-interval (1 to the timeout)", () => {
    const ok: [string[], number, number][] = [
      [["--timeout", "1"], 1, 1],
      [["--timeout", "2"], 2, 2],
      [["--timeout", "129599"], 129599, 15],
      [["--timeout", "129600"], 129600, 15],
      [["--timeout", "60", "--poll-interval", "59"], 60, 59],
      [["--timeout", "60", "--poll-interval", "60"], 60, 60],
    ];
    for (const [flags, timeout, poll] of ok) {
      it(`accepts ${flags.join(" ")}`, () => {
        const options = parseGateArgs(["ecr", "--image", IMAGE, ...flags]);
        expect(
          options.mode === "ecr" && [options.timeoutSeconds, options.pollIntervalSeconds],
        ).to.deep.equal([timeout, poll]);
      });
    }
    const refused: [string[], string][] = [
      [["--timeout", "0"], "--timeout 0 is out of range; give 1 to 129600 seconds"],
      [["--timeout", "129601"], "--timeout 129601 is out of range; give 1 to 129600 seconds"],
      [
        ["--timeout", "60", "--poll-interval", "61"],
        "--poll-interval 61 is out of range; give 1 to 60 seconds",
      ],
      [
        ["--timeout", "60", "--poll-interval", "0"],
        "--poll-interval 0 is out of range; give 1 to 60 seconds",
      ],
    ];
    for (const [flags, message] of refused) {
      it(`refuses ${flags.join(" ")}`, () => {
        const err = errorOf(() => parseGateArgs(["ecr", "--image", IMAGE, ...flags]));
        expect([err.constructor, err.message]).to.deep.equal([GateUsageError, message]);
      });
    }
  });

  describe("echoed values: cut at 80 characters", () => {
    for (const [length, shown] of [
      [79, `"${"m".repeat(79)}"`],
      [80, `"${"m".repeat(80)}"`],
      [81, `"${"m".repeat(80)}…" (81 characters)`],
    ] as const) {
      it(`echoes an unknown mode of ${length} characters as ${length > 80 ? "its first 80 and its length" : "itself"}`, () => {
        expect(quote("m".repeat(length))).to.equal(shown);
        const err = errorOf(() => parseGateArgs(["m".repeat(length)]));
        expect(err.message).to.equal(`unknown mode ${shown}: use ecr or sbom`);
      });
    }
  });

  describe("argument parser messages: cut at 200 characters", () => {
    // "Unknown option '--" and "'" are 19 characters: a name of 181 makes a 200-character message.
    for (const [name, shown] of [
      [180, `Unknown option '--${"o".repeat(180)}'`],
      [181, `Unknown option '--${"o".repeat(181)}'`],
      [182, `Unknown option '--${"o".repeat(182)}…`],
    ] as const) {
      it(`an unknown option of ${name} characters`, () => {
        const err = errorOf(() => parseGateArgs(["ecr", `--${"o".repeat(name)}`]));
        expect(err.message).to.equal(`${shown}; see inspector-gate --help`);
      });
    }
  });

  describe("input sizes", () => {
    // checkInputSize counts UTF-8 bytes: "é" is 2.
    for (const [text, refused] of [
      ["a".repeat(9), false],
      ["a".repeat(10), false],
      ["a".repeat(8) + "é", false],
      ["a".repeat(9) + "é", true],
      ["a".repeat(11), true],
    ] as const) {
      it(`checkInputSize with 10 bytes allowed: ${Buffer.byteLength(text)} bytes ${refused ? "refused" : "read"}`, () => {
        const run = () => checkInputSize("SBOM bom.json", text, 10);
        if (refused) {
          expect(run).to.throw(
            GateUsageError,
            `SBOM bom.json: is 11 bytes; the gate reads at most 10 bytes (0 MiB)`,
          );
        } else {
          expect(run).to.not.throw();
        }
      });
    }

    it("readTextFile reads a file of exactly maxBytes and refuses one byte more (EFBIG)", () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gate-size-"));
      try {
        const file = path.join(dir, "bom.json");
        fs.writeFileSync(file, "x".repeat(10));
        expect([readTextFile(file, 11), readTextFile(file, 10)]).to.deep.equal([
          "x".repeat(10),
          "x".repeat(10),
        ]);
        const err = errorOf(() => readTextFile(file, 9)) as NodeJS.ErrnoException;
        expect([err.code, err.message]).to.deep.equal([
          "EFBIG",
          "is 10 bytes; the gate reads at most 9 bytes (0 MiB)",
        ]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe("JSON nesting: 64 levels", () => {
    for (const depth of [63, 64]) {
      it(`reads arrays nested ${depth} deep`, () => {
        const paths = locateJsonPaths(`${"[".repeat(depth)}${"]".repeat(depth)}`);
        expect(paths.get("$")).to.equal(1);
      });
    }
    it("refuses arrays nested 65 deep at the 65th bracket", () => {
      const err = errorOf(() => locateJsonPaths(`${"[".repeat(65)}${"]".repeat(65)}`));
      expect([err.constructor, err.message]).to.deep.equal([
        JsonSyntaxError,
        "line 1 column 65: nested deeper than 64 levels",
      ]);
    });
  });

  describe("SBOM problems: 20 listed, the rest counted", () => {
    /** A CycloneDX 1.5 SBOM whose first `bad` components have no name. */
    function sbomText(bad: number): string {
      return JSON.stringify({
        bomFormat: "CycloneDX",
        specVersion: "1.5",
        components: Array.from({ length: 22 }, (_, i) =>
          i < bad
            ? { type: "library", version: "1.0.0" }
            : { type: "library", name: `lib${i}`, version: "1.0.0" },
        ),
      });
    }
    const listed = (n: number) =>
      Array.from(
        { length: n },
        (_, i) =>
          `SBOM bom.json:1: $.components[${i}].name must be a non-empty string (is missing)`,
      );
    for (const [bad, problems] of [
      [19, listed(19)],
      [20, listed(20)],
      [21, [...listed(20), "... and 1 more problem(s) not listed"]],
    ] as const) {
      it(`${bad} components without a name`, () => {
        const err = errorOf(() => readCycloneDxSbom("bom.json", sbomText(bad))) as GateUsageError;
        expect([err.message, err.problems]).to.deep.equal([
          `SBOM bom.json: ${bad} problem(s) in its 22 component(s); nothing was sent to ScanSbom: fix every component listed`,
          problems,
        ]);
      });
    }
  });

  describe("ScanSbom response: the first 5 vulnerabilities without an id located", () => {
    const at = (n: number) =>
      Array.from({ length: n }, (_, i) => `$.sbom.vulnerabilities[${i}]`).join(", ");
    for (const [count, located] of [
      [4, at(4)],
      [5, at(5)],
      [6, `${at(5)}, ...`],
    ] as const) {
      it(`${count} vulnerabilities without an id`, () => {
        const sbom = {
          bomFormat: "CycloneDX",
          specVersion: "1.5",
          vulnerabilities: [...Array.from({ length: count }, () => ({})), { id: "CVE-2026-1" }],
        };
        const err = errorOf(() => parseScanSbomResponse({ sbom }));
        expect([err.constructor, err.message]).to.deep.equal([
          GateAwsError,
          `ScanSbom response: ${count} of ${count + 1} vulnerabilities have no id (${located}); the gate does not judge a result it cannot read in full`,
        ]);
      });
    }
  });

  describe("CVSS scores: 0.0 to 10.0 shown, others not", () => {
    for (const [score, shown] of [
      [-0.1, undefined],
      [0, 0],
      [0.1, 0.1],
      [9.9, 9.9],
      [10, 10],
      [10.1, undefined],
    ] as const) {
      it(`a CVSS score of ${score}`, () => {
        const sbom = {
          bomFormat: "CycloneDX",
          specVersion: "1.5",
          vulnerabilities: [
            {
              id: "CVE-2026-1",
              ratings: [{ source: { name: "NVD" }, severity: "high", score, method: "CVSSv31" }],
            },
          ],
        };
        expect(parseScanSbomResponse({ sbom }).findings[0].score).to.equal(shown);
      });
    }
  });
});
