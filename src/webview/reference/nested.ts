/** A number or a nested array of numbers, as tensor.arraySync() returns it. */
export type Nested = number | Nested[];

/** A rectangular nested array as its shape and its values in row-major order. */
export interface Flat {
  shape: number[];
  values: number[];
}

/**
 * Flattens a rectangular nested array. The runtime's evaluateSample validates samples before
 * the reference receives them, so this only reads the shape from the first element at each depth.
 */
export function flatten(value: unknown): Flat {
  const shape: number[] = [];
  for (let probe = value; Array.isArray(probe); probe = probe[0]) {
    shape.push(probe.length);
  }
  const values: number[] = [];
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(collect);
    } else {
      values.push(node as number);
    }
  };
  collect(value);
  return { shape, values };
}

/** Rebuilds a nested array of `shape` from row-major `values`; a scalar for shape []. */
export function unflatten(values: readonly number[], shape: readonly number[]): Nested {
  if (shape.length === 0) {
    return values[0];
  }
  const build = (axis: number, offset: number, stride: number): Nested[] => {
    const size = shape[axis];
    const inner = stride / size;
    const rows: Nested[] = [];
    for (let i = 0; i < size; i++) {
      rows.push(
        axis === shape.length - 1 ? values[offset + i] : build(axis + 1, offset + i * inner, inner),
      );
    }
    return rows;
  };
  return build(0, 0, values.length);
}
