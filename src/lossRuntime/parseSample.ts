import { BACKEND_NAMES, type BackendName } from "./backends";
import { describe, flattenNestedArray, type FlatArray } from "./nestedArrays";
import { REDUCTIONS, type Alpha, type Reduction } from "./options";
import { ValidationError } from "./validationError";

/** One loss evaluation request as JSON, from the webview or a tool. */
export interface Sample {
  loss: "sigmoid" | "softmax";
  /** Logits, or probabilities when `fromLogits` is false, shaped (N, C, ...) for softmax. */
  input: unknown[];
  /** Float targets of the input's shape, or class indices of the input's shape without axis 1. */
  target: unknown[];
  fromLogits?: boolean;
  alpha?: Alpha;
  gamma?: number;
  reduction?: Reduction;
  ignoreIndex?: number;
  /** Whether to return d(sum of the loss output)/d(input). */
  gradient?: boolean;
  backend?: BackendName;
}

/** A sample whose fields have the right types, with its arrays flattened. */
export interface ParsedSample {
  loss: "sigmoid" | "softmax";
  input: FlatArray;
  target: FlatArray;
  options: {
    alpha?: Alpha;
    gamma?: number;
    reduction?: Reduction;
    fromLogits?: boolean;
    ignoreIndex?: number;
  };
  gradient: boolean;
  backend: BackendName;
}

const SAMPLE_FIELDS = [
  "loss",
  "input",
  "target",
  "fromLogits",
  "alpha",
  "gamma",
  "reduction",
  "ignoreIndex",
  "gradient",
  "backend",
];

/**
 * Checks the fields of a sample and their types, and flattens its arrays. Value ranges that
 * depend on the input's shape (alpha length, class indices, target values) are checked later.
 * Throws ValidationError naming the field.
 */
export function parseSample(sample: unknown): ParsedSample {
  if (typeof sample !== "object" || sample === null || Array.isArray(sample)) {
    throw new ValidationError(
      "sample",
      `A sample must be a JSON object such as {"loss": "softmax", "input": [[2, 0]], ` +
        `"target": [0]}, got ${describe(sample)}.`,
    );
  }
  const fields = sample as Record<string, unknown>;
  for (const name of Object.keys(fields)) {
    if (!SAMPLE_FIELDS.includes(name)) {
      throw new ValidationError(
        name,
        `Unknown field "${name}". Known fields: ${SAMPLE_FIELDS.join(", ")}.`,
      );
    }
  }

  const loss = fields.loss;
  if (loss === undefined) {
    throw new ValidationError("loss", 'loss is missing. Set it to "sigmoid" or "softmax".');
  }
  if (loss !== "sigmoid" && loss !== "softmax") {
    throw new ValidationError(
      "loss",
      `loss must be "sigmoid" or "softmax", got ${describe(loss)}.`,
    );
  }
  if (fields.input === undefined) {
    throw new ValidationError("input", "input is missing. Pass the logits as a nested array.");
  }
  if (fields.target === undefined) {
    throw new ValidationError("target", "target is missing. Pass the targets as a nested array.");
  }
  if (loss === "sigmoid" && fields.ignoreIndex !== undefined) {
    throw new ValidationError(
      "ignoreIndex",
      'ignoreIndex applies only to loss "softmax" with class-index targets. Remove it.',
    );
  }

  const input = flattenNestedArray(fields.input, "input");
  checkLogitRange(input);
  return {
    loss,
    input,
    target: flattenNestedArray(fields.target, "target"),
    options: {
      alpha: optionalAlpha(fields.alpha),
      gamma: optionalOf(fields, "gamma", "number"),
      reduction: optionalReduction(fields.reduction),
      fromLogits: optionalOf(fields, "fromLogits", "boolean"),
      ignoreIndex: optionalOf(fields, "ignoreIndex", "number"),
    },
    gradient: optionalOf(fields, "gradient", "boolean") ?? false,
    backend: optionalBackend(fields.backend),
  };
}

/**
 * The largest logit magnitude that evaluates in float32. The softmax form subtracts the row's
 * maximum from each logit, and a difference of two values above half of float32's maximum
 * overflows to infinity, which gives an infinite loss and a NaN gradient.
 */
const MAX_LOGIT_MAGNITUDE = 1.7e38;

/** Rejects logits whose differences would overflow float32. Probabilities are in [0, 1] anyway. */
function checkLogitRange(input: FlatArray): void {
  const index = input.values.findIndex((value) => Math.abs(value) > MAX_LOGIT_MAGNITUDE);
  if (index !== -1) {
    const path = `input${elementPath(index, input.shape)}`;
    throw new ValidationError(
      path,
      `${path} is ${input.values[index]}. Logits must lie within ` +
        `±${MAX_LOGIT_MAGNITUDE}, because differences of larger ones overflow float32, the type ` +
        "tfjs computes in. Scale the logits down.",
    );
  }
}

/** Turns a row-major flat index into an element path such as `[1][0]`. */
function elementPath(flatIndex: number, shape: readonly number[]): string {
  const indices: number[] = [];
  let rest = flatIndex;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    indices.unshift(rest % shape[axis]);
    rest = Math.floor(rest / shape[axis]);
  }
  return indices.map((index) => `[${index}]`).join("");
}

function optionalOf<T extends "number" | "boolean">(
  fields: Record<string, unknown>,
  name: string,
  type: T,
): (T extends "number" ? number : boolean) | undefined {
  const value = fields[name];
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== type) {
    throw new ValidationError(name, `${name} must be a ${type}, got ${describe(value)}.`);
  }
  return value as T extends "number" ? number : boolean;
}

function optionalAlpha(value: unknown): Alpha | undefined {
  if (value === undefined || value === null || typeof value === "number") {
    return value;
  }
  if (Array.isArray(value) && value.every((weight) => typeof weight === "number")) {
    return value as number[];
  }
  throw new ValidationError(
    "alpha",
    `alpha must be null, a number or an array of numbers (one per class), got ${describe(value)}.`,
  );
}

function optionalReduction(value: unknown): Reduction | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!REDUCTIONS.includes(value as Reduction)) {
    throw new ValidationError(
      "reduction",
      `reduction must be "none", "mean" or "sum", got ${describe(value)}.`,
    );
  }
  return value as Reduction;
}

function optionalBackend(value: unknown): BackendName {
  if (value === undefined) {
    return "cpu";
  }
  if (!BACKEND_NAMES.includes(value as BackendName)) {
    throw new ValidationError(
      "backend",
      `backend must be "cpu", "wasm" or "webgl", got ${describe(value)}.`,
    );
  }
  return value as BackendName;
}
