import { cpSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT } from "../../helpers/paths";
import { packageVsixInCopy, type PackagedVsix } from "../../package/packageVsix";
import { extractVsixExtension } from "../../package/vsixArchive";
import { saveFailureArtifacts } from "./artifacts";
import { launchBrowser, type Browser } from "./browser";
import { startCodeServer, type CodeServer } from "./codeServer";
import { CompanionClient } from "./companionClient";
import { ConnectionSampler } from "./connectionSampler";
import { waitForWorkbench } from "./workbench";

/** Must match CODE_SERVER_VERSION in scripts/e2e/setup-code-server.sh. */
const CODE_SERVER_VERSION = process.env.CODE_SERVER_VERSION ?? "4.100.3";
const CODE_SERVER_CACHE =
  process.env.CODE_SERVER_CACHE ?? path.join(REPO_ROOT, ".cache", "code-server");
const COMPANION_FOLDER = "focal-loss-tests.e2e-companion-0.0.1";
const E2E_SOURCES = path.join(REPO_ROOT, "test", "e2e");

/**
 * One code-server with the packaged extension and the companion installed, one Chromium showing
 * its workbench, and the temporary folders they use. Every part that start() launched is
 * stopped by stop(), also after a failure part way through start().
 */
export class E2eSession {
  readonly runRoot = mkdtempSync(path.join(os.tmpdir(), "focal-loss-e2e-"));
  readonly workspace = path.join(this.runRoot, "workspace");
  readonly companion = new CompanionClient(path.join(this.runRoot, "companion"));
  /** Milliseconds per start-up step, for the report. */
  readonly timings: Record<string, number> = {};
  packaged: PackagedVsix | undefined;
  codeServer: CodeServer | undefined;
  browser: Browser | undefined;
  sampler: ConnectionSampler | undefined;
  private samplerTimer: NodeJS.Timeout | undefined;

  async start(): Promise<void> {
    this.packaged = this.step("package", () => packageVsixInCopy());
    const extensionsDir = path.join(this.runRoot, "extensions");
    const { publisher, name, version, vsixPath } = this.packaged;
    await extractVsixExtension(
      vsixPath,
      path.join(extensionsDir, `${publisher}.${name}-${version}`),
    );
    cpSync(path.join(E2E_SOURCES, "companion"), path.join(extensionsDir, COMPANION_FOLDER), {
      recursive: true,
    });
    cpSync(path.join(E2E_SOURCES, "workspace"), this.workspace, { recursive: true });

    let started = performance.now();
    this.codeServer = await startCodeServer({
      executable: path.join(
        CODE_SERVER_CACHE,
        CODE_SERVER_VERSION,
        "node_modules/.bin/code-server",
      ),
      runRoot: this.runRoot,
      workspace: this.workspace,
      extensionsDir,
      env: { FOCAL_LOSS_E2E_COMPANION_DIR: this.companion.directory },
    });
    this.timings.codeServerHealthy = performance.now() - started;
    this.sampler = new ConnectionSampler(this.codeServer.pid);
    this.samplerTimer = setInterval(() => this.sampler?.sample(), 250);

    started = performance.now();
    this.browser = await launchBrowser(path.join(this.runRoot, "chromium-profile"));
    await this.browser.page.goto(this.codeServer.workbenchUrl);
    await waitForWorkbench(this.browser.page, 60_000);
    await this.companion.waitUntilReady(60_000);
    this.timings.workbenchReady = performance.now() - started;
  }

  /** Saves the failure artifacts of `name`; see saveFailureArtifacts. */
  saveArtifacts(name: string, state: () => Promise<unknown>): Promise<string> {
    return saveFailureArtifacts(name, {
      page: this.browser?.page,
      userDataDir: this.codeServer?.userDataDir,
      codeServerLog: this.codeServer?.logPath,
      state,
    });
  }

  async stop(): Promise<void> {
    clearInterval(this.samplerTimer);
    // Each stop runs even if the one before failed, so no process outlives the run.
    const results = await Promise.allSettled([this.browser?.stop(), this.codeServer?.stop()]);
    rmSync(this.runRoot, { recursive: true, force: true });
    if (this.packaged !== undefined) {
      rmSync(this.packaged.copyRoot, { recursive: true, force: true });
    }
    const failures = results.filter((result) => result.status === "rejected");
    if (failures.length > 0) {
      throw new Error(
        `Stopping the e2e session failed: ${failures.map((f) => f.reason).join("; ")}`,
      );
    }
  }

  private step<T>(name: string, action: () => T): T {
    const started = performance.now();
    const result = action();
    this.timings[name] = performance.now() - started;
    return result;
  }
}
