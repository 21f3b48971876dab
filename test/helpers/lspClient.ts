import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ErrorCodes,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  IPCMessageReader,
  IPCMessageWriter,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ResponseError,
  ShowMessageNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  UnregistrationRequest,
  type ClientCapabilities,
  type ConfigurationItem,
  type Hover,
  type InitializeParams,
  type InitializeResult,
  type LogMessageParams,
  type MessageConnection,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type ShowMessageParams,
  type TextDocumentContentChangeEvent,
} from "vscode-languageserver-protocol/node";
import { requireBuild } from "./paths";

/** The channel for JSON-RPC with the server: stdin and stdout, or a Node IPC channel. */
export type Transport = "stdio" | "node-ipc";

/** The part of node:test's TestContext that the client needs to stop its server after a test. */
export interface TestLifecycle {
  after(fn: () => void | Promise<void>): void;
}

export interface LspClientOptions {
  transport?: Transport;
  /** Path of the bundled server. The default is dist/server.js, which `npm run build` creates. */
  serverPath?: string;
}

/** A request that the server sent to the client, as received. */
export interface ServerRequest {
  method: string;
  params: unknown;
}

/** A handler for one method of the requests the server sends to the client. */
export type ServerRequestHandler = (params: unknown) => unknown;

/** The exit code and signal of the server process. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * Editor-like client capabilities: pulled settings, dynamic registration of settings changes,
 * versioned diagnostics and Markdown hovers.
 */
export const EDITOR_CAPABILITIES: ClientCapabilities = {
  general: { positionEncodings: ["utf-16"] },
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    applyEdit: true,
    workspaceEdit: { documentChanges: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: false, didSave: true },
    publishDiagnostics: {
      relatedInformation: true,
      versionSupport: true,
      codeDescriptionSupport: true,
      dataSupport: true,
    },
    hover: { contentFormat: ["markdown", "plaintext"] },
    codeAction: {
      isPreferredSupport: true,
      dataSupport: true,
      codeActionLiteralSupport: {
        codeActionKind: { valueSet: ["quickfix", "source", "source.fixAll"] },
      },
    },
  },
  window: { showDocument: { support: true }, workDoneProgress: true },
};

export const DEFAULT_TIMEOUT_MS = 10_000;

/** Maximum number of stderr lines and log messages that a failure message quotes. */
const QUOTED_LINES = 40;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function lastLines(text: string): string {
  return text.split("\n").slice(-QUOTED_LINES).join("\n");
}

/**
 * Drives the bundled language server as an editor does, for tests. It responds to
 * `workspace/configuration` requests from settings the test sets, records every diagnostics
 * publish, log message and server request, and waits on those events with a deadline instead of
 * sleeping.
 */
export class LspClient {
  /** Every `textDocument/publishDiagnostics` received, in arrival order. */
  readonly publishes: PublishDiagnosticsParams[] = [];
  /** Every `window/logMessage` received, in arrival order. */
  readonly logMessages: LogMessageParams[] = [];
  readonly shownMessages: ShowMessageParams[] = [];
  /** Every request the server sent to the client, including `workspace/configuration`. */
  readonly serverRequests: ServerRequest[] = [];
  stderr = "";

  private readonly connection: ProtocolConnection;
  private readonly listeners = new Set<() => void>();
  private readonly requestHandlers = new Map<string, ServerRequestHandler>();
  private readonly scopedSettings = new Map<string, Record<string, unknown>>();
  private settings: Record<string, unknown> = {};
  private exit: ProcessExit | undefined;
  private spawnError: Error | undefined;

  private constructor(
    private readonly child: ChildProcess,
    transport: Transport,
  ) {
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      this.stderr += chunk;
    });
    child.on("error", (error) => {
      this.spawnError = error;
      this.emit();
    });
    child.on("exit", (code, signal) => {
      this.exit = { code, signal };
      this.emit();
    });

    const [reader, writer] =
      transport === "stdio"
        ? [new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!)]
        : [new IPCMessageReader(child), new IPCMessageWriter(child)];
    this.connection = createProtocolConnection(reader, writer);
    this.listenToServer();
    this.connection.listen();
  }

  /**
   * Starts the server and registers `lifecycle.after` to kill it, so a failing test never leaves
   * it running. Throws with the build command when the bundle is missing.
   */
  static spawn(lifecycle: TestLifecycle, options: LspClientOptions = {}): LspClient {
    const transport = options.transport ?? "stdio";
    const serverPath = options.serverPath ?? requireBuild("server.js");
    // --clientProcessId makes the server exit by itself if this test process dies.
    const args = [serverPath, `--${transport}`, `--clientProcessId=${process.pid}`];
    const child =
      transport === "stdio"
        ? spawn(process.execPath, args, { stdio: "pipe" })
        : spawn(process.execPath, args, { stdio: ["pipe", "pipe", "pipe", "ipc"] });
    const client = new LspClient(child, transport);
    lifecycle.after(() => client.kill());
    return client;
  }

  private listenToServer(): void {
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.publishes.push(params);
      this.emit();
    });
    this.connection.onNotification(LogMessageNotification.type, (params) => {
      this.logMessages.push(params);
      this.emit();
    });
    this.connection.onNotification(ShowMessageNotification.type, (params) => {
      this.shownMessages.push(params);
      this.emit();
    });

    this.handleRequest(ConfigurationRequest.method, (params) =>
      (params as { items: ConfigurationItem[] }).items.map((item) => this.configurationFor(item)),
    );
    this.handleRequest(RegistrationRequest.method, () => null);
    this.handleRequest(UnregistrationRequest.method, () => null);
    this.handleRequest("window/workDoneProgress/create", () => null);

    // One handler for every method records each request before responding to it. The cast is sound
    // because createProtocolConnection returns a MessageConnection, whose type declares this
    // catch-all overload while ProtocolConnection's omits it (vscode-languageserver-protocol 3.18).
    const messageConnection = this.connection as unknown as MessageConnection;
    messageConnection.onRequest((method: string, params: unknown) => {
      this.serverRequests.push({ method, params });
      this.emit();
      const handler = this.requestHandlers.get(method);
      if (handler === undefined) {
        return new ResponseError(
          ErrorCodes.MethodNotFound,
          `The test client has no handler for ${method}. Add one with handleRequest().`,
        );
      }
      return handler(params);
    });
  }

  /** Sets or replaces the handler for one method of the requests the server sends. */
  handleRequest(method: string, handler: ServerRequestHandler): void {
    this.requestHandlers.set(method, handler);
  }

  /**
   * Sets the configuration tree that `workspace/configuration` reads, such as
   * `{ focalLoss: { enable: false } }`. With `scopeUri`, the tree applies to that resource only
   * and replaces the global one there, without merging.
   */
  setSettings(settings: Record<string, unknown>, scopeUri?: string): void {
    if (scopeUri === undefined) {
      this.settings = settings;
    } else {
      this.scopedSettings.set(scopeUri, settings);
    }
  }

  private configurationFor(item: ConfigurationItem): unknown {
    const scoped = item.scopeUri === undefined ? undefined : this.scopedSettings.get(item.scopeUri);
    let value: unknown = scoped ?? this.settings;
    for (const key of item.section?.split(".") ?? []) {
      value = isRecord(value) ? value[key] : undefined;
    }
    // The protocol returns null for a section that has no value.
    return value ?? null;
  }

  /** Sends `initialize` with `EDITOR_CAPABILITIES` unless the test gives its own, then `initialized`. */
  async initialize(
    overrides: Partial<Pick<InitializeParams, "capabilities" | "initializationOptions">> = {},
  ): Promise<InitializeResult> {
    const params: InitializeParams = {
      processId: process.pid,
      clientInfo: { name: "focal-loss-tests" },
      rootUri: null,
      workspaceFolders: null,
      capabilities: overrides.capabilities ?? EDITOR_CAPABILITIES,
      initializationOptions: overrides.initializationOptions,
    };
    const result = await this.answerOf(
      InitializeRequest.method,
      this.connection.sendRequest(InitializeRequest.type, params),
    );
    await this.connection.sendNotification(InitializedNotification.type, {});
    return result;
  }

  /** Sends any request, for features that have no helper here, such as code actions. */
  request<R = unknown>(method: string, params?: unknown): Promise<R> {
    const pending =
      params === undefined
        ? this.connection.sendRequest<R>(method)
        : this.connection.sendRequest<R>(method, params);
    return this.answerOf(method, pending);
  }

  notify(method: string, params?: unknown): Promise<void> {
    return params === undefined
      ? this.connection.sendNotification(method)
      : this.connection.sendNotification(method, params);
  }

  openDocument(uri: string, text: string, languageId = "python", version = 1): Promise<void> {
    return this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version, text },
    });
  }

  changeDocument(
    uri: string,
    version: number,
    contentChanges: TextDocumentContentChangeEvent[],
  ): Promise<void> {
    return this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges,
    });
  }

  closeDocument(uri: string): Promise<void> {
    return this.connection.sendNotification(DidCloseTextDocumentNotification.type, {
      textDocument: { uri },
    });
  }

  /**
   * Sends `workspace/didChangeConfiguration`. A client that the server pulls settings from sends
   * `{ settings: null }`, and a client without `workspace/configuration` sends the settings.
   */
  changeConfiguration(settings: unknown = null): Promise<void> {
    return this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings });
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    const params = { textDocument: { uri }, position };
    return this.answerOf(
      HoverRequest.method,
      this.connection.sendRequest(HoverRequest.type, params),
    );
  }

  /** Returns the last diagnostics published for `uri`, or undefined before the first. */
  latestDiagnostics(uri: string): PublishDiagnosticsParams | undefined {
    return this.publishes.filter((publish) => publish.uri === uri).at(-1);
  }

  /**
   * Waits until the last diagnostics published for `uri` satisfy `predicate`, checking the
   * current ones first and then each new publish. Rejects at the deadline or when the server
   * exits, quoting what was published.
   */
  waitForDiagnostics(
    uri: string,
    predicate: (publish: PublishDiagnosticsParams) => boolean = () => true,
    timeoutMs = DEFAULT_TIMEOUT_MS,
  ): Promise<PublishDiagnosticsParams> {
    return this.waitFor(
      `diagnostics for ${uri}`,
      () => {
        const latest = this.latestDiagnostics(uri);
        return latest !== undefined && predicate(latest) ? latest : undefined;
      },
      timeoutMs,
      () => {
        const forUri = this.publishes.filter((publish) => publish.uri === uri);
        return `Diagnostics published for ${uri}:\n${JSON.stringify(forUri, null, 2)}`;
      },
    );
  }

  /** Waits until the server has logged a message that satisfies `predicate`. */
  waitForLogMessage(
    predicate: (message: LogMessageParams) => boolean,
    timeoutMs = DEFAULT_TIMEOUT_MS,
  ): Promise<LogMessageParams> {
    return this.waitFor(
      "a matching window/logMessage",
      () => this.logMessages.find(predicate),
      timeoutMs,
    );
  }

  /** Waits until the server has sent a request of `method`, and returns the first one. */
  waitForServerRequest(method: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<ServerRequest> {
    return this.waitFor(
      `a ${method} request from the server`,
      () => this.serverRequests.find((request) => request.method === method),
      timeoutMs,
    );
  }

  /** Waits until the server process has exited, and returns its exit code and signal. */
  waitForExit(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<ProcessExit> {
    return this.waitFor("the server process to exit", () => this.exit, timeoutMs);
  }

  /** Sends `shutdown` and `exit` as an editor does, then asserts the server exited with code 0. */
  async shutdown(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
    await this.answerOf(ShutdownRequest.method, this.connection.sendRequest(ShutdownRequest.type));
    await this.connection.sendNotification(ExitNotification.type);
    const exit = await this.waitForExit(timeoutMs);
    this.connection.dispose();
    assert.deepEqual(exit, { code: 0, signal: null }, this.describeServer());
  }

  /** Kills the server if it is still running, and does nothing after a clean shutdown. */
  kill(): void {
    this.connection.dispose();
    if (this.exit === undefined && this.child.exitCode === null) {
      this.child.kill("SIGKILL");
    }
  }

  /** Quotes the server's stderr and log messages, for failure messages. */
  describeServer(): string {
    const logs = this.logMessages.map((message) => `[${message.type}] ${message.message}`);
    return [
      `Server exit: ${JSON.stringify(this.exit ?? "still running")}`,
      `Server stderr (last ${QUOTED_LINES} lines):\n${lastLines(this.stderr) || "(empty)"}`,
      `Server log messages (last ${QUOTED_LINES}):\n${logs.slice(-QUOTED_LINES).join("\n") || "(none)"}`,
    ].join("\n");
  }

  /**
   * Returns the response to a request, or rejects when the server exits or takes longer than
   * `timeoutMs`, because the test runner would otherwise wait forever for a lost response.
   */
  private async answerOf<T>(
    method: string,
    pending: Promise<T>,
    timeoutMs = DEFAULT_TIMEOUT_MS,
  ): Promise<T> {
    let outcome: { value: T } | { error: unknown } | undefined;
    pending.then(
      (value) => {
        outcome = { value };
        this.emit();
      },
      (error: unknown) => {
        outcome = { error };
        this.emit();
      },
    );
    const settled = await this.waitFor(`the response to ${method}`, () => outcome, timeoutMs);
    if ("error" in settled) {
      throw settled.error;
    }
    return settled.value;
  }

  private emit(): void {
    for (const listener of [...this.listeners]) {
      listener();
    }
  }

  /**
   * Resolves with the first value `check` returns after any event from the server, checking once
   * at the start. Rejects when the deadline passes or the process exits first.
   */
  private waitFor<T>(
    description: string,
    check: () => T | undefined,
    timeoutMs: number,
    describeState: () => string = () => "",
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const finish = (error?: Error, value?: T) => {
        clearTimeout(timer);
        this.listeners.delete(listener);
        if (error === undefined) {
          resolve(value as T);
        } else {
          reject(error);
        }
      };
      const fail = (reason: string) => {
        const details = [reason, describeState(), this.describeServer()].filter(Boolean);
        finish(new Error(details.join("\n")));
      };
      const listener = () => {
        const value = check();
        if (value !== undefined) {
          finish(undefined, value);
        } else if (this.spawnError !== undefined) {
          fail(`Starting the server failed while waiting for ${description}: ${this.spawnError}`);
        } else if (this.exit !== undefined) {
          fail(`The server exited while the test waited for ${description}.`);
        }
      };
      const timer = setTimeout(
        () => fail(`Timed out after ${timeoutMs} ms waiting for ${description}.`),
        timeoutMs,
      );
      this.listeners.add(listener);
      listener();
    });
  }
}
