import type { Finding } from "../../analysis/finding";
import type { FocalLossKind } from "../../rules/tfjsLossNames";
import type { OffsetEdit } from "../textEdits";
import { planTfjsFixes, type TfjsFixInput, type TfjsFixPlan } from "./tfjsFix";
import { settleFocalLossKind } from "./lossKind";

/** One FL004 code action, before it becomes an LSP CodeAction. */
export interface TfjsQuickFix {
  title: string;
  edits: OffsetEdit[];
  isPreferred: boolean;
}

/** The targets and outputs each function expects, so the user can pick between the two. */
const EXPECTS: Record<FocalLossKind, string> = {
  categorical: "one-hot targets, softmax outputs",
  binary: "0/1 or multi-label targets, sigmoid outputs",
};

/**
 * Returns whether a loss name is a spelling of Keras's CategoricalFocalCrossentropy, whose alpha
 * defaults to 0.25 (Keras 2.13 and 3). The inserted focalLoss defaults to no alpha, which gives a loss 4
 * times larger, so the action's title states it.
 */
function isKerasCategoricalName(name: string): boolean {
  return name.toLowerCase().replaceAll("_", "") === "categoricalfocalcrossentropy";
}

/** Titles an action by what it does: a rename, or which function it inserts or reuses. */
function titleOf(plan: TfjsFixPlan, member: string): string {
  const used = plan.functions[0];
  if (used === undefined) {
    return `Use the TensorFlow.js loss name "${plan.renamedTo ?? ""}"`;
  }
  const kerasAlpha =
    used.kind === "categorical" && isKerasCategoricalName(member)
      ? ", alpha null, while Keras's CategoricalFocalCrossentropy defaults to alpha 0.25"
      : "";
  const expects = EXPECTS[used.kind] + kerasAlpha;
  if (!used.inserted) {
    return `Use the tested ${used.name} function in this file (${expects})`;
  }
  const template = used.kind === "binary" ? "binaryFocalLoss" : "focalLoss";
  const renamed = used.name === template ? "" : ` as ${used.name}`;
  return `Insert a tested ${template} function${renamed} and use it (${expects})`;
}

/**
 * Builds the FL004 quick fixes of one finding. When the name or the model settles the kind of
 * focal loss, there is one preferred action. Otherwise there is one action per kind and none is
 * preferred, because a wrong guess would train with the wrong loss.
 */
export function tfjsQuickFixes(finding: Finding, input: TfjsFixInput): TfjsQuickFix[] {
  const node = input.tree.rootNode.descendantForIndex(finding.startOffset, finding.endOffset);
  const settled =
    node === null
      ? undefined
      : settleFocalLossKind(finding.reference.member, node, input.tree, input.text);
  const kinds: (FocalLossKind | undefined)[] =
    settled === undefined ? ["categorical", "binary"] : [settled];

  const fixes: TfjsQuickFix[] = [];
  for (const kind of kinds) {
    const plan = planTfjsFixes([finding], input, kind);
    if (plan === undefined) {
      continue;
    }
    fixes.push({
      title: titleOf(plan, finding.reference.member),
      edits: plan.edits,
      isPreferred: settled !== undefined,
    });
    if (plan.functions.length === 0) {
      // A rename does not depend on the kind, so one action is enough.
      return [{ ...fixes[0], isPreferred: true }];
    }
  }
  return fixes;
}
