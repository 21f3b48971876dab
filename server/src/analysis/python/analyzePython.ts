import type { Node, Tree } from "web-tree-sitter";
import { candidateNamesFor, checkReference } from "../../rules/registry";
import { qualifiedNameOf, type ApiReference, type ReferenceSite } from "../../rules/rule";
import type { Finding } from "../finding";
import { isNestedDeeperThan } from "../nestingDepth";
import { findIdentifiers } from "../textSearch";
import { isInAnnotation, postponesAnnotations } from "./annotations";
import { classifyOccurrence, dottedNameText, fromImportModule } from "./bindings";
import {
  findGuardedRegions,
  isGuarded,
  storeRegion,
  storingStatement,
  type GuardedRegion,
} from "./guards";
import { getattrReference } from "./getattrLookup";
import { findCompileLossStrings } from "./kerasCompileLoss";
import { NameResolver, type OuterScope } from "./nameResolver";
import { findStarImports, type StarImports } from "./starImports";

const PYTHON_CANDIDATES = candidateNamesFor("python");

/** A substring of every candidate name, so that one scan finds them all. */
export const CANDIDATE_ANCHOR = "ocal";

/** Returns the offsets and names of every candidate identifier in `text`. */
export function findCandidates(text: string): [number, string][] {
  return findIdentifiers(text, PYTHON_CANDIDATES, CANDIDATE_ANCHOR);
}

/**
 * Finds the candidate identifiers, and whether some quoted word contains "focal", in one pass
 * over the anchor's occurrences, since the edit path runs this on every keystroke.
 */
function scanCandidates(text: string): { candidates: [number, string][]; quotesFocal: boolean } {
  let quotesFocal = false;
  const candidates = findIdentifiers(text, PYTHON_CANDIDATES, CANDIDATE_ANCHOR, (start, word) => {
    const before = text[start - 1];
    quotesFocal ||= (before === '"' || before === "'") && /focal/i.test(word);
  });
  return { candidates, quotesFocal };
}

/** A finding before guards are applied, with the node it covers. */
interface Hit {
  identifier: Node;
  reference: ApiReference;
  finding: Finding;
}

/** Per-file state shared by the lookups of one analysis run. */
interface Context {
  tree: Tree;
  text: string;
  resolver: NameResolver;
  starImports?: StarImports;
}

function importReference(identifier: Node, dotted: Node): ApiReference | undefined {
  let owner = dotted.parent;
  if (owner?.type === "aliased_import" && owner.childForFieldName("name")?.id === dotted.id) {
    owner = owner.parent;
  }
  if (owner === null || owner === undefined) {
    return undefined;
  }

  if (owner.type === "import_from_statement") {
    if (owner.childForFieldName("module_name")?.id === dotted.id || dotted.namedChildCount !== 1) {
      return undefined;
    }
    const module = fromImportModule(owner);
    return module === undefined
      ? undefined
      : { language: "python", kind: "import", module, member: identifier.text };
  }

  // `import torch.nn.FocalLoss` names a module that does not exist either.
  if (owner.type === "import_statement" && dotted.lastNamedChild?.id === identifier.id) {
    const path = dottedNameText(dotted);
    const module = path.slice(0, path.length - identifier.text.length - 1);
    return module === ""
      ? undefined
      : { language: "python", kind: "import", module, member: identifier.text };
  }
  return undefined;
}

function bareNameReference(identifier: Node, context: Context): ApiReference | undefined {
  const parent = identifier.parent;
  if (
    parent?.type === "keyword_argument" &&
    parent.childForFieldName("name")?.id === identifier.id
  ) {
    return undefined;
  }
  if (classifyOccurrence(identifier) !== undefined) {
    return undefined;
  }
  if (context.resolver.resolveName(identifier.text, identifier).kind !== "unbound") {
    return undefined;
  }

  // Only a star import can supply a name that nothing binds. Flag it only when every
  // star-imported module is one whose contents are known.
  context.starImports ??= findStarImports(context.tree, context.text);
  if (!context.starImports.allKnown) {
    return undefined;
  }
  for (const module of context.starImports.modules) {
    const reference: ApiReference = {
      language: "python",
      kind: "starImport",
      module,
      member: identifier.text,
    };
    if (checkReference(reference) !== undefined) {
      return reference;
    }
  }
  return undefined;
}

function referenceAt(identifier: Node, context: Context): ApiReference | undefined {
  const parent = identifier.parent;
  if (parent === null) {
    return undefined;
  }
  if (parent.type === "attribute") {
    if (parent.childForFieldName("attribute")?.id !== identifier.id) {
      return undefined;
    }
    const object = parent.childForFieldName("object");
    const module = object === null ? undefined : context.resolver.qualifiedName(object);
    return module === undefined
      ? undefined
      : { language: "python", kind: "attribute", module, member: identifier.text };
  }
  if (parent.type === "dotted_name") {
    return importReference(identifier, parent);
  }
  return bareNameReference(identifier, context);
}

/**
 * Returns whether a file may pass a focal-loss string to `compile()`, from its text alone: a
 * quoted word contains "focal" in any case, and `compile` occurs. Every loss string FL003
 * reports is such a word, and requiring "focal" keeps quoted words such as "local" from sending
 * files that call `torch.compile` to the parser.
 */
export function mayCompileFocalLoss(text: string): boolean {
  return scanCandidates(text).quotesFocal && /compile/.test(text);
}

/** Checks the loss strings of Keras `compile()` calls, sorted with the other findings. */
function compileLossHits(tree: Tree, text: string, resolver: NameResolver): Hit[] {
  const hits: Hit[] = [];
  for (const found of findCompileLossStrings(tree, text, resolver)) {
    const hit = checkReference(found.reference);
    const identifier = tree.rootNode.descendantForIndex(found.startOffset, found.endOffset);
    if (hit === undefined || identifier === null) {
      continue;
    }
    hits.push({
      identifier,
      reference: found.reference,
      finding: {
        code: hit.rule.code,
        severity: hit.rule.defaultSeverity,
        message: hit.match.message,
        startOffset: found.startOffset,
        endOffset: found.endOffset,
        reference: found.reference,
      },
    });
  }
  return hits;
}

/**
 * Finds every lookup of a focal-loss API that does not exist in a parsed Python file. Only
 * identifiers spelled like a rule's candidate names are examined, so files without them cost
 * one text scan.
 */
export function analyzePython(tree: Tree, text: string, outerScope?: OuterScope): Finding[] {
  const { candidates, quotesFocal } = scanCandidates(text);
  const mayCompile = quotesFocal && /compile/.test(text);
  if (candidates.length === 0 && !mayCompile) {
    return [];
  }

  const context: Context = { tree, text, resolver: new NameResolver(tree, text, outerScope) };
  const postponed = postponesAnnotations(tree);
  const siteOf = (identifier: Node): ReferenceSite =>
    postponed && isInAnnotation(identifier) ? "unevaluatedAnnotation" : "evaluated";
  const hits: Hit[] = [];
  const stores: GuardedRegion[] = [];
  for (const [offset, name] of candidates) {
    const end = offset + name.length;
    if (isNestedDeeperThan(tree, offset)) {
      continue;
    }
    const identifier = tree.rootNode.descendantForIndex(offset, end);
    if (identifier === null || identifier.startIndex !== offset || identifier.endIndex !== end) {
      continue;
    }
    let reference: ApiReference | undefined;
    if (identifier.type === "identifier") {
      reference = referenceAt(identifier, context);
    } else if (identifier.type === "string_content") {
      reference = getattrReference(identifier, context.resolver);
    }
    const hit = reference === undefined ? undefined : checkReference(reference, siteOf(identifier));
    if (reference === undefined || hit === undefined) {
      continue;
    }
    if (outerScope?.storesMember?.(qualifiedNameOf(reference)) === true) {
      continue;
    }

    // Assigning the member, as a monkey-patch does, never fails and makes later reads work.
    const store = storingStatement(identifier);
    if (store !== undefined) {
      stores.push(storeRegion(qualifiedNameOf(reference), store.endIndex, text.length));
      continue;
    }
    hits.push({
      identifier,
      reference,
      finding: {
        code: hit.rule.code,
        severity: hit.rule.defaultSeverity,
        message: hit.match.message,
        startOffset: offset,
        endOffset: end,
        reference,
      },
    });
  }
  if (mayCompile) {
    hits.push(...compileLossHits(tree, text, context.resolver));
  }
  if (hits.length === 0) {
    return [];
  }

  const regions = [...stores, ...findGuardedRegions(tree, text, context.resolver)];
  if (regions.length === 0) {
    return hits.map((hit) => hit.finding);
  }
  return hits
    .filter((hit) => !isGuarded(hit.identifier, hit.reference, regions))
    .map((hit) => hit.finding);
}
