import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pollUntil } from "./poll";

export interface Range {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export interface DiagnosticInfo {
  code: string | number | undefined;
  message: string;
  severity: string;
  source: string | undefined;
  range: Range;
}

export interface CodeActionInfo {
  title: string;
  kind: string | undefined;
  isPreferred: boolean;
}

export interface CompletionItemInfo {
  label: string;
  /** The label's description, which VS Code sets to a snippet's name. */
  description: string | null;
  /** The name of the vscode.CompletionItemKind, such as "Snippet". */
  kind: string;
  detail: string | null;
  /** The snippet text of a SnippetString insertText, otherwise null. */
  snippet: string | null;
}

export interface CompanionStatus {
  productInstalled: boolean;
  productActive: boolean;
  connections: { host: string; port: number; at: string }[];
}

interface Response {
  id: string;
  ok: boolean;
  result?: unknown;
  error?: string;
}

/**
 * Sends requests to the companion extension (test/e2e/companion/extension.js) through files in
 * `directory`, which code-server's environment names in FOCAL_LOSS_E2E_COMPANION_DIR.
 */
export class CompanionClient {
  private nextId = 1;

  constructor(readonly directory: string) {
    mkdirSync(path.join(directory, "requests"), { recursive: true });
    mkdirSync(path.join(directory, "responses"), { recursive: true });
  }

  /** Waits until the companion has activated, which happens as the extension host starts. */
  async waitUntilReady(
    timeoutMs: number,
  ): Promise<{ vscodeVersion: string; extensionHostPid: number }> {
    const readyPath = path.join(this.directory, "ready.json");
    return pollUntil(
      () => (existsSync(readyPath) ? JSON.parse(readFileSync(readyPath, "utf8")) : undefined),
      { description: `the e2e companion extension to write ${readyPath}`, timeoutMs },
    );
  }

  async call<T>(
    method: string,
    params: Record<string, unknown> = {},
    timeoutMs = 15_000,
  ): Promise<T> {
    const id = `${Date.now()}-${this.nextId++}`;
    const requestPath = path.join(this.directory, "requests", `${id}.json`);
    writeFileSync(`${requestPath}.tmp`, JSON.stringify({ id, method, params }));
    renameSync(`${requestPath}.tmp`, requestPath);

    const responsePath = path.join(this.directory, "responses", `${id}.json`);
    const response = await pollUntil<Response>(
      () => (existsSync(responsePath) ? JSON.parse(readFileSync(responsePath, "utf8")) : undefined),
      { description: `the companion's answer to ${method}(${JSON.stringify(params)})`, timeoutMs },
    );
    rmSync(responsePath, { force: true });
    if (!response.ok) {
      throw new Error(
        `The companion failed ${method}(${JSON.stringify(params)}): ${response.error}`,
      );
    }
    return response.result as T;
  }

  diagnostics(file: string): Promise<DiagnosticInfo[]> {
    return this.call("diagnostics", { file });
  }

  documentState(file: string): Promise<{ text: string; isDirty: boolean }> {
    return this.call("documentState", { file });
  }

  status(): Promise<CompanionStatus> {
    return this.call("status");
  }
}
