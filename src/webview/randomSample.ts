import type { CursorParameters } from "./cursorParameters";
import type { SampleShape } from "./panelState";

/** The evaluateSample inputs for the cursor's parameters: the focal loss and its γ = 0 twin. */
export interface CursorSamples {
  focalLoss: Record<string, unknown>;
  crossEntropy: Record<string, unknown>;
  /** How many positions carry ignoreIndex. */
  ignored: number;
}

// Standard deviation of the logits: wide enough for a mix of easy and hard examples.
const LOGIT_SCALE = 2;
const POSITIVE_RATE = 0.3;
// The share of positions set to a non-default ignoreIndex, so that its handling is exercised.
const IGNORED_RATE = 0.125;
const DEFAULT_IGNORE_INDEX = -100;

/** mulberry32: a small seeded generator of uniform numbers in [0, 1). */
function uniformGenerator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Rounds to 4 decimals, so that the logits read well and float32 represents them closely. */
const round4 = (value: number): number => Math.round(value * 1e4) / 1e4;

/**
 * Builds normal logits of shape (N, C) and random targets from `seed`: class indices for
 * softmax, with one position in eight set to ignoreIndex when the code sets one other than
 * -100, and 0/1 targets for sigmoid. The same seed and shape always give the same sample.
 */
export function cursorSamples(
  parameters: CursorParameters,
  shape: SampleShape,
  seed: number,
): CursorSamples {
  const uniform = uniformGenerator(seed);
  // Box-Muller: two uniforms give one standard normal.
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  const input = Array.from({ length: shape.n }, () =>
    Array.from({ length: shape.c }, () => round4(LOGIT_SCALE * normal())),
  );

  let target: number[] | number[][];
  let ignored = 0;
  if (parameters.loss === "softmax") {
    const ignoreIndex = parameters.ignoreIndex;
    const useIgnoreIndex = ignoreIndex !== undefined && ignoreIndex !== DEFAULT_IGNORE_INDEX;
    target = Array.from({ length: shape.n }, () => {
      const label = Math.floor(uniform() * shape.c);
      if (useIgnoreIndex && uniform() < IGNORED_RATE) {
        ignored++;
        return ignoreIndex;
      }
      return label;
    });
  } else {
    target = input.map((row) => row.map(() => (uniform() < POSITIVE_RATE ? 1 : 0)));
  }

  const common = { loss: parameters.loss, input, target, reduction: parameters.reduction };
  const ignoreIndex =
    parameters.loss === "softmax" && parameters.ignoreIndex !== undefined
      ? { ignoreIndex: parameters.ignoreIndex }
      : {};
  return {
    focalLoss: { ...common, ...ignoreIndex, alpha: parameters.alpha, gamma: parameters.gamma },
    crossEntropy: { ...common, ...ignoreIndex, alpha: null, gamma: 0 },
    ignored,
  };
}
