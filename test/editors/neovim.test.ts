// The server in a real Neovim, headless: test/editors/neovim.lua starts it over stdio as a user's
// config does, reads the diagnostics and the hover, applies the preferred quick fix to the
// bundled example and saves it. The saved script must then train under Debian's PyTorch.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { REPO_ROOT, requireBuild } from "../helpers/paths";
import { PYTHON, skipWithoutTorch } from "../helpers/python";

interface NeovimReport {
  failed?: string;
  diagnostics?: { line: number; col: number; code: string; message: string; source: string }[];
  hover?: string;
  actions?: { title: string; kind: string; isPreferred?: boolean }[];
  fixed?: boolean;
}

const NEOVIM = "nvim";
const EXAMPLE = path.join(REPO_ROOT, "examples", "train_classifier.py");
const SCRIPT = path.join(REPO_ROOT, "test", "editors", "neovim.lua");

function neovimVersion(): string | undefined {
  const result = spawnSync(NEOVIM, ["--version"], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.split("\n")[0] : undefined;
}

function skipWithoutNeovim(): string | false {
  if (neovimVersion() !== undefined || process.env.CI) {
    return false;
  }
  return "nvim not found; install Debian's neovim package";
}

test("neovim quick fix trains", { skip: skipWithoutNeovim() || skipWithoutTorch() }, (t) => {
  const server = requireBuild("server.js");
  const version = neovimVersion();
  assert.ok(version, "nvim --version failed; CI must install Debian's neovim");
  t.diagnostic(version);

  const folder = mkdtempSync(path.join(os.tmpdir(), "focal-neovim-"));
  const file = path.join(folder, "train_classifier.py");
  const out = path.join(folder, "report.json");
  copyFileSync(EXAMPLE, file);

  const run = spawnSync(NEOVIM, ["--headless", "--clean", "-u", SCRIPT], {
    encoding: "utf8",
    env: { ...process.env, FOCAL_SERVER: server, FOCAL_FILE: file, FOCAL_OUT: out },
    timeout: 120_000,
  });
  assert.equal(run.status, 0, `nvim exited with ${run.status}: ${run.stderr}`);
  const report = JSON.parse(readFileSync(out, "utf8")) as NeovimReport;
  assert.equal(report.failed, undefined, `the Neovim script stopped at: ${report.failed}`);

  const codes = (report.diagnostics ?? []).map((diagnostic) => diagnostic.code);
  assert.deepEqual(codes, ["FL001"]);
  assert.equal(report.diagnostics?.[0].source, "focal-loss");
  assert.match(report.hover ?? "", /FL001/);
  const preferred = (report.actions ?? []).filter((action) => action.isPreferred);
  assert.deepEqual(
    preferred.map((action) => action.title),
    ["Insert a tested FocalLoss module and use it"],
  );
  assert.equal(report.fixed, true);

  const fixed = readFileSync(file, "utf8");
  assert.match(fixed, /^class FocalLoss\(nn\.Module\):$/m);
  const training = spawnSync(PYTHON, [file], { encoding: "utf8", timeout: 120_000 });
  assert.equal(training.status, 0, training.stderr);
  assert.match(training.stdout, /epoch 2: mean focal loss \d\.\d+/);
});
