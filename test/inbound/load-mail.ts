// Vitest globalSetup (runs in Node): workerd tests cannot read files, so the scenario
// fixtures and the external real-world corpus are read here as bytes and provided as base64.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** test/fixtures/email/<scenario>.eml, base64, by scenario name. */
    emailFixtures: Record<string, string>;
    /** ../shared/corpus mails (.eml/.box), base64, by path inside the corpus. */
    mailCorpus: Record<string, string>;
    /** The decoded subject Zammad's parser expects for its .box files, from the matching .yml. */
    corpusSubjects: Record<string, string>;
  }
}

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** The `subject:` of a Zammad expectation file: a one-line YAML scalar, plain or quoted. */
function expectedSubject(yml: string): string | null {
  const line = /^subject: (.*)$/m.exec(yml)?.[1];
  if (line === undefined) return null;
  if (line.startsWith("'")) return line.slice(1, -1).replace(/''/g, "'");
  if (line.startsWith('"')) return JSON.parse(line) as string;
  return line;
}

export default function setup(project: TestProject) {
  const fixtureDir = "test/fixtures/email";
  const emailFixtures = Object.fromEntries(
    files(fixtureDir)
      .filter((f) => f.endsWith(".eml"))
      .map((f) => [relative(fixtureDir, f).replace(/\.eml$/, ""), readFileSync(f).toString("base64")]),
  );
  const corpusDir = "../shared/corpus";
  const mailCorpus = Object.fromEntries(
    files(corpusDir)
      .filter((f) => /\.(eml|box)$/.test(f))
      .map((f) => [relative(corpusDir, f), readFileSync(f).toString("base64")]),
  );
  const corpusSubjects: Record<string, string> = {};
  for (const yml of files(join(corpusDir, "zammad")).filter((f) => f.endsWith(".yml"))) {
    const subject = expectedSubject(readFileSync(yml, "utf8"));
    if (subject !== null) corpusSubjects[relative(corpusDir, yml).replace(/\.yml$/, ".box")] = subject;
  }
  project.provide("emailFixtures", emailFixtures);
  project.provide("corpusSubjects", corpusSubjects);
  project.provide("mailCorpus", mailCorpus);
}
