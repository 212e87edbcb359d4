/** Root of `i` in a union-find forest stored as parent indices, with path halving. */
export function findRoot(parent: Int32Array, i: number): number {
  while (parent[i] !== i) {
    const g = parent[parent[i]];
    parent[i] = g;
    i = g;
  }
  return i;
}

export function identityForest(n: number): Int32Array {
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  return parent;
}
