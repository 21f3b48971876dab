// dist/evaluate.js end to end: builds the bundles, then runs the CLI as a user would.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

const ROOT = path.resolve(__dirname, "../..");
const CLI = path.join(ROOT, "dist", "evaluate.js");

const SAMPLE = {
  loss: "softmax",
  input: [
    [2, 0.5, -1],
    [0.1, 0.2, 3],
  ],
  target: [1, 2],
  gradient: true,
};

function runCli(args: string[], stdin = "") {
  const run = spawnSync(process.execPath, [CLI, ...args], { input: stdin, encoding: "utf8" });
  assert.equal(run.error, undefined, `node ${CLI} failed to start`);
  return {
    status: run.status,
    output: JSON.parse(run.stdout) as Record<string, unknown>,
    stderr: run.stderr,
  };
}

describe("dist/evaluate.js", () => {
  let directory: string;

  before(() => {
    const build = spawnSync(process.execPath, ["scripts/build.mjs"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    assert.equal(build.status, 0, `node scripts/build.mjs failed:\n${build.stderr}`);
    directory = mkdtempSync(path.join(tmpdir(), "evaluate-cli-"));
  });

  after(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  test("evaluates a sample from stdin", () => {
    const { status, output, stderr } = runCli([], JSON.stringify(SAMPLE));
    assert.equal(status, 0);
    assert.equal(stderr, "", "the CLI wrote to stderr");
    assert.equal(output.backend, "cpu");
    assert.ok(Math.abs((output.loss as number) - 0.59276) < 2e-5, `loss is ${output.loss}`);
    assert.equal((output.gradient as number[][]).length, 2);
    assert.equal(typeof output.ms, "number");
  });

  test("evaluates a sample file on wasm", () => {
    const file = path.join(directory, "sample.json");
    writeFileSync(file, JSON.stringify({ ...SAMPLE, backend: "wasm" }));
    const { status, output } = runCli([file]);
    assert.equal(status, 0);
    assert.equal(output.backend, "wasm");
    assert.ok(Math.abs((output.loss as number) - 0.59276) < 2e-5, `loss is ${output.loss}`);
  });

  test("invalid sample exits 1", () => {
    const { status, output } = runCli([], JSON.stringify({ ...SAMPLE, target: [1, 7] }));
    assert.equal(status, 1);
    assert.equal(output.field, "target[1]");
    assert.match(output.error as string, /target\[1\] is 7, outside the class range \[0, 3\)/);
  });

  test("byte order mark is skipped", () => {
    const file = path.join(directory, "bom.json");
    writeFileSync(file, `\uFEFF${JSON.stringify(SAMPLE)}`);
    const { status, output } = runCli([file]);
    assert.equal(status, 0);
    assert.ok(Math.abs((output.loss as number) - 0.59276) < 2e-5, `loss is ${output.loss}`);
  });

  test("unavailable backend is named", () => {
    const { status, output } = runCli([], JSON.stringify({ ...SAMPLE, backend: "webgl" }));
    assert.equal(status, 1);
    assert.equal(output.field, "backend");
  });

  test("invalid JSON exits 1", () => {
    const { status, output } = runCli([], "{loss: softmax}");
    assert.equal(status, 1);
    assert.match(output.error as string, /The sample is not valid JSON/);
  });

  test("missing file exits 1", () => {
    const missing = path.join(directory, "missing.json");
    const { status, output } = runCli([missing]);
    assert.equal(status, 1);
    assert.match(output.error as string, /Could not read .*missing\.json/);
  });

  test("missing loss is named", () => {
    const { status, output } = runCli([], "{}");
    assert.equal(status, 1);
    assert.equal(output.field, "loss");
    assert.equal(output.error, 'loss is missing. Set it to "sigmoid" or "softmax".');
  });

  test("help prints usage and exits 0", () => {
    const run = spawnSync(process.execPath, [CLI, "--help"], { encoding: "utf8" });
    assert.equal(run.status, 0);
    assert.match(run.stdout, /^Usage: node dist\/evaluate\.js \[sample\.json\]/);
  });

  test("extra arguments exit 1", () => {
    const { status, output } = runCli(["a.json", "b.json"]);
    assert.equal(status, 1);
    assert.match(output.error as string, /at most one argument.*Usage/);
  });
});
