/**
 * A seeded pseudo-random generator (Marsaglia's xorshift32), so that one seed replays the same
 * documents and edits on every machine. It is fast and small, not cryptographic.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    // xorshift32 never leaves the all-zero state, so seed 0 is moved to a fixed non-zero one.
    this.state = (Math.imul(seed | 0, 0x9e3779b9) ^ 0x6d2b79f5) >>> 0 || 0x6d2b79f5;
  }

  /** Returns a float in [0, 1). */
  next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state / 0x1_0000_0000;
  }

  /** Returns an integer in [0, limit). */
  int(limit: number): number {
    return Math.floor(this.next() * limit);
  }

  /** Returns an integer in [min, max], both included. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) {
      throw new Error("Random.pick needs a non-empty list.");
    }
    return items[this.int(items.length)];
  }

  /** Returns a new generator whose sequence depends only on this one's next value. */
  fork(): Random {
    return new Random(this.int(0x7fff_ffff));
  }
}
