/**
 * Meta-tests over every policy file (STYLE.md rules 29, 30, 35): one policy per file, named after
 * its path, with the metadata the engine and Pulumi Cloud show, each registered exactly once.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import type { Policy } from "@pulumi/policy";
import { allPolicies } from "../policies";

const POLICIES_DIR = path.join(__dirname, "..", "policies");
const VERBS = ["missing", "disallow", "enable", "disable", "configure", "enforce"];
const NAME_PATTERN = new RegExp(
  `^inspector-[a-z0-9]+(-[a-z0-9]+)*-(${VERBS.join("|")})(-[a-z0-9]+)+$`,
);
const SEVERITIES = ["low", "medium", "high", "critical"];

/** camelCase to kebab-case: `verbThing` -> `verb-thing`. */
function kebab(value: string): string {
  return value.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}

interface PolicyFile {
  dir: string;
  file: string;
  policies: Policy[];
}

function policyFiles(): PolicyFile[] {
  const files: PolicyFile[] = [];
  for (const dir of fs.readdirSync(POLICIES_DIR).sort()) {
    const full = path.join(POLICIES_DIR, dir);
    if (!fs.statSync(full).isDirectory()) {
      continue;
    }
    for (const file of fs
      .readdirSync(full)
      .filter((f) => f.endsWith(".ts"))
      .sort()) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const exported = require(path.join(full, file)) as Record<string, unknown>;
      const policies = Object.values(exported).filter(
        (v): v is Policy => typeof v === "object" && v !== null && "name" in v,
      );
      files.push({ dir, file: file.replace(/\.ts$/, ""), policies });
    }
  }
  return files;
}

/** Policies that are advice (cost hygiene), advisory unless a stack's config raises them. */
const ADVISORY_BY_DEFAULT = ["inspector-ecr-repository-missing-lifecycle-policy"];

describe("policy pack metadata", () => {
  const files = policyFiles();

  it("finds the policy files", () => {
    expect(files.length).to.equal(allPolicies.length);
  });

  for (const { dir, file, policies } of files) {
    describe(`${dir}/${file}.ts`, () => {
      it("exports exactly one policy", () => {
        expect(policies).to.have.length(1);
      });

      const policy = policies[0];

      it("is named inspector-<resource>-<verb>-<thing> after its path", () => {
        expect(policy.name).to.equal(`inspector-${kebab(dir)}-${kebab(file)}`);
        expect(policy.name).to.match(NAME_PATTERN);
        expect(policy.name.length).to.be.at.most(100);
      });

      it("has a one-sentence description ending in a period", () => {
        expect(policy.description).to.match(/^[A-Z][^.!?]*\.$/);
      });

      it("has a severity, remediation steps and an https url", () => {
        expect(SEVERITIES).to.include(policy.severity);
        expect(policy.remediationSteps).to.be.a("string").and.have.length.above(20);
        expect(policy.url).to.match(/^https:\/\//);
      });

      it("declares a config schema whose every property has a default", () => {
        expect(policy.configSchema).to.be.an("object");
        const properties = policy.configSchema?.properties ?? {};
        expect(properties).to.not.have.property("enforcementLevel");
        for (const [key, schema] of Object.entries(properties)) {
          expect(schema, key).to.have.property("default");
        }
      });

      it("leaves its enforcement level to the pack (mandatory) and the stack's config", () => {
        // Cost guidance is advice, not a security control: advisory unless a stack raises it.
        expect(policy.enforcementLevel).to.equal(
          ADVISORY_BY_DEFAULT.includes(policy.name) ? "advisory" : undefined,
        );
      });

      it("is registered exactly once in allPolicies", () => {
        expect(allPolicies.filter((p) => p === policy)).to.have.length(1);
      });
    });
  }

  it("has no duplicate names and none named 'all'", () => {
    const names = allPolicies.map((p) => p.name);
    expect(new Set(names).size).to.equal(names.length);
    expect(names).to.not.include("all");
  });
});
