import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { test } from "node:test";
import path from "node:path";
import { FIXTURES, requireBuild } from "../helpers/paths";

// Real code that nobody here wrote: Debian's python3-torch and python3-torchvision sources.
const CORPUS = [
  "/usr/lib/python3/dist-packages/torch",
  "/usr/lib/python3/dist-packages/torchvision",
];
const missing = CORPUS.filter((dir) => !existsSync(dir));
const skip =
  missing.length > 0 && !process.env.CI
    ? `${missing.join(", ")} not installed; install python3-torch and python3-torchvision`
    : false;

// One fixture with a known finding rides along, so the test fails if the CLI reports nothing at all.
const CANARY = path.join(FIXTURES, "python", "reported_attribute_error.py");

test("torch sources have no findings", { skip }, () => {
  assert.deepEqual(missing, [], `CI must install ${missing.join(", ")}`);
  const cli = requireBuild("cli.js");
  const result = spawnSync(process.execPath, [cli, "--format", "json", ...CORPUS, CANARY], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(result.stderr, "");

  const findings = JSON.parse(result.stdout) as { path: string; code: string }[];
  const inCorpus = findings.filter((finding) => !finding.path.endsWith(path.basename(CANARY)));
  assert.deepEqual(inCorpus, []);
  assert.equal(findings.length, 1, "the canary fixture's FL001 is missing");
  assert.equal(result.status, 1);
});
