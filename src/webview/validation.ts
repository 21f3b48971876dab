/*
 * A small schema checker for the JSON that crosses the webview boundary. Each reader returns the
 * value with its static type or throws InvalidMessageError naming the path, such as
 * `message.parameters.alpha[2]`, the value found and what was expected.
 */

export class InvalidMessageError extends Error {
  override readonly name = "InvalidMessageError";

  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/** Describes a value for an error message without echoing long or nested content. */
export function describeValue(value: unknown): string {
  if (value === null) {
    return "null";
  }
  if (Array.isArray(value)) {
    return `an array of ${value.length}`;
  }
  if (typeof value === "string") {
    return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  }
  if (typeof value === "object") {
    return "an object";
  }
  return `${typeof value} ${String(value)}`;
}

function fail(path: string, expected: string, value: unknown): never {
  throw new InvalidMessageError(path, `${path} must be ${expected}, got ${describeValue(value)}.`);
}

/**
 * Checks that `value` is a plain object whose keys are all in `required` or `optional`, and
 * returns it as a record.
 */
export function readObject(
  value: unknown,
  path: string,
  required: readonly string[],
  optional: readonly string[] = [],
): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    fail(path, "an object", value);
  }
  const record = value as Record<string, unknown>;
  for (const key of required) {
    if (!Object.hasOwn(record, key)) {
      throw new InvalidMessageError(`${path}.${key}`, `${path}.${key} is missing.`);
    }
  }
  for (const key of Object.keys(record)) {
    if (!required.includes(key) && !optional.includes(key)) {
      throw new InvalidMessageError(
        `${path}.${key}`,
        `${path}.${key} is not a known field. Known fields: ${[...required, ...optional].join(", ")}.`,
      );
    }
  }
  return record;
}

export function readString(value: unknown, path: string, maxLength: number): string {
  if (typeof value !== "string") {
    fail(path, "a string", value);
  }
  if (value.length > maxLength) {
    throw new InvalidMessageError(
      path,
      `${path} has ${value.length} characters, more than the limit of ${maxLength}.`,
    );
  }
  return value;
}

export function readEnum<T extends string>(value: unknown, path: string, options: readonly T[]): T {
  if (typeof value !== "string" || !options.includes(value as T)) {
    fail(path, `one of ${options.map((option) => JSON.stringify(option)).join(", ")}`, value);
  }
  return value as T;
}

/** Reads a finite number; `integer` also requires a safe integer. */
export function readNumber(value: unknown, path: string, integer = false): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    fail(path, "a finite number", value);
  }
  if (integer && !Number.isSafeInteger(value)) {
    fail(path, "an integer", value);
  }
  return value;
}

export function readArray<T>(
  value: unknown,
  path: string,
  maxLength: number,
  readItem: (item: unknown, itemPath: string) => T,
): T[] {
  if (!Array.isArray(value)) {
    fail(path, "an array", value);
  }
  if (value.length > maxLength) {
    throw new InvalidMessageError(
      path,
      `${path} has ${value.length} items, more than the limit of ${maxLength}.`,
    );
  }
  return value.map((item, index) => readItem(item, `${path}[${index}]`));
}
