// Runs the Python tests of templates/python with Debian's interpreter, which has torch.
// Without torch the test is skipped locally and fails on CI, where torch is installed.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { test } from "node:test";
import assert from "node:assert/strict";

const PYTHON = "/usr/bin/python3";
const REPO_ROOT = path.resolve(__dirname, "..", "..");
// The Python suite took about 2 s on a 2-core CPU-only machine. The limit leaves room for
// slower machines, because gradcheck and the float64 reference run in pure Python loops.
const TIMEOUT_MS = 5 * 60 * 1000;

function checkTorch(): { available: boolean; detail: string } {
  const result = spawnSync(PYTHON, ["-c", "import torch, torchvision"], { encoding: "utf8" });
  if (result.error) {
    return { available: false, detail: result.error.message };
  }
  return { available: result.status === 0, detail: result.stderr.trim() };
}

test("focal loss template passes its Python tests", { timeout: TIMEOUT_MS }, (t) => {
  const torch = checkTorch();
  if (!torch.available) {
    const message = `${PYTHON} cannot import torch and torchvision: ${torch.detail}`;
    if (process.env.CI) {
      assert.fail(
        `${message}. CI must install them (Debian packages python3-torch, python3-torchvision).`,
      );
    }
    t.skip(`${message}. Install them to run the template tests.`);
    return;
  }

  const result = spawnSync(PYTHON, ["-m", "unittest", "discover", "-s", "test/python", "-v"], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    timeout: TIMEOUT_MS,
  });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  assert.equal(
    result.error,
    undefined,
    `${PYTHON} failed to run: ${result.error?.message}\n${output}`,
  );
  assert.equal(result.status, 0, `Python tests failed with exit code ${result.status}:\n${output}`);
});
