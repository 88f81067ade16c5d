/**
 * The commands' shared input bounds (lib/cli/, lib/offline/stackConfig.ts), each at, one below and
 * one above its edge: the stderr line cut (2,000 characters), JSON nesting (64 levels) in a
 * document, a JSON Lines line and a stack file, a file's size, and a stack name (1-100).
 */
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { MAX_ERROR_LINE, truncate } from "../../lib/cli/command";
import { InputError, parseJson, readTextFile } from "../../lib/cli/input";
import { splitJsonRecords } from "../../lib/cli/records";
import { loadStackConfig, PlanUsageError } from "../../lib/offline/stackConfig";
import { errorOf } from "../helpers/failure";

/** `[[[...{}...]]]`: `depth` levels of arrays and objects. */
const nested = (depth: number) => `${"[".repeat(depth - 1)}{}${"]".repeat(depth - 1)}`;

describe("command input bounds", () => {
  describe("stderr lines: cut at 2,000 characters", () => {
    for (const [length, line] of [
      [1999, "e".repeat(1999)],
      [2000, "e".repeat(2000)],
      [2001, `${"e".repeat(2000)}… (2001 characters)`],
    ] as const) {
      it(`a line of ${length} characters`, () => {
        expect(MAX_ERROR_LINE).to.equal(2000);
        expect(truncate("e".repeat(length), MAX_ERROR_LINE)).to.equal(line);
      });
    }
  });

  describe("JSON nesting: 64 levels", () => {
    it("parses a document 64 levels deep and refuses one of 65", () => {
      expect(JSON.stringify(parseJson(nested(64), "f.json"))).to.equal(nested(64));
      const err = errorOf(() => parseJson(nested(65), "f.json"));
      expect([err.constructor, err.message]).to.deep.equal([
        InputError,
        "f.json: nests deeper than 64 levels of arrays and objects; this is not the expected document",
      ]);
    });

    it("keeps a whole-document record 64 levels deep and refuses one of 65", () => {
      const record = (depth: number) => `{"a":${nested(depth - 1)}}`;
      expect(splitJsonRecords(record(64), "e.json").records).to.have.length(1);
      const err = errorOf(() => splitJsonRecords(record(65), "e.json"));
      expect(err.message).to.equal(
        "e.json: nests deeper than 64 levels of arrays and objects; this is not an event",
      );
    });

    it("keeps a JSON Lines record 64 levels deep and skips one of 65", () => {
      const line = (depth: number) => `{"a":${nested(depth - 1)}}`;
      const { records, problems } = splitJsonRecords(`${line(64)}\n${line(65)}\n`, "e.jsonl");
      expect([records.map((r) => r.where), problems]).to.deep.equal([
        ["e.jsonl:1"],
        [
          "e.jsonl:2: nests deeper than 64 levels of arrays and objects; this is not the expected document",
        ],
      ]);
    });
  });

  describe("files and stacks", () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-limits-"));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("reads a file of exactly maxBytes and refuses one byte more", () => {
      const file = path.join(dir, "f.json");
      fs.writeFileSync(file, "x".repeat(10));
      expect([readTextFile(file, "f.json", 11), readTextFile(file, "f.json", 10)]).to.deep.equal([
        "x".repeat(10),
        "x".repeat(10),
      ]);
      const err = errorOf(() => readTextFile(file, "f.json", 9));
      expect([err.constructor, err.message]).to.deep.equal([
        InputError,
        "f.json: is 1 MB, above the 0 MB this command reads; split it or check that it is the right file",
      ]);
    });

    /** A project whose stack file is `depth` levels of maps (k0: {k1: {... k<depth-1>: v}}). */
    function stackOfDepth(depth: number): void {
      fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: p\nruntime: nodejs\n");
      const lines = Array.from({ length: depth }, (_, i) => `${"  ".repeat(i)}k${i}:`);
      fs.writeFileSync(path.join(dir, "Pulumi.s.yaml"), `${lines.join("\n")} v\n`);
    }
    it("reads a stack file 64 levels deep and refuses one of 65", () => {
      stackOfDepth(64); // the document's map and 63 nested ones
      expect(loadStackConfig(dir, "s").stack).to.equal("s");
      stackOfDepth(65);
      const err = errorOf(() => loadStackConfig(dir, "s")) as PlanUsageError;
      expect(err.problems).to.deep.equal([
        "Pulumi.s.yaml: nests deeper than 64 levels; a stack's configuration is a map of keys to values",
      ]);
    });

    it("takes a stack name of 100 characters and refuses one of 101", () => {
      fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: p\nruntime: nodejs\n");
      expect(loadStackConfig(dir, "s".repeat(100), true).stack).to.equal("s".repeat(100));
      const err = errorOf(() => loadStackConfig(dir, "s".repeat(101), true)) as PlanUsageError;
      expect(err.problems[0]).to.match(
        /^--stack \(.*\) is not a stack name; use letters, digits, -, _ and \. \(the NAME of Pulumi\.NAME\.yaml\)$/,
      );
    });
  });
});
