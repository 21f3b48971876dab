import { validateCursorMessage, type CursorMessage } from "./messages";
import { InvalidMessageError, readNumber, readObject, readString } from "./validation";

/** The state the panel keeps across a window reload, through the webview's getState and setState. */
export interface PanelState {
  version: 1;
  cursor: CursorMessage | null;
  shape: SampleShape;
  seed: number;
  /** The text of the user's sample, as typed. */
  userSample: string;
}

/** The (N, C) shape of the random logits that the cursor's parameters are evaluated on. */
export interface SampleShape {
  n: number;
  c: number;
}

export const SHAPE_LIMITS = { maxN: 1024, maxC: 256, maxElements: 65_536 };
const MAX_SAMPLE_TEXT = 1_000_000;
const MAX_SEED = 2 ** 32 - 1;

export const DEFAULT_STATE: PanelState = {
  version: 1,
  cursor: null,
  shape: { n: 8, c: 4 },
  seed: 1,
  userSample: "",
};

/**
 * Returns the problem with a shape for the loss kind, or undefined when the runtime can evaluate
 * it within the panel's limits. Softmax needs two classes, because with one p_t is always 1.
 */
export function shapeProblem(shape: SampleShape, loss: "sigmoid" | "softmax"): string | undefined {
  const minC = loss === "softmax" ? 2 : 1;
  if (!Number.isInteger(shape.n) || shape.n < 1 || shape.n > SHAPE_LIMITS.maxN) {
    return `N must be an integer from 1 to ${SHAPE_LIMITS.maxN}, got ${shape.n}.`;
  }
  if (!Number.isInteger(shape.c) || shape.c < minC || shape.c > SHAPE_LIMITS.maxC) {
    return `C must be an integer from ${minC} to ${SHAPE_LIMITS.maxC} for ${loss}, got ${shape.c}.`;
  }
  if (shape.n * shape.c > SHAPE_LIMITS.maxElements) {
    return `N × C is ${shape.n * shape.c}, above the limit of ${SHAPE_LIMITS.maxElements}. Use a smaller N or C.`;
  }
  return undefined;
}

/** Validates a stored state. Throws InvalidMessageError naming the field. */
export function validatePanelState(value: unknown): PanelState {
  const state = readObject(value, "state", ["version", "cursor", "shape", "seed", "userSample"]);
  if (state.version !== 1) {
    throw new InvalidMessageError(
      "state.version",
      `state.version must be 1, got ${String(state.version)}.`,
    );
  }
  const shape = readObject(state.shape, "state.shape", ["n", "c"]);
  const seed = readNumber(state.seed, "state.seed", true);
  if (seed < 0 || seed > MAX_SEED) {
    throw new InvalidMessageError(
      "state.seed",
      `state.seed must be in [0, ${MAX_SEED}], got ${seed}.`,
    );
  }
  return {
    version: 1,
    cursor: state.cursor === null ? null : validateCursorMessage(state.cursor, "state.cursor"),
    shape: {
      n: readNumber(shape.n, "state.shape.n", true),
      c: readNumber(shape.c, "state.shape.c", true),
    },
    seed,
    userSample: readString(state.userSample, "state.userSample", MAX_SAMPLE_TEXT),
  };
}
