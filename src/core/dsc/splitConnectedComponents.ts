import { connectedComponents } from '../superpixels/connectivity';

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
    throw new RangeError(
      `expected ${width * height} labels for ${width}x${height}, got ${labels.length}`,
    );
  }
  return connectedComponents(labels, width, height, 8);
}
