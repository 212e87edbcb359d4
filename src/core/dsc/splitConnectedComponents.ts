/**
 * Gives every 4-connected component of every label its own label, numbered 0..count-1 in order
 * of first appearance (row-major). A label that covers two separate areas becomes two regions.
 */
export function splitConnectedComponents(
  labels: Int32Array,
  width: number,
  height: number,
): { labels: Int32Array; count: number } {
  if (labels.length !== width * height) {
    throw new RangeError(`expected ${width * height} labels for ${width}x${height}, got ${labels.length}`);
  }
  const out = new Int32Array(labels.length).fill(-1);
  const stack = new Int32Array(labels.length);
  let count = 0;
  for (let start = 0; start < labels.length; start++) {
    if (out[start] !== -1) continue;
    const v = labels[start];
    out[start] = count;
    let top = 0;
    stack[top++] = start;
    while (top > 0) {
      const p = stack[--top];
      const x = p % width;
      const visit = (q: number) => {
        if (out[q] === -1 && labels[q] === v) {
          out[q] = count;
          stack[top++] = q;
        }
      };
      if (x > 0) visit(p - 1);
      if (x < width - 1) visit(p + 1);
      if (p >= width) visit(p - width);
      if (p < labels.length - width) visit(p + width);
    }
    count++;
  }
  return { labels: out, count };
}
