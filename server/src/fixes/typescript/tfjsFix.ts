import type { Node, Tree } from "web-tree-sitter";
import type { Finding } from "../../analysis/finding";
import { COMPILE_LOSS_MODULE } from "../../rules/fl004TfjsFocalLoss";
import { isSparseLossName, type FocalLossKind } from "../../rules/tfjsLossNames";
import { normaliseEdits, type OffsetEdit } from "../textEdits";
import {
  functionInsertion,
  insertionContext,
  templateCode,
  type InsertionContext,
} from "./functionInsertion";
import { chooseFunctionName } from "./functionName";
import { TEMPLATE_FUNCTIONS, type FunctionTemplates } from "./functionTemplate";
import { tfjsLossName } from "./lossNameRename";
import { enclosingCompileCall, settleFocalLossKind } from "./lossKind";

export interface TfjsFixInput {
  tree: Tree;
  text: string;
  languageId: string;
  templates: FunctionTemplates;
}

/** A focal-loss function that a plan calls, by kind, and whether the plan inserts it. */
export interface PlannedFunction {
  kind: FocalLossKind;
  name: string;
  inserted: boolean;
}

/** The edits of an FL004 fix, and what they call or rename to, for the action's title. */
export interface TfjsFixPlan {
  edits: OffsetEdit[];
  functions: PlannedFunction[];
  renamedTo?: string;
}

/** The fix of one finding: a rename of the loss string, or a call of a focal-loss function. */
type ReferencePlan =
  | { type: "rename"; edit: OffsetEdit; name: string }
  | {
      type: "function";
      kind: FocalLossKind;
      /** The edits, given the inserted function's name. */
      edits: (name: string) => OffsetEdit[];
    };

function insideError(node: Node): boolean {
  for (let current: Node | null = node; current !== null; current = current.parent) {
    if (current.type === "ERROR" || current.isMissing) {
      return true;
    }
  }
  return false;
}

// Type assertions around an expression: `x as T`, `x satisfies T`, `<T>x` and `x!`.
const TYPE_ASSERTIONS = new Set([
  "as_expression",
  "satisfies_expression",
  "type_assertion",
  "non_null_expression",
]);

// Expressions whose value is one of their operands: type assertions, `(x)` and `c ? a : b`.
const VALUE_PASSING = new Set([
  ...TYPE_ASSERTIONS,
  "parenthesized_expression",
  "ternary_expression",
]);

/**
 * Returns the outermost type assertion around `node`, or `node` itself. A function name that
 * replaces a loss string replaces the assertions too: `"focalLoss" as string` would otherwise
 * become `focalLoss as string`, which tsc rejects, since a function is not a string.
 */
function outermostAssertion(node: Node): Node {
  let current = node;
  while (current.parent !== null && TYPE_ASSERTIONS.has(current.parent.type)) {
    current = current.parent;
  }
  return current;
}

/** Returns whether a loss string is one entry of a per-output array or object of losses. */
function isPerOutputEntry(node: Node): boolean {
  let current = node;
  while (current.parent !== null && VALUE_PASSING.has(current.parent.type)) {
    current = current.parent;
  }
  const parent = current.parent;
  if (parent?.type === "array") {
    return true;
  }
  const key = parent?.type === "pair" ? parent.childForFieldName("key") : null;
  const keyText = key?.type === "string" ? key.namedChildren[0]?.text : key?.text;
  return parent?.type === "pair" && keyText !== "loss";
}

/** Plans the rewrite of a `loss` string of `model.compile`. */
function compileStringPlan(
  finding: Finding,
  node: Node,
  kind: FocalLossKind | undefined,
): ReferencePlan | undefined {
  if (node.type !== "string" || node.startIndex !== finding.startOffset) {
    return undefined;
  }
  const renamed = tfjsLossName(finding.reference.member);
  if (renamed !== undefined) {
    const quote = node.text[0];
    const edit = {
      start: node.startIndex,
      end: node.endIndex,
      newText: `${quote}${renamed}${quote}`,
    };
    return { type: "rename", edit, name: renamed };
  }
  if (!/focal/i.test(finding.reference.member) || kind === undefined) {
    return undefined;
  }
  if (enclosingCompileCall(node) === undefined && isPerOutputEntry(node)) {
    // Options outside the call are not typed by compile, so TypeScript infers an array mixing
    // names and functions as `(string | function)[]`, which ModelCompileArgs rejects.
    return undefined;
  }
  const replaced = outermostAssertion(node);
  return {
    type: "function",
    kind,
    edits: (name) => [{ start: replaced.startIndex, end: replaced.endIndex, newText: name }],
  };
}

/**
 * Plans the rewrite of `tf.losses.<focal>`. A call `tf.losses.<focal>(labels, predictions)`
 * returns a scalar, the mean over all elements (tfjs's default reduction
 * SUM_BY_NONZERO_WEIGHTS with no weights), while the inserted functions return one loss per
 * example, so the call gets `.mean()`. As a `loss` of `model.compile` the function is passed
 * itself, since `model.fit` averages per-example losses. Any other use (a third argument, which
 * tf.losses reads as weights and the inserted function as gamma, or a bare reference whose
 * callers are out of sight) has no safe fix.
 */
function lossesMemberPlan(node: Node, kind: FocalLossKind | undefined): ReferencePlan | undefined {
  const member = node.parent;
  if (node.type !== "property_identifier" || member?.type !== "member_expression" || !kind) {
    return undefined;
  }
  const replace = (name: string) => ({
    start: member.startIndex,
    end: member.endIndex,
    newText: name,
  });

  const call = member.parent;
  if (call?.type === "call_expression" && call.childForFieldName("function")?.id === member.id) {
    const args = call.childForFieldName("arguments")?.namedChildren ?? [];
    const plain = args.every((argument) => argument?.type !== "spread_element");
    const optional = call.children.some((child) => child?.type === "optional_chain");
    if (args.length !== 2 || !plain || optional) {
      return undefined;
    }
    const mean = { start: call.endIndex, end: call.endIndex, newText: ".mean()" };
    const logits = args[1]!;
    return {
      type: "function",
      kind,
      edits: (name) => [replace(name), ...logitsOption(node.text, logits), mean],
    };
  }

  return enclosingCompileCall(member) === undefined
    ? undefined
    : { type: "function", kind, edits: (name) => [replace(name)] };
}

/**
 * Returns the edit that passes `{ fromLogits: true }` where a call takes logits. A camelCase name
 * patterned on tfjs's `tf.losses.sigmoidCrossEntropy(labels, logits)` or
 * `softmaxCrossEntropy(labels, logits)`, such as `sigmoidFocalCrossEntropy`, is called with
 * logits, so the call gets the defaults `2, null` and `{ fromLogits: true }`. The function then
 * works from log-sigmoid or log-softmax, which keeps the loss and its gradient accurate for large
 * logits, where probabilities clipped to [1e-7, 1 - 1e-7] would cap the loss and zero the
 * gradient. Other spellings follow Keras or TensorFlow Addons (`SigmoidFocalCrossEntropy`,
 * `sigmoid_focal_crossentropy`), whose focal losses take probabilities, and need no edit.
 */
function logitsOption(memberName: string, logits: Node): OffsetEdit[] {
  if (!/^(sigmoid|softmax)Focal/.test(memberName)) {
    return [];
  }
  return [
    { start: logits.endIndex, end: logits.endIndex, newText: ", 2, null, { fromLogits: true }" },
  ];
}

/** Plans the fix of one FL004 finding, or undefined when it has no safe fix. */
function referencePlan(
  finding: Finding,
  input: TfjsFixInput,
  kindOverride: FocalLossKind | undefined,
): ReferencePlan | undefined {
  const node = input.tree.rootNode.descendantForIndex(finding.startOffset, finding.endOffset);
  if (node === null || insideError(node) || isSparseLossName(finding.reference.member)) {
    return undefined;
  }
  const kind =
    kindOverride ?? settleFocalLossKind(finding.reference.member, node, input.tree, input.text);
  return finding.reference.module === COMPILE_LOSS_MODULE
    ? compileStringPlan(finding, node, kind)
    : lossesMemberPlan(node, kind);
}

/** Names the function of each kind the plans call, and inserts those the file lacks. */
function planFunctions(
  kinds: FocalLossKind[],
  context: InsertionContext,
): { functions: PlannedFunction[]; insertion?: OffsetEdit } | undefined {
  const functions: PlannedFunction[] = [];
  const code: string[] = [];
  for (const kind of (["categorical", "binary"] as const).filter((item) => kinds.includes(item))) {
    const templateName = TEMPLATE_FUNCTIONS[kind];
    const chosen = chooseFunctionName(context.tree, context.text, templateName, (name) =>
      templateCode(context, templateName, name),
    );
    if (chosen === undefined) {
      return undefined;
    }
    functions.push({ kind, name: chosen.name, inserted: chosen.insert });
    if (chosen.insert) {
      code.push(templateCode(context, templateName, chosen.name));
    }
  }
  const insertion = code.length === 0 ? undefined : functionInsertion(context, code);
  return { functions, insertion };
}

/**
 * Plans the FL004 fixes of a TypeScript or JavaScript file: a loss string that stands for a tfjs
 * name is renamed. A focal loss (a `loss` string or `tf.losses.<focal>`) becomes a call of an
 * inserted `focalLoss` (categorical) or `binaryFocalLoss`, typed in TS files and plain in JS
 * files. A finding whose kind neither its name nor the model settles is left out, unless
 * `kindOverride` gives the kind. Returns undefined when nothing can be fixed safely.
 */
export function planTfjsFixes(
  findings: readonly Finding[],
  input: TfjsFixInput,
  kindOverride?: FocalLossKind,
): TfjsFixPlan | undefined {
  const plans = findings
    .filter((item) => item.code === "FL004")
    .map((finding) => referencePlan(finding, input, kindOverride))
    .filter((plan): plan is ReferencePlan => plan !== undefined);
  if (plans.length === 0) {
    return undefined;
  }

  const edits: OffsetEdit[] = [];
  const kinds: FocalLossKind[] = [];
  for (const plan of plans) {
    if (plan.type === "rename") {
      edits.push(plan.edit);
    } else {
      kinds.push(plan.kind);
    }
  }

  let functions: PlannedFunction[] = [];
  if (kinds.length > 0) {
    const { tree, text, languageId, templates } = input;
    const context = insertionContext(tree, text, languageId, templates);
    const planned = context === undefined ? undefined : planFunctions(kinds, context);
    if (context === undefined || planned === undefined) {
      return undefined;
    }
    functions = planned.functions;
    const nameOf = new Map(functions.map((item) => [item.kind, item.name]));
    for (const plan of plans) {
      if (plan.type === "function") {
        edits.push(...plan.edits(nameOf.get(plan.kind) as string));
      }
    }
    if (planned.insertion !== undefined) {
      edits.push(planned.insertion);
    }
  }

  const normalised = normaliseEdits(edits);
  const renamed = plans.find((plan) => plan.type === "rename");
  return normalised === undefined
    ? undefined
    : {
        edits: normalised,
        functions,
        renamedTo: renamed?.type === "rename" ? renamed.name : undefined,
      };
}

/** Plans every safe FL004 fix of a file, as fix-all and the CLI's `--fix` apply them. */
export function planTfjsFix(
  findings: readonly Finding[],
  input: TfjsFixInput,
): OffsetEdit[] | undefined {
  return planTfjsFixes(findings, input)?.edits;
}
