import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { REPO_ROOT } from "../../helpers/paths";

export const RESULTS_DIR = path.join(REPO_ROOT, "test-results", "e2e");

export interface FailureContext {
  page: Page | undefined;
  userDataDir: string | undefined;
  codeServerLog: string | undefined;
  /** Extra state to write as JSON, such as the companion's diagnostics. */
  state: () => Promise<unknown>;
}

/**
 * Saves a screenshot, the extension's log, code-server's logs and the companion's view of the
 * state into test-results/e2e/<name>/, and returns that folder. Each step that fails is noted in
 * errors.txt there, because a broken workbench must not hide the original failure.
 */
export async function saveFailureArtifacts(name: string, context: FailureContext): Promise<string> {
  const folder = path.join(RESULTS_DIR, name.replace(/[^\w.-]+/g, "-"));
  mkdirSync(folder, { recursive: true });
  const errors: string[] = [];
  const attempt = async (step: string, action: () => Promise<void> | void) => {
    try {
      await action();
    } catch (error) {
      errors.push(`${step}: ${String(error)}`);
    }
  };

  await attempt("screenshot", async () => {
    await context.page?.screenshot({ path: path.join(folder, "screenshot.png"), timeout: 10_000 });
  });
  await attempt("state", async () => {
    writeFileSync(path.join(folder, "state.json"), JSON.stringify(await context.state(), null, 2));
  });
  await attempt("logs", () => {
    if (context.codeServerLog !== undefined) {
      copyFileSync(context.codeServerLog, path.join(folder, "code-server.log"));
    }
    if (context.userDataDir !== undefined) {
      copyLogs(path.join(context.userDataDir, "logs"), path.join(folder, "logs"));
    }
  });
  if (errors.length > 0) {
    writeFileSync(path.join(folder, "errors.txt"), `${errors.join("\n")}\n`);
  }
  return folder;
}

function copyLogs(from: string, to: string): void {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      copyLogs(source, target);
    } else if (entry.name.endsWith(".log")) {
      mkdirSync(to, { recursive: true });
      copyFileSync(source, target);
    }
  }
}
