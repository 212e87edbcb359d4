/**
 * Gives every 8-connected component of every label its own label, numbered 0..count-1 in order
 * of first appearance (row-major). A label that covers two separate areas becomes two regions.
 * 8-connectivity, because EGB superpixels are 8-connected: a split never cuts a superpixel.
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
      const y = (p - x) / width;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= width) continue;
          const q = yy * width + xx;
          if (out[q] === -1 && labels[q] === v) {
            out[q] = count;
            stack[top++] = q;
          }
        }
      }
    }
    count++;
  }
  return { labels: out, count };
}
