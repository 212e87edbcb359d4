import { describe, expect, it } from 'vitest';
import { countLabels } from '../core/image/LabelMap';
import { cutHierarchy, regionMergeHierarchy } from '../core/segmentation/regionMergeHierarchy';
import { coarsenPartition, effectiveMergeHeight, PAGE_MERGE_OPTIONS, regionCount } from './coarsenPartition';

describe('coarsenPartition', () => {
  // 32x8: four 8-column regions over grey, grey, light grey, white (wide enough for the texture
  // histograms to see flat interiors).
  const width = 32;
  const height = 8;
  const greys = [100, 100, 140, 250];
  const image = {
    width,
    height,
    data: Uint8ClampedArray.from({ length: width * height * 4 }, (_, i) => (i % 4 === 3 ? 255 : greys[Math.floor(((i >> 2) % width) / 8)])),
  };
  const partition = { width, height, labels: Int32Array.from({ length: width * height }, (_, i) => Math.floor((i % width) / 8)) };

  it('returns the partition itself at height 0', () => {
    expect(coarsenPartition(partition, image, 0)).toBe(partition);
  });

  it('merges more regions at a greater height, and gives the same map for the same arguments', () => {
    // The two greys differ only by the blur at the light grey's edge: they merge below 10.
    const low = coarsenPartition(partition, image, 10);
    expect(coarsenPartition(partition, image, 10)).toBe(low);
    const high = coarsenPartition(partition, image, 1000);
    expect(countLabels(low.labels)).toBe(3);
    expect(countLabels(high.labels)).toBe(1);
    // A cut's count is the cut's own; another map is counted from its labels.
    expect(regionCount(low)).toBe(3);
    expect(regionCount(partition)).toBe(4);
    expect([high.width, high.height]).toEqual([width, height]);
    // A new partition object is a new hierarchy.
    const copy = { ...partition, labels: partition.labels.slice() };
    expect(coarsenPartition(copy, image, 10)).not.toBe(low);
  });

  it('cuts the hierarchy built with the page options (no oriented gradient, no spectral term)', () => {
    const own = regionMergeHierarchy(partition, image, PAGE_MERGE_OPTIONS);
    // Every merge height of the page's own hierarchy, and just under each: the defaults' heights differ.
    for (const h of Array.from(own.heights).flatMap((v) => [v, v * 0.999])) {
      expect(Array.from(coarsenPartition(partition, image, h).labels)).toEqual(Array.from(cutHierarchy(own, h).labels));
    }
    expect(PAGE_MERGE_OPTIONS).toMatchObject({ gradientWeight: 0, spectralWeight: 0 });
  });

  it('applies no merge height while DSC runs, and the chosen one when paused, done or idle', () => {
    expect(effectiveMergeHeight('running', 18)).toBe(0);
    expect(effectiveMergeHeight('starting', 18)).toBe(0);
    for (const status of ['paused', 'done', 'idle', 'error']) expect(effectiveMergeHeight(status, 18)).toBe(18);
  });
});
