import { MAX_SOURCE_LENGTH, type CursorParameters } from "./cursorParameters";
import {
  describeValue,
  readArray,
  readEnum,
  readNumber,
  readObject,
  readString,
  InvalidMessageError,
} from "./validation";

/*
 * The messages between the "Evaluate Sample" webview and the extension, with validators for
 * both directions. The extension validates every message the webview posts, because a webview
 * runs a large third-party bundle (tfjs) and must be treated as untrusted.
 */

export type CopyFormat = "markdown" | "json";
export type LogLevel = "info" | "warning" | "error";

/** Messages the webview posts to the extension. */
export type WebviewMessage =
  /** The page has loaded and listens; the extension replies with the cursor's parameters. */
  | { type: "ready" }
  /** Asks the extension to read the parameters at the cursor of the last active editor again. */
  | { type: "readCursor" }
  | { type: "copy"; format: CopyFormat; text: string }
  /** A line for the "Focal Loss" output channel, such as the backend that ran. */
  | { type: "log"; level: LogLevel; message: string };

/** The parameters under the cursor as the extension sends them, with where they came from. */
export interface CursorMessage {
  type: "cursorParameters";
  parameters: CursorParameters | null;
  /** File name and line, such as "train.py:12", or null without an editor. */
  location: string | null;
  /** The reason there are no parameters, or the problem reading them. */
  note: string | null;
}

/** Messages the extension posts to the webview. */
export type ExtensionMessage =
  | CursorMessage
  | { type: "copyResult"; format: CopyFormat; error: string | null };

// Limits keep a misbehaving page from filling the clipboard or the log.
const MAX_COPY_LENGTH = 2_000_000;
const MAX_LOG_LENGTH = 4_000;
const MAX_NOTE_LENGTH = 1_000;
const MAX_NOTES = 20;
const MAX_CLASSES = 4_096;
const COPY_FORMATS: readonly CopyFormat[] = ["markdown", "json"];

/** Validates a message posted by the webview. Throws InvalidMessageError naming the field. */
export function validateWebviewMessage(value: unknown): WebviewMessage {
  const type = messageType(value, ["ready", "readCursor", "copy", "log"] as const);
  switch (type) {
    case "ready":
    case "readCursor":
      readObject(value, "message", ["type"]);
      return { type };
    case "copy": {
      const message = readObject(value, "message", ["type", "format", "text"]);
      return {
        type,
        format: readEnum(message.format, "message.format", COPY_FORMATS),
        text: readString(message.text, "message.text", MAX_COPY_LENGTH),
      };
    }
    case "log": {
      const message = readObject(value, "message", ["type", "level", "message"]);
      return {
        type,
        level: readEnum(message.level, "message.level", ["info", "warning", "error"] as const),
        message: readString(message.message, "message.message", MAX_LOG_LENGTH),
      };
    }
  }
}

/** Validates a message posted by the extension (or the preview's stand-in). */
export function validateExtensionMessage(value: unknown): ExtensionMessage {
  const type = messageType(value, ["cursorParameters", "copyResult"] as const);
  if (type === "copyResult") {
    const message = readObject(value, "message", ["type", "format", "error"]);
    return {
      type,
      format: readEnum(message.format, "message.format", COPY_FORMATS),
      error: readNullable(message.error, (error) =>
        readString(error, "message.error", MAX_NOTE_LENGTH),
      ),
    };
  }
  return validateCursorMessage(value, "message");
}

export function validateCursorMessage(value: unknown, path: string): CursorMessage {
  const message = readObject(value, path, ["type", "parameters", "location", "note"]);
  readEnum(message.type, `${path}.type`, ["cursorParameters"]);
  return {
    type: "cursorParameters",
    parameters: readNullable(message.parameters, (parameters) =>
      validateCursorParameters(parameters, `${path}.parameters`),
    ),
    location: readNullable(message.location, (location) =>
      readString(location, `${path}.location`, MAX_NOTE_LENGTH),
    ),
    note: readNullable(message.note, (note) => readString(note, `${path}.note`, MAX_NOTE_LENGTH)),
  };
}

/** Validates the result of `focalLoss/parametersAtCursor`, which comes from the server. */
export function validateCursorParameters(value: unknown, path: string): CursorParameters {
  const record = readObject(
    value,
    path,
    ["loss", "alpha", "gamma", "reduction", "source", "callee", "line", "notes"],
    ["ignoreIndex"],
  );
  const parameters: CursorParameters = {
    loss: readEnum(record.loss, `${path}.loss`, ["sigmoid", "softmax"] as const),
    alpha: readAlpha(record.alpha, `${path}.alpha`),
    gamma: readNumber(record.gamma, `${path}.gamma`),
    reduction: readEnum(record.reduction, `${path}.reduction`, ["none", "mean", "sum"] as const),
    source: readString(record.source, `${path}.source`, MAX_SOURCE_LENGTH),
    callee: readString(record.callee, `${path}.callee`, MAX_SOURCE_LENGTH),
    line: readNumber(record.line, `${path}.line`, true),
    notes: readArray(record.notes, `${path}.notes`, MAX_NOTES, (note, notePath) =>
      readString(note, notePath, MAX_NOTE_LENGTH),
    ),
  };
  if (record.ignoreIndex !== undefined) {
    parameters.ignoreIndex = readNumber(record.ignoreIndex, `${path}.ignoreIndex`, true);
  }
  return parameters;
}

function readAlpha(value: unknown, path: string): number | number[] | null {
  if (value === null) {
    return null;
  }
  if (Array.isArray(value)) {
    return readArray(value, path, MAX_CLASSES, (item, itemPath) => readNumber(item, itemPath));
  }
  if (typeof value !== "number") {
    throw new InvalidMessageError(
      path,
      `${path} must be null, a number or an array of numbers, got ${typeof value}.`,
    );
  }
  return readNumber(value, path);
}

/** Reads the `type` of a message, before its other fields are checked against that type. */
function messageType<T extends string>(value: unknown, types: readonly T[]): T {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidMessageError(
      "message",
      `message must be an object, got ${describeValue(value)}.`,
    );
  }
  return readEnum((value as Record<string, unknown>).type, "message.type", types);
}

function readNullable<T>(value: unknown, read: (value: unknown) => T): T | null {
  return value === null ? null : read(value);
}
