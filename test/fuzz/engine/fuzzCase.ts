import type { FuzzDocument } from "./documents";
import { randomNotification, type ContentChange } from "./edits";
import type { Random } from "./random";

/**
 * A replayable fuzz input: a document and the didChange notifications sent after opening it.
 * The notifications come in batches, and the runner checks the server after each batch. The
 * regression fixtures in test/fixtures/regressions store these objects as JSON.
 */
export interface FuzzCase {
  label: string;
  languageId: string;
  text: string;
  /** Batches of notifications, each notification being its `contentChanges`. */
  batches: ContentChange[][][];
}

/** Documents longer than this get few edits, because each re-analysis of them takes long. */
const LARGE_DOCUMENT_LENGTH = 100_000;

/** Draws the edits of a case for `document`: up to 12 batches of one to four notifications. */
export function generateCase(random: Random, document: FuzzDocument): FuzzCase {
  const large = document.text.length > LARGE_DOCUMENT_LENGTH;
  const batchCount = large ? random.between(1, 3) : random.between(1, 12);
  const batches: ContentChange[][][] = [];
  let text = document.text;
  for (let batch = 0; batch < batchCount; batch++) {
    const notifications: ContentChange[][] = [];
    const count = large ? 1 : random.between(1, 4);
    for (let index = 0; index < count; index++) {
      const drawn = randomNotification(random, text, document.languageId);
      notifications.push(drawn.changes);
      text = drawn.text;
    }
    batches.push(notifications);
  }
  return { ...document, batches };
}

export function countChanges(fuzzCase: FuzzCase): { notifications: number; changes: number } {
  const notifications = fuzzCase.batches.flat();
  return { notifications: notifications.length, changes: notifications.flat().length };
}
