import { spawn, type ChildProcess } from "node:child_process";
import { StreamMessageReader, type Message } from "vscode-languageserver-protocol/node";
import type { ProcessExit, TestLifecycle } from "../../helpers/lspClient";
import { requireBuild } from "../../helpers/paths";

/**
 * The bundled server on stdio with nothing between the test and its stdin, for what LspClient
 * cannot send: bodies that are not JSON and JSON that is not JSON-RPC. It reads the server's
 * messages with vscode-jsonrpc's reader and waits on them with deadlines, never with sleeps.
 */
export class RawServer {
  readonly messages: Message[] = [];
  stderr = "";
  private exit: ProcessExit | undefined;
  private readonly listeners = new Set<() => void>();

  private constructor(private readonly child: ChildProcess) {
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      this.stderr += chunk;
    });
    child.on("exit", (code, signal) => {
      this.exit = { code, signal };
      this.emit();
    });
    new StreamMessageReader(child.stdout!).listen((message) => {
      this.messages.push(message);
      this.emit();
    });
  }

  /** Starts the server and registers `lifecycle.after` to kill it. */
  static start(lifecycle: TestLifecycle): RawServer {
    const args = [requireBuild("server.js"), "--stdio", `--clientProcessId=${process.pid}`];
    const server = new RawServer(spawn(process.execPath, args, { stdio: "pipe" }));
    lifecycle.after(() => server.kill());
    return server;
  }

  /** Writes bytes to the server's stdin exactly as given. */
  writeRaw(bytes: string): void {
    this.child.stdin?.write(bytes);
  }

  /** Writes `body` with a correct Content-Length header, whatever the body holds. */
  writeBody(body: string): void {
    this.writeRaw(`Content-Length: ${Buffer.byteLength(body, "utf8")}\r\n\r\n${body}`);
  }

  writeMessage(message: object): void {
    this.writeBody(JSON.stringify(message));
  }

  /** Sends `initialize` without `workspace/configuration`, so the server never requests settings. */
  async initialize(): Promise<void> {
    this.writeMessage({
      jsonrpc: "2.0",
      id: "initialize",
      method: "initialize",
      params: { processId: process.pid, rootUri: null, capabilities: {} },
    });
    await this.waitForResponse("initialize");
    this.writeMessage({ jsonrpc: "2.0", method: "initialized", params: {} });
  }

  /** Waits for the response to the request with `id` and returns it. */
  waitForResponse(id: string | number, timeoutMs = 10_000): Promise<Message> {
    return this.waitFor(
      `the response to request ${id}`,
      timeoutMs,
      (message) =>
        "id" in message && (message as { id: unknown }).id === id && !("method" in message),
    );
  }

  /** Waits for the first message, old or new, that satisfies `predicate`. */
  waitFor(what: string, timeoutMs: number, predicate: (message: Message) => boolean) {
    return new Promise<Message>((resolve, reject) => {
      const listener = () => {
        const found = this.messages.find(predicate);
        if (found !== undefined) {
          finish();
          resolve(found);
        } else if (this.exit !== undefined) {
          finish();
          reject(new Error(`The server exited (${JSON.stringify(this.exit)}) before ${what}.`));
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      this.listeners.add(listener);
      listener();
    });
  }

  /** Closes the server's stdin and waits for it to exit. */
  closeInput(timeoutMs = 10_000): Promise<ProcessExit> {
    this.child.stdin?.end();
    return new Promise<ProcessExit>((resolve, reject) => {
      const listener = () => {
        if (this.exit !== undefined) {
          clearTimeout(timer);
          this.listeners.delete(listener);
          resolve(this.exit);
        }
      };
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`The server did not exit within ${timeoutMs} ms of its stdin closing.`));
      }, timeoutMs);
      this.listeners.add(listener);
      listener();
    });
  }

  /** Returns the text of every window/logMessage received so far. */
  logMessages(): string[] {
    return this.messages.flatMap((message) => {
      const { method, params } = message as { method?: string; params?: { message?: string } };
      return method === "window/logMessage" && params?.message !== undefined
        ? [params.message]
        : [];
    });
  }

  kill(): void {
    if (this.exit === undefined && this.child.exitCode === null) {
      this.child.kill("SIGKILL");
    }
  }

  private emit(): void {
    for (const listener of [...this.listeners]) {
      listener();
    }
  }
}
