import type { CursorParameters, LossKind, Reduction } from "../../../src/webview/cursorParameters";

/** An argument's value as the parameter extraction can read it from the source. */
export type LiteralValue =
  | { kind: "number"; value: number }
  | { kind: "string"; value: string }
  | { kind: "boolean"; value: boolean }
  | { kind: "null" }
  | { kind: "numbers"; values: number[] }
  /** Anything else, such as a variable: `text` is the expression as written. */
  | { kind: "other"; text: string };

/** A focal-loss API whose parameters the panel can evaluate, with its defaults. */
export interface FocalLossSignature {
  loss: LossKind;
  /** Parameter names in positional order, as the API spells them. */
  positional: readonly string[];
  alphaName: string;
  gammaName: string;
  reductionName: string;
  ignoreIndexName?: string;
  /** Keras' BinaryFocalCrossentropy applies alpha only when this argument is True. */
  classBalancingName?: string;
  defaults: { alpha: number | null; gamma: number; reduction: string; ignoreIndex?: number };
  /** Maps the API's reduction names to the runtime's; identity when absent. */
  reductions?: Readonly<Record<string, Reduction>>;
  /** A fact about the API that the panel shows with its result. */
  note?: string;
  /** A fact that the panel shows when the reduction is "sum" or "none". */
  unreducedNote?: string;
}

const KERAS_REDUCTIONS: Record<string, Reduction> = {
  sum_over_batch_size: "mean",
  auto: "mean",
  mean: "mean",
  sum: "sum",
  none: "none",
};

// keras.losses.BinaryFocalCrossentropy takes the mean over the last axis before its reduction.
const KERAS_UNREDUCED_NOTE =
  "Keras averages BinaryFocalCrossentropy over the class axis first, so its 'sum' is this " +
  "panel's divided by C and its 'none' has one loss per sample.";

/** Python callees by their last name: `nn.FocalLoss`, `torchvision.ops.sigmoid_focal_loss`… */
export const PYTHON_SIGNATURES: Readonly<Record<string, FocalLossSignature>> = {
  // The FocalLoss that the FL001 quick fix inserts (templates/python/focal_loss.py), which is
  // also what `nn.FocalLoss(...)` is rewritten to.
  FocalLoss: {
    loss: "softmax",
    positional: ["alpha", "gamma", "reduction", "ignore_index"],
    alphaName: "alpha",
    gammaName: "gamma",
    reductionName: "reduction",
    ignoreIndexName: "ignore_index",
    defaults: { alpha: null, gamma: 2, reduction: "mean", ignoreIndex: -100 },
  },
  // torchvision.ops.sigmoid_focal_loss (0.14) and the FL002 quick fix's copy share this signature.
  sigmoid_focal_loss: {
    loss: "sigmoid",
    positional: ["inputs", "targets", "alpha", "gamma", "reduction"],
    alphaName: "alpha",
    gammaName: "gamma",
    reductionName: "reduction",
    defaults: { alpha: 0.25, gamma: 2, reduction: "none" },
  },
  // Keras 3 and tf.keras 2.13+.
  BinaryFocalCrossentropy: {
    loss: "sigmoid",
    positional: ["apply_class_balancing", "alpha", "gamma", "from_logits", "label_smoothing"],
    alphaName: "alpha",
    gammaName: "gamma",
    reductionName: "reduction",
    classBalancingName: "apply_class_balancing",
    defaults: { alpha: 0.25, gamma: 2, reduction: "sum_over_batch_size" },
    reductions: KERAS_REDUCTIONS,
    unreducedNote: KERAS_UNREDUCED_NOTE,
  },
  CategoricalFocalCrossentropy: {
    loss: "softmax",
    positional: ["alpha", "gamma", "from_logits", "label_smoothing"],
    alphaName: "alpha",
    gammaName: "gamma",
    reductionName: "reduction",
    defaults: { alpha: 0.25, gamma: 2, reduction: "sum_over_batch_size" },
    reductions: KERAS_REDUCTIONS,
  },
};

const TS_OPTION_NAMES = {
  positional: [],
  alphaName: "alpha",
  gammaName: "gamma",
  reductionName: "reduction",
} as const;

/**
 * TypeScript and JavaScript callees. The runtime's functions take an options object
 * `{ alpha, gamma, reduction }`, which is read for every callee.
 */
export const TYPESCRIPT_SIGNATURES: Readonly<Record<string, FocalLossSignature>> = {
  sigmoidFocalLoss: {
    ...TS_OPTION_NAMES,
    loss: "sigmoid",
    defaults: { alpha: 0.25, gamma: 2, reduction: "none" },
  },
  softmaxFocalLoss: {
    ...TS_OPTION_NAMES,
    loss: "softmax",
    ignoreIndexName: "ignoreIndex",
    defaults: { alpha: null, gamma: 2, reduction: "mean", ignoreIndex: -100 },
  },
  // The function that the FL004 quick fix inserts (templates/typescript/focalLoss.ts):
  // focalLoss(yTrue, yPred, gamma = 2, alpha = null), categorical, one loss per example.
  focalLoss: {
    ...TS_OPTION_NAMES,
    positional: ["yTrue", "yPred", "gamma", "alpha"],
    loss: "softmax",
    ignoreIndexName: "ignoreIndex",
    defaults: { alpha: null, gamma: 2, reduction: "mean" },
    note:
      "focalLoss is evaluated as the categorical focal loss that the FL004 quick fix inserts. " +
      "It returns one loss per example, which model.fit averages as the mean here does.",
  },
};

/** The call a language module found: its callee and its arguments by parameter name. */
export interface FocalLossCall {
  signature: FocalLossSignature;
  callee: string;
  arguments: ReadonlyMap<string, LiteralValue>;
  source: string;
  line: number;
}

/**
 * Resolves a call's literal arguments against its signature's defaults. A value that is not a
 * literal of the right type falls back to the default, with a note that explains it.
 */
export function resolveParameters(call: FocalLossCall): CursorParameters {
  const { signature } = call;
  const notes: string[] = [];
  const read = <T>(name: string, fallback: T, accept: (value: LiteralValue) => T | undefined) => {
    const value = call.arguments.get(name);
    if (value === undefined) {
      return fallback;
    }
    const accepted = accept(value);
    if (accepted === undefined) {
      const written = value.kind === "other" ? value.text : JSON.stringify(valueText(value));
      notes.push(
        `The panel cannot evaluate ${name}=${written}, so it uses the default ` +
          `${JSON.stringify(fallback)}.`,
      );
      return fallback;
    }
    return accepted;
  };

  let alpha = read(
    signature.alphaName,
    signature.defaults.alpha as number | number[] | null,
    readAlpha,
  );
  if (signature.classBalancingName !== undefined) {
    const balancing = read(signature.classBalancingName, false, (value) =>
      value.kind === "boolean" ? value.value : undefined,
    );
    if (!balancing) {
      alpha = null;
    }
  }
  const gamma = read(signature.gammaName, signature.defaults.gamma, (value) =>
    value.kind === "number" ? value.value : undefined,
  );
  const reductions = signature.reductions;
  const reduction = read(
    signature.reductionName,
    (reductions?.[signature.defaults.reduction] ?? signature.defaults.reduction) as Reduction,
    (value) => readReduction(value, reductions),
  );
  const ignoreIndex =
    signature.ignoreIndexName === undefined
      ? undefined
      : read(signature.ignoreIndexName, signature.defaults.ignoreIndex, (value) =>
          value.kind === "number" ? value.value : undefined,
        );

  const loss = signature.loss;
  if (signature.note !== undefined) {
    notes.push(signature.note);
  }
  if (signature.unreducedNote !== undefined && reduction !== "mean") {
    notes.push(signature.unreducedNote);
  }

  const parameters: CursorParameters = {
    loss,
    alpha,
    gamma,
    reduction,
    source: call.source,
    callee: call.callee,
    line: call.line,
    notes,
  };
  if (loss === "softmax" && ignoreIndex !== undefined) {
    parameters.ignoreIndex = ignoreIndex;
  }
  return parameters;
}

function readAlpha(value: LiteralValue): number | number[] | null | undefined {
  switch (value.kind) {
    case "number":
      return value.value;
    case "numbers":
      return value.values;
    case "null":
      return null;
    default:
      return undefined;
  }
}

function readReduction(
  value: LiteralValue,
  reductions: Readonly<Record<string, Reduction>> | undefined,
): Reduction | undefined {
  if (value.kind === "null" && reductions !== undefined) {
    return "none"; // Keras 3 takes reduction=None for no reduction.
  }
  if (value.kind !== "string") {
    return undefined;
  }
  if (reductions !== undefined) {
    return reductions[value.value];
  }
  return value.value === "none" || value.value === "mean" || value.value === "sum"
    ? value.value
    : undefined;
}

function valueText(value: LiteralValue): unknown {
  switch (value.kind) {
    case "numbers":
      return value.values;
    case "null":
      return null;
    case "other":
      return value.text;
    default:
      return value.value;
  }
}
