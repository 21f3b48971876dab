import type { Node } from "web-tree-sitter";
import type { OffsetEdit } from "../textEdits";
import { enclosingCall } from "./callArguments";
import type { TemplateDefinition } from "./implementationTemplate";

/**
 * Keywords that people carry over from the loss the missing API was modelled on, with the
 * template parameter that means the same. `weight` is CrossEntropyLoss's per-class weights.
 */
const KEYWORD_RENAMES: Record<string, Record<string, string>> = {
  FocalLoss: { weight: "alpha" },
};

/**
 * Definitions that the call of a missing `torch.nn.functional` loss becomes. Every loss there
 * averages by default, while the template's function returns per-element losses as torchvision's
 * does, so a call without `reduction` gets `reduction="mean"`.
 */
const MEAN_BY_DEFAULT = new Set(["sigmoid_focal_loss"]);

/**
 * Returns whether the references of a missing loss that `definition` replaces must pass
 * `reduction="mean"`, because the missing API averages by default and the definition does not.
 */
export function needsMeanReduction(
  definition: TemplateDefinition,
  fromFunctional: boolean,
): boolean {
  return fromFunctional && MEAN_BY_DEFAULT.has(definition.name);
}

/** The arguments of one call: positional ones in order, then keywords. */
interface ParsedArguments {
  positional: Node[];
  keywords: { name: Node; argument: Node }[];
  last?: Node;
}

/** Reads a call's arguments, or returns undefined for `*args` and `**kwargs`. */
function parseArguments(argumentList: Node): ParsedArguments | undefined {
  const parsed: ParsedArguments = { positional: [], keywords: [] };
  for (const argument of argumentList.namedChildren) {
    if (argument === null || argument.type === "comment") {
      continue;
    }
    parsed.last = argument;
    if (argument.type === "list_splat" || argument.type === "dictionary_splat") {
      return undefined;
    }
    const name = argument.type === "keyword_argument" ? argument.childForFieldName("name") : null;
    if (name !== null) {
      parsed.keywords.push({ name, argument });
    } else {
      parsed.positional.push(argument);
    }
  }
  return parsed;
}

/**
 * Plans the edits that make a call of `callee` valid for the template definition it will call:
 * a carried-over keyword such as `weight=` is renamed to the template's `alpha=`, and a
 * `torch.nn.functional` loss call without `reduction` gets `reduction="mean"`. A reference that
 * is not called needs no argument edit (see needsPartial in referenceRewrite.ts). Returns
 * undefined when the call passes `*args`, `**kwargs`, more positional arguments than the
 * definition takes, or a keyword it does not accept, because the rewritten call would raise
 * TypeError.
 */
export function adaptCallArguments(
  callee: Node,
  definition: TemplateDefinition,
  fromFunctional: boolean,
): OffsetEdit[] | undefined {
  const call = enclosingCall(callee);
  if (call === undefined) {
    return [];
  }
  const argumentList = call.childForFieldName("arguments");
  const parameters = definition.parameters;
  if (parameters === undefined || argumentList?.type !== "argument_list") {
    return undefined;
  }
  const parsed = parseArguments(argumentList);
  if (parsed === undefined) {
    return undefined;
  }
  if (parsed.positional.length > parameters.length) {
    return undefined;
  }

  const edits: OffsetEdit[] = [];
  const given = new Set(parameters.slice(0, parsed.positional.length));
  const renames = KEYWORD_RENAMES[definition.name] ?? {};
  for (const { name } of parsed.keywords) {
    const parameter = renames[name.text] ?? name.text;
    if (!parameters.includes(parameter) || given.has(parameter)) {
      return undefined;
    }
    given.add(parameter);
    if (parameter !== name.text) {
      edits.push({ start: name.startIndex, end: name.endIndex, newText: parameter });
    }
  }

  if (needsMeanReduction(definition, fromFunctional) && !given.has("reduction")) {
    const at = parsed.last?.endIndex ?? argumentList.startIndex + 1;
    const separator = parsed.last === undefined ? "" : ", ";
    edits.push({ start: at, end: at, newText: `${separator}reduction="mean"` });
  }
  return edits;
}
