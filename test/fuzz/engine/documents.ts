import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { languageIdForPath } from "../../../server/src/parsing/languages";
import { FIXTURES } from "../../helpers/paths";
import { validProgram } from "./programs";
import type { Random } from "./random";
import { AWKWARD_TEXT, fragmentsFor, wordsFor } from "./tokens";

/** A document that the fuzzer opens, with the name of the generator that produced it. */
export interface FuzzDocument {
  label: string;
  languageId: string;
  text: string;
}

const FIXTURE_FOLDERS = ["python", "typescript", "python-fixes", "typescript-fixes"];

/** One megabyte of UTF-16 code units, the length of the long-line document. */
const LONG_LINE_LENGTH = 1024 * 1024;
const NESTING_DEPTH = 10_000;

let fixtureCache: FuzzDocument[] | undefined;

/**
 * Loads the fixture sources: every Python, TypeScript and JavaScript input, leaving out the
 * expected-findings sidecars and the expected outputs of fixes.
 */
export function loadFixtures(): FuzzDocument[] {
  fixtureCache ??= FIXTURE_FOLDERS.flatMap((folder) =>
    readdirSync(path.join(FIXTURES, folder))
      .filter((name) => !name.endsWith(".expected") && !/\.out\.\w+$/.test(name))
      .sort()
      .flatMap((name) => {
        const languageId = languageIdForPath(name);
        if (languageId === undefined) {
          return [];
        }
        const text = readFileSync(path.join(FIXTURES, folder, name), "utf8");
        return [{ label: `${folder}/${name}`, languageId, text }];
      }),
  );
  return fixtureCache;
}

function insertAt(text: string, offset: number, inserted: string): string {
  return text.slice(0, offset) + inserted + text.slice(offset);
}

/** Applies one random mutation: insert, delete or duplicate a token, or delete, copy or swap lines. */
function mutateOnce(random: Random, text: string, languageId: string): string {
  const offset = random.int(text.length + 1);
  const spanEnd = Math.min(text.length, offset + random.between(1, 12));
  switch (random.int(7)) {
    case 0:
      return insertAt(text, offset, random.pick(fragmentsFor(languageId)));
    case 1:
      return insertAt(text, offset, random.pick(AWKWARD_TEXT));
    case 2:
      return insertAt(text, offset, ` ${random.pick(wordsFor(languageId))} `);
    case 3:
      return text.slice(0, offset) + text.slice(spanEnd);
    case 4:
      return insertAt(text, spanEnd, text.slice(offset, spanEnd));
    default: {
      const lines = text.split("\n");
      const line = random.int(lines.length);
      const other = random.int(lines.length);
      if (random.chance(1 / 3)) {
        lines.splice(line, 1);
      } else if (random.chance(0.5)) {
        lines.splice(line, 0, lines[other]);
      } else {
        [lines[line], lines[other]] = [lines[other], lines[line]];
      }
      return lines.join("\n");
    }
  }
}

export function mutate(random: Random, text: string, languageId: string, count: number): string {
  let mutated = text;
  for (let index = 0; index < count; index++) {
    mutated = mutateOnce(random, mutated, languageId);
  }
  return mutated;
}

function randomLanguage(random: Random): string {
  return random.pick(["python", "python", "typescript", "javascript", "typescriptreact"]);
}

/** Random bytes read as UTF-8, as an editor shows a binary file: U+FFFD for invalid sequences. */
function randomBytes(random: Random): FuzzDocument {
  const bytes = Buffer.alloc(random.int(2048));
  for (let index = 0; index < bytes.length; index++) {
    bytes[index] = random.int(256);
  }
  return {
    label: "random bytes",
    languageId: randomLanguage(random),
    text: bytes.toString("utf8"),
  };
}

/** Random UTF-16 code units, lone surrogates and NUL included, which no UTF-8 file can hold. */
function randomCodeUnits(random: Random): FuzzDocument {
  const units: number[] = [];
  const length = random.int(1024);
  for (let index = 0; index < length; index++) {
    // A quarter any code unit, a quarter control characters, half printable ASCII.
    const kind = random.int(4);
    if (kind === 0) {
      units.push(random.int(0x1_0000));
    } else if (kind === 1) {
      units.push(random.int(32));
    } else {
      units.push(32 + random.int(95));
    }
  }
  return {
    label: "random UTF-16 code units",
    languageId: randomLanguage(random),
    text: String.fromCharCode(...units),
  };
}

function fragmentSoup(random: Random): FuzzDocument {
  const languageId = randomLanguage(random);
  const pieces: string[] = [];
  const count = random.between(5, 200);
  for (let index = 0; index < count; index++) {
    const source = random.int(10);
    pieces.push(
      source < 5
        ? random.pick(fragmentsFor(languageId))
        : source < 9
          ? random.pick(wordsFor(languageId))
          : random.pick(AWKWARD_TEXT),
    );
    pieces.push(random.pick([" ", " ", "\n", ""]));
  }
  return { label: "fragment soup", languageId, text: pieces.join("") };
}

/** Removes closing brackets and quotes or adds opening ones, so the parser must recover. */
function unbalance(random: Random, base: FuzzDocument): FuzzDocument {
  let text = base.text;
  const count = random.between(1, 6);
  for (let index = 0; index < count; index++) {
    const closers = [...text.matchAll(/[)\]}"'`]/g)];
    if (closers.length > 0 && random.chance(0.5)) {
      const closer = random.pick(closers).index ?? 0;
      text = text.slice(0, closer) + text.slice(closer + 1);
    } else {
      const opener = random.pick(["(", "[", "{", '"', "'", '"""', "`", "/*", "f'{"]);
      text = insertAt(text, random.int(text.length + 1), opener);
    }
  }
  return { ...base, label: `unbalanced ${base.label}`, text };
}

function mixLineEndings(random: Random, base: FuzzDocument): FuzzDocument {
  const text = base.text.replace(/\r\n|\r|\n/g, () => random.pick(["\n", "\r\n", "\r"]));
  return { ...base, label: `mixed line endings ${base.label}`, text };
}

function sprinkle(random: Random, base: FuzzDocument, label: string, pieces: string[]) {
  let text = base.text;
  const count = random.between(1, 8);
  for (let index = 0; index < count; index++) {
    text = insertAt(text, random.int(text.length + 1), random.pick(pieces));
  }
  return { ...base, label: `${label} ${base.label}`, text };
}

/** Draws one random document from the generators, weighted towards mutated fixtures. */
export function randomDocument(random: Random): FuzzDocument {
  const fixture = random.pick(loadFixtures());
  switch (random.int(17)) {
    case 0:
      return fixture;
    case 14:
    case 15:
    case 16:
      return validProgram(random);
    case 1:
      return randomBytes(random);
    case 2:
      return randomCodeUnits(random);
    case 3:
      return fragmentSoup(random);
    case 4:
      return unbalance(random, fixture);
    case 5:
      return mixLineEndings(random, fixture);
    case 6:
      return { ...fixture, label: `BOM ${fixture.label}`, text: `\uFEFF${fixture.text}` };
    case 7:
      return sprinkle(random, fixture, "NUL bytes in", ["\0"]);
    case 8:
      return sprinkle(random, fixture, "lone surrogates in", ["\uD800", "\uDFFF", "\uDBFF"]);
    default: {
      const count = random.chance(0.5) ? random.between(1, 4) : random.between(5, 30);
      const text = mutate(random, fixture.text, fixture.languageId, count);
      return { ...fixture, label: `${count} mutations of ${fixture.label}`, text };
    }
  }
}

/** Builds a Python module with one line of about `LONG_LINE_LENGTH` code units and two findings. */
export function longLineDocument(): FuzzDocument {
  const items: string[] = [];
  let length = 0;
  for (let index = 0; length < LONG_LINE_LENGTH; index++) {
    const item = index === 5_000 || index === 50_000 ? "nn.FocalLoss()" : `value_${index % 997}`;
    items.push(item);
    length += item.length + 2;
  }
  return {
    label: "one line of 1 MB",
    languageId: "python",
    text: `import torch.nn as nn\ncriteria = [${items.join(", ")}]\n`,
  };
}

/** Builds a focal-loss lookup inside `NESTING_DEPTH` parentheses, in Python or TypeScript. */
export function nestedParenthesesDocument(languageId: "python" | "typescript"): FuzzDocument {
  const open = "(".repeat(NESTING_DEPTH);
  const close = ")".repeat(NESTING_DEPTH);
  const text =
    languageId === "python"
      ? `import torch.nn as nn\ncriterion = ${open}nn.FocalLoss()${close}\n`
      : `import * as tf from "@tensorflow/tfjs";\nconst loss = ${open}tf.losses.focalLoss${close};\n`;
  return { label: `${NESTING_DEPTH} nested parentheses`, languageId, text };
}

/** Returns the documents that every session opens once, before the random ones. */
export function fixedDocuments(): FuzzDocument[] {
  return [
    longLineDocument(),
    nestedParenthesesDocument("python"),
    nestedParenthesesDocument("typescript"),
  ];
}
