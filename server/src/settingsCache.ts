import type { Connection } from "vscode-languageserver";
import {
  DEFAULT_SETTINGS,
  parseSettings,
  SETTINGS_SECTION,
  type FocalLossSettings,
} from "../../src/common/settings";

/**
 * Reads settings per resource through `workspace/configuration` and caches them until the client
 * reports a change. Clients without that request (some editors over stdio) get the settings they
 * push with `workspace/didChangeConfiguration` or in `initializationOptions`.
 */
export class SettingsCache {
  private readonly cache = new Map<string, Promise<FocalLossSettings>>();
  private pushed: FocalLossSettings = DEFAULT_SETTINGS;

  constructor(
    private readonly connection: Connection,
    private readonly canPull: boolean,
  ) {}

  /** Stores settings that the client sent without being asked. */
  push(value: unknown): void {
    this.pushed = this.parse(value, "pushed settings");
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
      settings = this.connection.workspace
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
      this.cache.set(uri, settings);
    }
    return settings;
  }

  private parse(value: unknown, origin: string): FocalLossSettings {
    const { settings, problems } = parseSettings(value);
    for (const problem of problems) {
      this.connection.console.warn(`Invalid setting in ${origin}, using its default: ${problem}`);
    }
    return settings;
  }
}
