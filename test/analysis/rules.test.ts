import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { RULE_DOCS_BASE_URL, ruleDocumentationUrl } from "../../server/src/rules/documentation";
import { CANDIDATE_ANCHOR } from "../../server/src/analysis/python/analyzePython";
import { candidateNamesFor, RULES } from "../../server/src/rules/registry";
import { REPO_ROOT } from "../helpers/paths";

test("rule codes are unique", () => {
  const codes = RULES.map((rule) => rule.code);
  assert.equal(new Set(codes).size, codes.length);
});

test("rule codes use the FL prefix", () => {
  for (const rule of RULES) {
    assert.match(rule.code, /^FL[0-9]{3}$/);
  }
});

test("every rule has a documentation page", () => {
  for (const rule of RULES) {
    const page = path.join(REPO_ROOT, "docs", "rules", `${rule.code}.md`);
    assert.ok(existsSync(page), `${page} is missing`);
    assert.match(readFileSync(page, "utf8"), new RegExp(`^# ${rule.code}: `));
  }
});

test("documentation links point at docs/rules", () => {
  assert.ok(RULE_DOCS_BASE_URL.endsWith("/docs/rules"));
  assert.equal(ruleDocumentationUrl("FL001"), `${RULE_DOCS_BASE_URL}/FL001.md`);
});

test("every rule has candidate names", () => {
  for (const rule of RULES) {
    assert.ok(rule.candidateNames.length > 0, `${rule.code} has no candidate names`);
  }
});

test("candidate names contain the scan anchor", () => {
  for (const name of candidateNamesFor("python")) {
    assert.ok(name.includes(CANDIDATE_ANCHOR), `${name} lacks "${CANDIDATE_ANCHOR}"`);
  }
});
