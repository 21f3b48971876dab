/**
 * The settings contract shared by the client and the server. The manifest's
 * `contributes.configuration` must agree with these defaults, and a test checks that it does.
 */

export const SETTINGS_SECTION = "focalLoss";

export const RULE_SEVERITY_NAMES = ["error", "warning", "information", "hint", "off"] as const;
export type RuleSeverityName = (typeof RULE_SEVERITY_NAMES)[number];

export const TRACE_LEVELS = ["off", "messages", "verbose"] as const;
export type TraceLevel = (typeof TRACE_LEVELS)[number];

/** Settings of one resource, as the server reads them under the `focalLoss` section. */
export interface FocalLossSettings {
  enable: boolean;
  /** Severity overrides keyed by rule code, such as `{ "FL003": "off" }`. */
  rules: Record<string, RuleSeverityName>;
  trace: { server: TraceLevel };
}

export const DEFAULT_SETTINGS: FocalLossSettings = {
  enable: true,
  rules: {},
  trace: { server: "off" },
};

/** The keys of the focalLoss section, which mark a pushed value as the section itself. */
const SECTION_KEYS: readonly string[] = Object.keys(DEFAULT_SETTINGS);

/**
 * Returns the focalLoss section of settings that a client pushed in
 * `initializationOptions.settings` or `workspace/didChangeConfiguration`. Clients send either the
 * section itself (`{ rules: … }`) or an object wrapping it (`{ focalLoss: { rules: … } }`), and a
 * top-level `focalLoss` key means wrapped. Returns undefined when the value contains neither, such
 * as null or only other extensions' settings. A value that is not an object is returned as it
 * is, so that parseSettings reports it.
 */
export function pushedSection(value: unknown): unknown {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== "object" || Array.isArray(value)) {
    return value;
  }

  const record = value as Record<string, unknown>;
  if (Object.hasOwn(record, SETTINGS_SECTION)) {
    return record[SETTINGS_SECTION];
  }
  return SECTION_KEYS.some((key) => Object.hasOwn(record, key)) ? record : undefined;
}

/**
 * Normalises a settings value received from a client into a complete settings object.
 * Unknown or mistyped fields fall back to their defaults, and each one is reported in `problems`
 * so that the server can log it instead of failing.
 */
export function parseSettings(value: unknown): { settings: FocalLossSettings; problems: string[] } {
  const problems: string[] = [];
  const settings: FocalLossSettings = {
    enable: DEFAULT_SETTINGS.enable,
    rules: {},
    trace: { ...DEFAULT_SETTINGS.trace },
  };
  if (value === undefined || value === null) {
    return { settings, problems };
  }
  if (typeof value !== "object") {
    problems.push(`focalLoss settings must be an object, got ${JSON.stringify(value)}.`);
    return { settings, problems };
  }

  const raw = value as Record<string, unknown>;
  if (raw.enable !== undefined) {
    if (typeof raw.enable === "boolean") {
      settings.enable = raw.enable;
    } else {
      problems.push(`focalLoss.enable must be true or false, got ${JSON.stringify(raw.enable)}.`);
    }
  }

  if (raw.rules !== undefined && raw.rules !== null) {
    if (typeof raw.rules !== "object" || Array.isArray(raw.rules)) {
      problems.push(`focalLoss.rules must be an object such as { "FL003": "off" }.`);
    } else {
      for (const [code, severity] of Object.entries(raw.rules as Record<string, unknown>)) {
        if (RULE_SEVERITY_NAMES.includes(severity as RuleSeverityName)) {
          settings.rules[code] = severity as RuleSeverityName;
        } else {
          problems.push(
            `focalLoss.rules.${code} must be one of ${RULE_SEVERITY_NAMES.join(", ")}, ` +
              `got ${JSON.stringify(severity)}.`,
          );
        }
      }
    }
  }

  const trace = (raw.trace as Record<string, unknown> | undefined)?.server;
  if (trace !== undefined) {
    if (TRACE_LEVELS.includes(trace as TraceLevel)) {
      settings.trace.server = trace as TraceLevel;
    } else {
      problems.push(
        `focalLoss.trace.server must be one of ${TRACE_LEVELS.join(", ")}, got ${JSON.stringify(trace)}.`,
      );
    }
  }
  return { settings, problems };
}
