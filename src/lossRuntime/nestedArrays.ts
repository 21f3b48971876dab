import { ValidationError } from "./validationError";

/** A rectangular nested number array as a shape and its values in row-major order. */
export interface FlatArray {
  shape: number[];
  values: number[];
}

// Focal loss inputs are (N, C, ...) with a few spatial axes. The limit keeps the recursion over
// untrusted JSON shallow.
const MAX_RANK = 8;
const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Flattens a nested array of finite numbers, such as [[1, 2], [3, 4]], and returns its shape.
 * Throws ValidationError naming the element path (`input[1][0]`) for ragged or empty arrays,
 * values that are not numbers, NaN, infinities and values outside the float32 range.
 */
export function flattenNestedArray(value: unknown, field: string): FlatArray {
  if (!Array.isArray(value)) {
    throw new ValidationError(
      field,
      `${field} must be a nested array of numbers such as [[0.5, -1.2]], got ${describe(value)}.`,
    );
  }

  // The first element at each depth fixes the expected shape, and the walk checks the rest.
  const shape: number[] = [];
  let probe: unknown = value;
  while (Array.isArray(probe)) {
    if (probe.length === 0) {
      throw new ValidationError(
        field,
        `${field} contains an empty array. Every axis needs at least one element.`,
      );
    }
    if (shape.length === MAX_RANK) {
      throw new ValidationError(field, `${field} has more than ${MAX_RANK} dimensions.`);
    }
    shape.push(probe.length);
    probe = probe[0];
  }

  const values: number[] = [];
  collectValues(value, shape, 0, field, values);
  return { shape, values };
}

function collectValues(
  node: unknown,
  shape: number[],
  depth: number,
  path: string,
  values: number[],
): void {
  if (depth === shape.length) {
    values.push(checkNumber(node, path));
    return;
  }
  if (!Array.isArray(node)) {
    throw new ValidationError(
      path,
      `${path} is ${describe(node)} where an array of ${shape[depth]} elements was expected. ` +
        "The array is ragged: every row at one depth must have the same length.",
    );
  }
  if (node.length !== shape[depth]) {
    throw new ValidationError(
      path,
      `${path} has ${node.length} elements but the first array at this depth has ` +
        `${shape[depth]}. The array is ragged: every row at one depth must have the same length.`,
    );
  }
  for (let i = 0; i < node.length; i++) {
    collectValues(node[i], shape, depth + 1, `${path}[${i}]`, values);
  }
}

function checkNumber(node: unknown, path: string): number {
  if (typeof node !== "number") {
    const nested = Array.isArray(node) ? " The array is ragged: it nests deeper here." : "";
    throw new ValidationError(path, `${path} must be a number, got ${describe(node)}.${nested}`);
  }
  if (Number.isNaN(node)) {
    throw new ValidationError(path, `${path} is NaN. Every value must be a finite number.`);
  }
  if (!Number.isFinite(node) || Math.abs(node) > FLOAT32_MAX) {
    throw new ValidationError(
      path,
      `${path} is ${node}, outside the float32 range (|x| <= 3.4e38) that tfjs computes in.`,
    );
  }
  return node;
}

/** Describes a JSON value for an error message, such as `string "2"` or `an array`. */
export function describe(value: unknown): string {
  if (value === null) {
    return "null";
  }
  if (Array.isArray(value)) {
    return "an array";
  }
  if (typeof value === "string") {
    return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  }
  if (typeof value === "object") {
    return "an object";
  }
  return `${typeof value} ${String(value)}`;
}
