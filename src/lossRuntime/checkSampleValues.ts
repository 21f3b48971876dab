import type { FlatArray } from "./nestedArrays";
import { DEFAULT_IGNORE_INDEX, resolveOptions } from "./options";
import type { ParsedSample } from "./parseSample";
import { ValidationError } from "./validationError";

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * Checks the shapes and values of a parsed sample against each other and returns the dtype that
 * the target tensor needs: int32 for class indices, float32 for probabilities.
 * Errors name the element path, such as `target[2]`, which the tensor functions cannot do.
 */
export function checkSampleValues(sample: ParsedSample): "int32" | "float32" {
  const { input, target } = sample;
  const minRank = sample.loss === "softmax" ? 2 : 1;
  if (input.shape.length < minRank) {
    throw new ValidationError(
      "input",
      `input must have shape (N, C, ...) for loss "softmax", got [${input.shape.join(", ")}]. ` +
        "Wrap a single sample in an outer array: [[...]].",
    );
  }
  // Options first, so that an invalid ignoreIndex is reported rather than a target it misses.
  resolveOptions(sample.loss, sample.options, input.shape.length >= 2 ? input.shape[1] : 1);
  if (sample.options.fromLogits === false) {
    checkProbabilities(sample);
  }

  const sameShape = sameValues(target.shape, input.shape);
  const indexShape = input.shape.filter((_, axis) => axis !== 1);
  if (sample.loss === "softmax" && !sameShape && sameValues(target.shape, indexShape)) {
    checkClassIndices(target, input.shape[1], sample.options.ignoreIndex ?? DEFAULT_IGNORE_INDEX);
    return "int32";
  }
  if (!sameShape) {
    const indexForm =
      sample.loss === "softmax" ? ` or class indices of shape [${indexShape.join(", ")}]` : "";
    throw new ValidationError(
      "target",
      `target shape [${target.shape.join(", ")}] does not match input shape ` +
        `[${input.shape.join(", ")}]. Pass targets in [0, 1] of the input's shape${indexForm}.`,
    );
  }
  target.values.forEach((value, i) => {
    if (value < 0 || value > 1) {
      throw new ValidationError(
        elementPath("target", i, target.shape),
        `${elementPath("target", i, target.shape)} is ${value}, outside [0, 1]. ` +
          "Float targets are probabilities: 1 for a positive, 0 for a negative.",
      );
    }
  });
  return "float32";
}

function checkClassIndices(target: FlatArray, numClasses: number, ignoreIndex: number): void {
  target.values.forEach((value, i) => {
    const path = elementPath("target", i, target.shape);
    if (!Number.isInteger(value) || value < INT32_MIN || value > INT32_MAX) {
      throw new ValidationError(
        path,
        `${path} is ${value}, but class-index targets must be integers. ` +
          "Pass soft targets with the input's shape to use fractional values.",
      );
    }
    if ((value < 0 || value >= numClasses) && value !== ignoreIndex) {
      throw new ValidationError(
        path,
        `${path} is ${value}, outside the class range [0, ${numClasses}) and not ignoreIndex ` +
          `(${ignoreIndex}). Use a class index below ${numClasses} or set ignoreIndex.`,
      );
    }
  });
}

// Probabilities must lie in [0, 1], and for softmax every position needs a positive sum over
// the classes, because the input is renormalised by that sum.
function checkProbabilities(sample: ParsedSample): void {
  const { shape, values } = sample.input;
  values.forEach((value, i) => {
    if (value < 0 || value > 1) {
      const path = elementPath("input", i, shape);
      throw new ValidationError(
        path,
        `${path} is ${value}, but fromLogits is false, so the input must contain probabilities ` +
          "in [0, 1]. Pass logits with fromLogits true (the default) instead.",
      );
    }
  });
  if (sample.loss !== "softmax") {
    return;
  }

  const numClasses = shape[1];
  const inner = shape.slice(2).reduce((product, size) => product * size, 1);
  for (let n = 0; n < shape[0]; n++) {
    for (let s = 0; s < inner; s++) {
      let total = 0;
      for (let c = 0; c < numClasses; c++) {
        total += values[(n * numClasses + c) * inner + s];
      }
      if (total <= 0) {
        const path = elementPath("input", n * numClasses * inner + s, shape);
        throw new ValidationError(
          "input",
          `The probabilities along axis 1 at ${path} sum to 0, so they cannot be renormalised. ` +
            "Give each position at least one positive class probability.",
        );
      }
    }
  }
}

/** Returns the nested path of a row-major flat index, such as `target[1][0]`. */
export function elementPath(field: string, flatIndex: number, shape: number[]): string {
  const indices: number[] = [];
  let rest = flatIndex;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    indices.unshift(rest % shape[axis]);
    rest = Math.floor(rest / shape[axis]);
  }
  return field + indices.map((index) => `[${index}]`).join("");
}

function sameValues(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
