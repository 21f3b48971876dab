import type { Connection } from "vscode-languageserver";
import {
  DEFAULT_SETTINGS,
  parseSettings,
  pushedSection,
  SETTINGS_SECTION,
  type FocalLossSettings,
} from "../../src/common/settings";

/**
 * How long diagnostics wait for the client's response to `workspace/configuration`. A client can
 * declare the request and never respond to it, and its documents would then get no diagnostics.
 * Three seconds leave room for a busy editor and still show diagnostics soon. After the wait the
 * pushed settings (or the defaults) apply, and a late response replaces them.
 */
export const PULLED_SETTINGS_TIMEOUT_MS = 3_000;

/**
 * Reads settings per resource through `workspace/configuration` and caches them until the client
 * reports a change. Clients without that request (some editors over stdio) get the settings they
 * push with `workspace/didChangeConfiguration` or in `initializationOptions`.
 */
export class SettingsCache {
  private readonly cache = new Map<string, Promise<FocalLossSettings>>();
  private pushed: FocalLossSettings = DEFAULT_SETTINGS;
  private timeoutLogged = false;

  /**
   * `onLateSettings` runs with the URI whose pulled settings arrived after
   * PULLED_SETTINGS_TIMEOUT_MS, so that its diagnostics can be published again with them.
   */
  constructor(
    private readonly connection: Connection,
    private readonly canPull: boolean,
    private readonly onLateSettings: (uri: string) => void,
  ) {}

  /**
   * Stores settings that the client sent without being asked, in either shape that
   * pushedSection accepts. A value without focalLoss settings leaves the stored ones as they are.
   */
  push(value: unknown): void {
    const section = pushedSection(value);
    if (section !== undefined) {
      this.pushed = this.parse(section, "pushed settings");
    }
  }

  clear(): void {
    this.cache.clear();
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  get(uri: string): Promise<FocalLossSettings> {
    if (!this.canPull) {
      return Promise.resolve(this.pushed);
    }
    let settings = this.cache.get(uri);
    if (settings === undefined) {
      settings = this.pullWithTimeout(uri);
      this.cache.set(uri, settings);
    }
    return settings;
  }

  /**
   * Resolves with the pulled settings of `uri`, or with the pushed ones when the client has not
   * responded within PULLED_SETTINGS_TIMEOUT_MS. A response after that is cached in place of the
   * fallback, unless a settings change or a close has dropped the entry meanwhile.
   */
  private pullWithTimeout(uri: string): Promise<FocalLossSettings> {
    const reply = this.pull(uri);
    const settings = new Promise<FocalLossSettings>((resolve) => {
      const timer = setTimeout(() => {
        this.logTimeout(uri);
        resolve(this.pushed);
        void reply.then((late) => {
          if (this.cache.get(uri) === settings) {
            this.cache.set(uri, Promise.resolve(late));
            this.onLateSettings(uri);
          }
        });
      }, PULLED_SETTINGS_TIMEOUT_MS);
      void reply.then((value) => {
        clearTimeout(timer);
        resolve(value);
      });
    });
    return settings;
  }

  private pull(uri: string): Promise<FocalLossSettings> {
    return this.connection.workspace
      .getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION })
      .then(
        // A client without a value for the section returns null, and then the settings it
        // pushed, as in initializationOptions, still apply.
        (value: unknown) =>
          value === null || value === undefined ? this.pushed : this.parse(value, uri),
        (error: unknown) => {
          this.connection.console.error(
            `Reading settings for ${uri} failed, so defaults apply: ${String(error)}`,
          );
          return DEFAULT_SETTINGS;
        },
      );
  }

  /** Logs only the first timeout, because a client that never responds times out per document. */
  private logTimeout(uri: string): void {
    if (this.timeoutLogged) {
      return;
    }
    this.timeoutLogged = true;
    this.connection.console.warn(
      `The client did not respond to workspace/configuration for ${uri} within ` +
        `${PULLED_SETTINGS_TIMEOUT_MS} ms, so the settings from initializationOptions or ` +
        `workspace/didChangeConfiguration (or the defaults) apply until it responds. ` +
        `Later requests that time out are not logged.`,
    );
  }

  private parse(value: unknown, origin: string): FocalLossSettings {
    const { settings, problems } = parseSettings(value);
    for (const problem of problems) {
      this.connection.console.warn(`Invalid setting in ${origin}, using its default: ${problem}`);
    }
    return settings;
  }
}
