import type { Node, Tree } from "web-tree-sitter";
import { findWord } from "../textSearch";
import type { ModuleResolver } from "./moduleResolver";

/**
 * The kind of object a `.compile(…)` call is made on: a tfjs model, something else, or unknown.
 * Unknown receivers (an untyped parameter, `this.model`, the result of a user function) are
 * checked like models, because building a model in a helper function is common tfjs code.
 */
export type ReceiverKind = "model" | "other" | "unknown";

/** tfjs functions whose result has a `compile` method: a LayersModel or a Sequential. */
const MODEL_FACTORIES = new Set(["tfjs.sequential", "tfjs.model", "tfjs.loadLayersModel"]);

/** tfjs types with a `compile` method. */
const MODEL_TYPES = new Set(["tfjs.LayersModel", "tfjs.Sequential"]);

/** How many identifier-to-value hops are followed, which also stops `a = b; b = a` cycles. */
const MAX_HOPS = 4;

const LITERAL_TYPES = new Set([
  "object",
  "array",
  "string",
  "template_string",
  "number",
  "class",
  "function_expression",
  "arrow_function",
]);

/**
 * Classifies the receivers of `.compile` calls from the syntax tree: how the name was bound
 * (`tf.sequential()`, `await tf.loadLayersModel(…)`, `new Compiler()`, an import from another
 * package) or its type annotation (`tf.LayersModel`, `tf.Sequential`). A name with
 * several bindings in the file is a model when any of them is, and other only when all of them
 * are, so a finding is dropped only when no binding can be a tfjs model.
 */
export class CompileReceivers {
  constructor(
    private readonly tree: Tree,
    private readonly text: string,
    private readonly resolver: ModuleResolver,
  ) {}

  /** Classifies the object of a `.compile` member expression. */
  classify(receiver: Node, hops = 0): ReceiverKind {
    switch (receiver.type) {
      case "identifier":
        return hops >= MAX_HOPS ? "unknown" : this.classifyName(receiver, hops + 1);
      case "parenthesized_expression":
      case "await_expression":
      case "non_null_expression": {
        const inner = receiver.namedChildren[0];
        return inner ? this.classify(inner, hops) : "unknown";
      }
      case "as_expression":
      case "satisfies_expression": {
        const type = receiver.namedChildren[1];
        return type ? this.classifyType(type) : "unknown";
      }
      case "call_expression":
        return this.classifyCall(receiver);
      case "new_expression": {
        const constructor = receiver.childForFieldName("constructor");
        const path = constructor ? this.resolver.qualifiedName(constructor) : undefined;
        return path !== undefined && MODEL_TYPES.has(path) ? "model" : "other";
      }
      default:
        return LITERAL_TYPES.has(receiver.type) ? "other" : "unknown";
    }
  }

  private classifyCall(call: Node): ReceiverKind {
    const callee = call.childForFieldName("function");
    const path = callee ? this.resolver.qualifiedName(callee) : undefined;
    if (path === undefined) {
      // A user function or a method of a local object: its result is not known.
      return "unknown";
    }
    if (MODEL_FACTORIES.has(path)) {
      return "model";
    }
    return path === "tfjs" || path.startsWith("tfjs.") ? "unknown" : "other";
  }

  private classifyType(type: Node): ReceiverKind {
    const named = type.type === "type_annotation" ? type.namedChildren[0] : type;
    if (named?.type !== "type_identifier" && named?.type !== "nested_type_identifier") {
      return "unknown";
    }
    return MODEL_TYPES.has(this.typePath(named) ?? "") ? "model" : "other";
  }

  /** Resolves `LayersModel` (a named import) or `tf.LayersModel` to `tfjs.LayersModel`. */
  private typePath(type: Node): string | undefined {
    if (type.type === "type_identifier") {
      return this.resolver.resolveAt(type.text, type);
    }
    const module = type.childForFieldName("module") ?? type.namedChildren[0];
    const name = type.childForFieldName("name") ?? type.namedChildren.at(-1);
    const base =
      module?.type === "identifier" ? this.resolver.resolveAt(module.text, module) : undefined;
    return base === undefined || name === null || name === undefined
      ? undefined
      : `${base}.${name.text}`;
  }

  private classifyName(identifier: Node, hops: number): ReceiverKind {
    const kinds = this.bindingsOf(identifier.text).map((binding) =>
      this.classifyBinding(binding, hops),
    );
    if (kinds.includes("model")) {
      return "model";
    }
    return kinds.length > 0 && kinds.every((kind) => kind === "other") ? "other" : "unknown";
  }

  /** Returns the nodes that bind `name` anywhere in the file: declarators, parameters, imports. */
  private bindingsOf(name: string): Node[] {
    const bindings: Node[] = [];
    for (const offset of findWord(this.text, name)) {
      const node = this.tree.rootNode.descendantForIndex(offset, offset + name.length);
      const parent = node?.parent;
      if (node?.type !== "identifier" || parent === null || parent === undefined) {
        continue;
      }
      const isName = parent.childForFieldName("name")?.id === node.id;
      const isPattern = parent.childForFieldName("pattern")?.id === node.id;
      const isAssigned =
        parent.type === "assignment_expression" && parent.childForFieldName("left")?.id === node.id;
      const isImport = ["import_clause", "namespace_import", "import_specifier"].includes(
        parent.type,
      );
      if (
        (isName && parent.type !== "function_declaration") ||
        isPattern ||
        isAssigned ||
        isImport
      ) {
        bindings.push(parent);
      }
    }
    return bindings;
  }

  /**
   * Classifies an imported name: a relative import can be the user's own model, while a package
   * import is not one, since tfjs exports namespaces, functions and classes, none with `compile`.
   */
  private classifyImport(binding: Node): ReceiverKind {
    let statement: Node | null = binding;
    while (statement !== null && statement.type !== "import_statement") {
      statement = statement.parent;
    }
    const source = statement?.childForFieldName("source")?.namedChildren[0]?.text;
    return source === undefined || source.startsWith(".") || source.startsWith("/")
      ? "unknown"
      : "other";
  }

  private classifyBinding(binding: Node, hops: number): ReceiverKind {
    switch (binding.type) {
      case "variable_declarator":
      case "required_parameter":
      case "optional_parameter": {
        const type = binding.childForFieldName("type");
        if (type !== null) {
          return this.classifyType(type);
        }
        const value = binding.childForFieldName("value");
        return value === null ? "unknown" : this.classify(value, hops);
      }
      case "assignment_expression": {
        const value = binding.childForFieldName("right");
        return value === null ? "unknown" : this.classify(value, hops);
      }
      case "import_clause":
      case "namespace_import":
      case "import_specifier":
        return this.classifyImport(binding);
      case "class_declaration":
        return "other";
      default:
        return "unknown";
    }
  }
}
