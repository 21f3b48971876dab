import { Parser } from "web-tree-sitter";
import type { GrammarName, Grammars } from "./languages";

/** One parser per grammar, created on first use. Parsing is synchronous, so one is enough. */
export class ParserPool {
  private readonly parsers = new Map<GrammarName, Parser>();

  constructor(private readonly grammars: Grammars) {}

  get(grammar: GrammarName): Parser {
    let parser = this.parsers.get(grammar);
    if (parser === undefined) {
      parser = new Parser();
      parser.setLanguage(this.grammars[grammar]);
      this.parsers.set(grammar, parser);
    }
    return parser;
  }
}
