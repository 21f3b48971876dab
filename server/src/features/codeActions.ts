import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Tree } from "web-tree-sitter";
import type { Finding } from "../analysis/finding";
import {
  hasImplementationFix,
  ownDefinitionLine,
  planImplementationFix,
} from "../fixes/python/implementationFix";
import type { OuterScope } from "../analysis/python/nameResolver";
import type { CellSource } from "../fixes/python/earlierCells";
import { replacementFor } from "../fixes/python/referenceRewrite";
import { planSafeFixes } from "../fixes/fixDocument";
import type { FixTemplates } from "../fixes/fixTemplates";
import {
  kerasTitle,
  renameKerasReference,
  settleKerasKind,
  type KerasTargetKind,
} from "../fixes/python/kerasRename";
import { suppressOnLine } from "../fixes/suppressLine";
import { useTorchvisionInstead } from "../fixes/python/torchvisionAlternative";
import type { OffsetEdit } from "../fixes/textEdits";
import { grammarForLanguageId } from "../parsing/languages";
import { tfjsQuickFixes } from "../fixes/typescript/tfjsQuickFixes";
import { toDiagnostic } from "./diagnostics";
import { planLossStringFixes } from "./lossStringFix";

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.focalLoss`;
export const SHOW_DOCUMENTATION_COMMAND = "focalLoss.showDocumentation";

/** The preferred fix's title, by the definitions it inserts and calls. */
const FIX_TITLES: Record<string, string> = {
  FocalLoss: "Insert a tested FocalLoss module and use it",
  sigmoid_focal_loss: "Insert a sigmoid_focal_loss function with finite gradients and use it",
  "FocalLoss,sigmoid_focal_loss":
    "Insert a tested softmax FocalLoss module and a sigmoid_focal_loss function and use them",
};
const SOFTMAX_FIX_TITLE = "Insert a tested softmax FocalLoss module and use it";

/**
 * Returns the preferred fix's title for the findings it fixes. FL002's softmax names such as
 * `softmax_focal_loss` get the FocalLoss class, which the title calls softmax so that it is not
 * mistaken for the sigmoid function the other FL002 names get.
 */
function implementationTitle(fixed: readonly Finding[]): string {
  const names = [...new Set(fixed.map((finding) => replacementFor(finding) ?? ""))].sort();
  const key = names.join(",");
  if (key === "FocalLoss" && fixed.every((finding) => finding.code === "FL002")) {
    return SOFTMAX_FIX_TITLE;
  }
  return FIX_TITLES[key];
}

/** Everything the code actions of one document need, with no re-analysis. */
export interface CodeActionInput {
  document: TextDocument;
  tree: Tree;
  findings: readonly Finding[];
  templates: FixTemplates;
  /** Resolves names a notebook cell leaves unbound through the cells before it. */
  outerScope?: OuterScope;
  /** The notebook cells before this one, nearest first, whose template code a fix may reuse. */
  earlierCells?: readonly CellSource[];
}

function toWorkspaceEdit(input: CodeActionInput, edits: readonly OffsetEdit[]): WorkspaceEdit {
  const textEdits: TextEdit[] = edits.map((edit) => ({
    range: {
      start: input.document.positionAt(edit.start),
      end: input.document.positionAt(edit.end),
    },
    newText: edit.newText,
  }));
  return {
    documentChanges: [
      {
        textDocument: { uri: input.document.uri, version: input.document.version },
        edits: textEdits,
      },
    ],
  };
}

/**
 * Returns the findings that touch the requested range, or contain it when it is a cursor. The
 * range's ends count, so a cursor just after a name still gets its fixes. The client's
 * `context.diagnostics` are not used, because Neovim sends none and clients that count columns
 * in bytes send ranges that match no published diagnostic.
 */
function findingsInRange(range: Range, input: CodeActionInput): Finding[] {
  const start = input.document.offsetAt(range.start);
  const end = input.document.offsetAt(range.end);
  return input.findings.filter(
    (finding) => finding.startOffset <= end && start <= finding.endOffset,
  );
}

/** Plans every safe fix of the document's findings together. */
export function planFixAll(input: CodeActionInput): OffsetEdit[] | undefined {
  const { languageId } = input.document;
  const grammar = grammarForLanguageId(languageId);
  if (grammar === undefined) {
    return undefined;
  }
  return planSafeFixes(
    grammar,
    languageId,
    input.tree,
    input.document.getText(),
    input.findings,
    input.templates,
    { outerScope: input.outerScope, earlierCells: input.earlierCells },
  )?.edits;
}

/**
 * Builds the fix that inserts the template and calls it, preferred. When the file defines its
 * own `FocalLoss` or `sigmoid_focal_loss` with other code, the fix instead calls that definition
 * and is not preferred, since the user's code may compute another loss or take other arguments.
 */
function implementationFix(finding: Finding, diagnostic: Diagnostic, input: CodeActionInput) {
  if (input.document.languageId !== "python" || !hasImplementationFix(finding.code)) {
    return undefined;
  }
  const fixInput = {
    tree: input.tree,
    text: input.document.getText(),
    template: input.templates.python,
    outerScope: input.outerScope,
    earlierCells: input.earlierCells,
  };
  const ownLine = ownDefinitionLine(finding, fixInput);
  const options = { useOwnDefinition: ownLine !== undefined };
  // Fix every reference of the same missing API together, since one insertion serves them all.
  const sameRule = input.findings.filter((item) => item.code === finding.code);
  let fixed = sameRule;
  let edits = planImplementationFix(sameRule, fixInput, options);
  if (edits === undefined) {
    fixed = [finding];
    edits = planImplementationFix(fixed, fixInput, options);
  }
  if (edits === undefined) {
    return undefined;
  }
  if (ownLine === undefined) {
    return quickFix(implementationTitle(fixed), diagnostic, input, edits, true);
  }
  const name = replacementFor(finding) as string;
  const kind = /^[A-Z]/.test(name) ? "class" : "function";
  const title = `Use the ${name} ${kind} defined on line ${ownLine + 1}`;
  return quickFix(title, diagnostic, input, edits);
}

function quickFix(
  title: string,
  diagnostic: Diagnostic,
  input: CodeActionInput,
  edits: readonly OffsetEdit[],
  isPreferred = false,
): CodeAction {
  return {
    title,
    kind: CodeActionKind.QuickFix,
    ...(isPreferred ? { isPreferred } : {}),
    diagnostics: [diagnostic],
    edit: toWorkspaceEdit(input, edits),
  };
}

/** Builds the fixes specific to one rule, the preferred one first. */
function ruleFixes(finding: Finding, diagnostic: Diagnostic, input: CodeActionInput): CodeAction[] {
  const actions: CodeAction[] = [];
  const implementation = implementationFix(finding, diagnostic, input);
  if (implementation !== undefined) {
    actions.push(implementation);
  }

  if (finding.code === "FL004") {
    const fixes = tfjsQuickFixes(finding, {
      tree: input.tree,
      text: input.document.getText(),
      languageId: input.document.languageId,
      templates: input.templates.functions,
    });
    for (const fix of fixes) {
      actions.push(quickFix(fix.title, diagnostic, input, fix.edits, fix.isPreferred));
    }
  }

  if (finding.code === "FL001" && input.document.languageId === "python") {
    const edits = useTorchvisionInstead(finding, input.tree, input.document.getText());
    if (edits !== undefined) {
      actions.push(
        quickFix(
          "Use torchvision.ops.sigmoid_focal_loss instead (binary and multi-label targets)",
          diagnostic,
          input,
          edits,
        ),
      );
    }
  }

  if (finding.code === "FL003" && finding.reference.kind === "lossString") {
    for (const fix of planLossStringFixes(finding, input.tree, input.document.getText())) {
      actions.push(quickFix(fix.title, diagnostic, input, fix.edits, fix.isPreferred));
    }
  } else if (finding.code === "FL003") {
    const identifier = input.tree.rootNode.descendantForIndex(
      finding.startOffset,
      finding.endOffset,
    );
    const settled =
      identifier === null
        ? undefined
        : settleKerasKind(finding, identifier, input.document.getText());
    const kinds: KerasTargetKind[] = settled === undefined ? ["binary", "categorical"] : [settled];
    for (const kind of kinds) {
      const rename = renameKerasReference(finding, input.tree, kind);
      if (rename !== undefined) {
        const title = kerasTitle(finding, kind, rename);
        const isPreferred = settled !== undefined && rename.keepsWeighting;
        actions.push(quickFix(title, diagnostic, input, rename.edits, isPreferred));
      }
    }
  }
  return actions;
}

function actionsForFinding(
  finding: Finding,
  input: CodeActionInput,
  fixAll: OffsetEdit[] | undefined,
): CodeAction[] {
  const diagnostic = toDiagnostic(finding, input.document);
  const actions = ruleFixes(finding, diagnostic, input);

  if (fixAll !== undefined && input.findings.length > 1) {
    actions.push(quickFix("Fix all focal-loss problems in this file", diagnostic, input, fixAll));
  }

  const text = input.document.getText();
  const syntax = input.document.languageId === "python" ? "python" : "typescript";
  const suppress = suppressOnLine(input.tree, text, finding.startOffset, finding.code, syntax);
  if (suppress !== undefined) {
    actions.push(quickFix(`Suppress ${finding.code} on this line`, diagnostic, input, [suppress]));
  }

  actions.push({
    title: `Show documentation for ${finding.code}`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    command: {
      title: `Show documentation for ${finding.code}`,
      command: SHOW_DOCUMENTATION_COMMAND,
      arguments: [finding.code],
    },
  });
  return actions;
}

/** Builds the quick fixes of every finding in the range, with one "fix all" among them. */
function quickFixesInRange(range: Range, input: CodeActionInput): CodeAction[] {
  const findings = findingsInRange(range, input);
  if (findings.length === 0) {
    return [];
  }
  let fixAll = planFixAll(input);
  const actions: CodeAction[] = [];
  for (const finding of findings) {
    actions.push(...actionsForFinding(finding, input, fixAll));
    // One "fix all" entry is enough for a range that covers several findings.
    fixAll = undefined;
  }
  return withoutRepeatedCommands(actions);
}

/**
 * Drops repeated actions that run a command, such as "Show documentation for FL001" for two
 * FL001 findings in one range. Actions with edits stay, since each edits its own finding.
 */
function withoutRepeatedCommands(actions: CodeAction[]): CodeAction[] {
  const seen = new Set<string>();
  return actions.filter((action) => {
    if (action.command === undefined) {
      return true;
    }
    const key = JSON.stringify([action.command.command, action.command.arguments]);
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}

function wants(only: readonly string[] | undefined, kind: string): boolean {
  return only === undefined || only.some((item) => kind === item || kind.startsWith(`${item}.`));
}

/** Returns the code actions for a `textDocument/codeAction` request. */
export function provideCodeActions(params: CodeActionParams, input: CodeActionInput): CodeAction[] {
  const only = params.context.only;
  const actions: CodeAction[] = [];
  if (wants(only, CodeActionKind.QuickFix)) {
    actions.push(...quickFixesInRange(params.range, input));
  }

  // Fix-all on save is only asked for explicitly, never offered in the light bulb menu.
  if (only !== undefined && wants(only, FIX_ALL_KIND)) {
    const edits = planFixAll(input);
    if (edits !== undefined) {
      actions.push({
        title: "Fix all focal-loss problems",
        kind: FIX_ALL_KIND,
        edit: toWorkspaceEdit(input, edits),
      });
    }
  }
  return actions;
}
