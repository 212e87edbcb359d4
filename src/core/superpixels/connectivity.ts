/**
 * Connected components of a label map: every label is split into its 4- or 8-connected pieces
 * and the pieces are numbered 0..M-1 in row-major order of first appearance. This is the last
 * step of every algorithm here, so the output is contiguous, connected and deterministic.
 */
export type Connectivity = 4 | 8;

export function connectedComponents(
  labels: Int32Array,
  width: number,
  height: number,
  connectivity: Connectivity,
): { labels: Int32Array; count: number } {
  const n = width * height;
  const out = new Int32Array(n).fill(-1);
  // Pixel and its column side by side, so the fill needs no division.
  const stack = new Int32Array(2 * n);
  let count = 0;
  for (let start = 0; start < n; start++) {
    if (out[start] !== -1) continue;
    const id = count++;
    const value = labels[start];
    out[start] = id;
    let top = 0;
    stack[top++] = start;
    stack[top++] = start % width;
    while (top > 0) {
      const x = stack[--top];
      const p = stack[--top];
      const left = x > 0;
      const right = x < width - 1;
      const up = p >= width;
      const down = p < n - width;
      // 4-neighbours
      if (left && out[p - 1] === -1 && labels[p - 1] === value) { out[p - 1] = id; stack[top++] = p - 1; stack[top++] = x - 1; }
      if (right && out[p + 1] === -1 && labels[p + 1] === value) { out[p + 1] = id; stack[top++] = p + 1; stack[top++] = x + 1; }
      if (up && out[p - width] === -1 && labels[p - width] === value) { out[p - width] = id; stack[top++] = p - width; stack[top++] = x; }
      if (down && out[p + width] === -1 && labels[p + width] === value) { out[p + width] = id; stack[top++] = p + width; stack[top++] = x; }
      if (connectivity === 8) {
        const q0 = p - width - 1, q1 = p - width + 1, q2 = p + width - 1, q3 = p + width + 1;
        if (up && left && out[q0] === -1 && labels[q0] === value) { out[q0] = id; stack[top++] = q0; stack[top++] = x - 1; }
        if (up && right && out[q1] === -1 && labels[q1] === value) { out[q1] = id; stack[top++] = q1; stack[top++] = x + 1; }
        if (down && left && out[q2] === -1 && labels[q2] === value) { out[q2] = id; stack[top++] = q2; stack[top++] = x - 1; }
        if (down && right && out[q3] === -1 && labels[q3] === value) { out[q3] = id; stack[top++] = q3; stack[top++] = x + 1; }
      }
    }
  }
  return { labels: out, count };
}

/** True when every label value of `labels` occupies a single connected piece. */
export function isEachLabelConnected(
  labels: Int32Array,
  width: number,
  height: number,
  connectivity: Connectivity,
): boolean {
  const distinct = new Set<number>();
  for (let i = 0; i < labels.length; i++) distinct.add(labels[i]);
  return connectedComponents(labels, width, height, connectivity).count === distinct.size;
}
