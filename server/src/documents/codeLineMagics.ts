/**
 * The line magics whose argument IPython runs as a Python statement, with the letters of the
 * options that take a value and of those that do not, from their IPython 8 usage lines:
 * `%timeit [-n<N> -r<R> [-t|-c] -q -p<P> -o] statement`, `%prun [-D file] [-T file] [-s key]
 * [-l limit] [-r] [-q] statement` and `%debug [--breakpoint FILE:LINE] [statement]`.
 */
const CODE_LINE_MAGICS = new Map([
  ["time", { valued: "", flags: "" }],
  ["timeit", { valued: "nrp", flags: "tcqo" }],
  ["prun", { valued: "DTsl", flags: "rq" }],
  ["debug", { valued: "b", flags: "" }],
]);

/** Statements that cannot follow `if 1:` on the same line. */
const COMPOUND_STATEMENT = /^(?:async|class|def|for|if|try|while|with|match)\b/;

/** Python no longer than `%time `, the shortest magic prefix, that a simple statement can follow. */
const STATEMENT_PREFIX = "if 1:";

/**
 * Returns the length of the magic's name and options at the start of `line`, such as `%timeit
 * -n 10 ` in `%timeit -n 10 f()`, or undefined when the line is not one of CODE_LINE_MAGICS or
 * has an option this does not know.
 */
function magicPrefixLength(line: string): number | undefined {
  const head = /^%(\w+)[ \t]+/.exec(line);
  const options = head === null ? undefined : CODE_LINE_MAGICS.get(head[1]);
  if (head === null || options === undefined) {
    return undefined;
  }

  let offset = head[0].length;
  for (;;) {
    const option = /^(--breakpoint|-(\w+))(?:[ \t]+|$)/.exec(line.slice(offset));
    if (option === null) {
      return offset;
    }
    const letters = option[2] ?? "b";
    if (options.valued.includes(letters[0])) {
      // The value is attached, as in `-n10`, or is the next word.
      const value =
        letters.length > 1
          ? ""
          : (/^\S+[ \t]*/.exec(line.slice(offset + option[0].length))?.[0] ?? "");
      offset += option[0].length + value.length;
    } else if ([...letters].every((letter) => options.flags.includes(letter))) {
      offset += option[0].length;
    } else {
      return undefined;
    }
  }
}

/**
 * Returns a line of Python as long as `line`, a line magic such as `%time crit = nn.FocalLoss()`
 * that runs its argument, in which the argument keeps its columns: `if 1: crit = nn.FocalLoss()`,
 * padded to the argument's column. Returns undefined for any other line, for a magic with no
 * argument and for an argument that is a compound statement, which must then be blanked.
 */
export function codeOfLineMagic(line: string): string | undefined {
  const prefixLength = magicPrefixLength(line);
  if (prefixLength === undefined || prefixLength < STATEMENT_PREFIX.length) {
    return undefined;
  }
  const code = line.slice(prefixLength);
  if (code.trim() === "" || COMPOUND_STATEMENT.test(code)) {
    return undefined;
  }
  return STATEMENT_PREFIX.padEnd(prefixLength) + code;
}
