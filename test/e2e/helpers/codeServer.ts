import { spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pollUntil } from "./poll";
import { stopProcessGroup } from "./processGroup";

export interface CodeServerOptions {
  /** The code-server executable that scripts/e2e/setup-code-server.sh installed. */
  executable: string;
  /** An empty folder for the user data, XDG folders, config and log of this run. */
  runRoot: string;
  workspace: string;
  extensionsDir: string;
  /** Added to the environment of code-server and so of its extension host. */
  env: Record<string, string>;
  /** Written to the user settings, over the defaults that keep the workbench quiet. */
  userSettings?: Record<string, unknown>;
}

export interface CodeServer {
  /** The workbench URL with the workspace open. */
  workbenchUrl: string;
  origin: string;
  pid: number;
  userDataDir: string;
  /** code-server's standard output and error. */
  logPath: string;
  stop(): Promise<void>;
}

/** User settings that keep welcome pages, tips, telemetry and update checks out of the way. */
const QUIET_SETTINGS = {
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "git.enabled": false,
  "editor.minimap.enabled": false,
};

/**
 * Starts code-server on a port the kernel picks on 127.0.0.1 and waits until /healthz responds.
 * code-server leads its own process group, so stop() ends it with its extension host and the
 * language server.
 */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  if (!existsSync(options.executable)) {
    throw new Error(
      `${options.executable} not found. Run "bash scripts/e2e/setup-code-server.sh" first.`,
    );
  }
  const userDataDir = path.join(options.runRoot, "user-data");
  const configPath = path.join(options.runRoot, "config.yaml");
  const logPath = path.join(options.runRoot, "code-server.log");
  writeUserSettings(userDataDir, { ...QUIET_SETTINGS, ...options.userSettings });
  // Without --config, code-server writes a config with a password under XDG_CONFIG_HOME.
  writeFileSync(configPath, "auth: none\ncert: false\n");

  const child = spawn(
    options.executable,
    [
      "--auth=none",
      "--bind-addr=127.0.0.1:0",
      "--disable-telemetry",
      "--disable-update-check",
      "--disable-workspace-trust",
      `--user-data-dir=${userDataDir}`,
      `--extensions-dir=${options.extensionsDir}`,
      `--config=${configPath}`,
      options.workspace,
    ],
    {
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        ...options.env,
        XDG_CONFIG_HOME: path.join(options.runRoot, "xdg-config"),
        XDG_DATA_HOME: path.join(options.runRoot, "xdg-data"),
        // An empty gallery configuration: code-server then makes no Marketplace requests.
        EXTENSIONS_GALLERY: "{}",
      },
    },
  );
  const pid = child.pid;
  if (pid === undefined) {
    throw new Error(`Failed to start ${options.executable}.`);
  }

  const log = createWriteStream(logPath);
  let output = "";
  let exitCode: number | null | undefined;
  for (const stream of [child.stdout, child.stderr]) {
    stream.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      log.write(chunk);
    });
  }
  child.on("exit", (code) => (exitCode = code));
  const stop = () => stopProcessGroup(pid);

  try {
    const origin = await pollUntil(
      () => {
        if (exitCode !== undefined) {
          throw new Error(`code-server exited with ${exitCode}; see ${logPath}`);
        }
        return /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      },
      { description: "code-server to print its address", timeoutMs: 30_000 },
      () => output,
    );
    await pollUntil(async () => ((await fetch(`${origin}/healthz`)).ok ? true : undefined), {
      description: `${origin}/healthz`,
      timeoutMs: 30_000,
    });
    const workbenchUrl = `${origin}/?folder=${encodeURIComponent(options.workspace)}`;
    return { workbenchUrl, origin, pid, userDataDir, logPath, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function writeUserSettings(userDataDir: string, settings: Record<string, unknown>): void {
  const userDir = path.join(userDataDir, "User");
  mkdirSync(userDir, { recursive: true });
  writeFileSync(path.join(userDir, "settings.json"), JSON.stringify(settings, null, 2));
}
