import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { CONFIG_KEYS } from "../stacks/config";

const ROOT = path.join(__dirname, "..");

/** The markdown files a reader meets: the README, docs/, CHANGELOG and the packages' READMEs. */
function markdownFiles(): string[] {
  const docs = fs
    .readdirSync(path.join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => path.join("docs", f));
  return ["README.md", ...docs].filter((f) => fs.existsSync(path.join(ROOT, f)));
}

/** Every inline link target of a markdown text, outside code. */
function linkTargets(text: string): string[] {
  const withoutCode = text.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
  return [...withoutCode.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");
}

function anchorsOf(file: string): Set<string> {
  const text = fs.readFileSync(path.join(ROOT, file), "utf8").replace(/```[\s\S]*?```/g, "");
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1])));
}

describe("documentation", () => {
  for (const file of markdownFiles()) {
    it(`${file}: every relative link resolves, anchors included`, () => {
      const broken: string[] = [];
      for (const target of linkTargets(fs.readFileSync(path.join(ROOT, file), "utf8"))) {
        if (/^[a-z]+:/i.test(target)) {
          continue;
        }
        const [relative, anchor] = target.split("#");
        const resolved = relative === "" ? file : path.join(path.dirname(file), relative);
        if (!fs.existsSync(path.join(ROOT, resolved))) {
          broken.push(`${target} (no ${resolved})`);
        } else if (anchor !== undefined && resolved.endsWith(".md")) {
          if (!anchorsOf(resolved).has(anchor)) {
            broken.push(`${target} (no heading #${anchor} in ${resolved})`);
          }
        }
      }
      expect(broken).to.deep.equal([]);
    });
  }

  it("documents every configuration key (Pulumi.yaml and the map-valued ones) in docs/", () => {
    const project = parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as {
      config: Record<string, unknown>;
    };
    const documented = markdownFiles()
      .filter((f) => f.startsWith("docs"))
      .map((f) => fs.readFileSync(path.join(ROOT, f), "utf8"))
      .join("\n");
    const keys = new Set([...Object.keys(project.config), ...CONFIG_KEYS]);
    const missing = [...keys].filter((k) => !documented.includes(`\`${k}\``)).sort();
    expect(missing).to.deep.equal([]);
  });

  it("keeps the README a front door of at most 300 lines", () => {
    const lines = fs.readFileSync(path.join(ROOT, "README.md"), "utf8").split("\n").length;
    expect(lines).to.be.at.most(300);
  });
});
