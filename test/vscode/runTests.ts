// Runs the extension's scenarios in a real VS Code through @vscode/test-electron. This suite
// DOWNLOADS VS Code from the internet on first use, so CI here, which has no internet access,
// runs the offline code-server suite (npm run test:e2e) instead.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { runTests } from "@vscode/test-electron";
import * as esbuild from "esbuild";

const ROOT = path.resolve(__dirname, "..", "..");

/** The VS Code version the extension's `engines.vscode` names as its oldest. */
const VSCODE_VERSION = "1.100.3";

async function main(): Promise<void> {
  const outDir = path.join(ROOT, "out", "vscode-suite");
  await esbuild.build({
    entryPoints: { index: path.join(__dirname, "suite", "index.ts") },
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    external: ["vscode", "mocha"],
    outdir: outDir,
  });

  // The scenarios save fixes, so they run on a copy of the workspace.
  const runRoot = mkdtempSync(path.join(os.tmpdir(), "focal-vscode-"));
  const workspace = path.join(runRoot, "workspace");
  cpSync(path.join(ROOT, "test", "e2e", "workspace"), workspace, { recursive: true });
  // A fresh user data folder, whose logs/ the suite reads for the extension's log.
  const userDataDir = path.join(runRoot, "user-data");

  try {
    await runTests({
      version: VSCODE_VERSION,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(outDir, "index.js"),
      extensionTestsEnv: { FOCAL_LOSS_USER_DATA_DIR: userDataDir },
      launchArgs: [
        workspace,
        `--user-data-dir=${userDataDir}`,
        "--disable-extensions",
        "--disable-workspace-trust",
      ],
    });
  } finally {
    rmSync(runRoot, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`The VS Code suite failed: ${String(error)}`);
  process.exit(1);
});
