import { countLabels, type LabelMap } from '../core/image/LabelMap';
import type { RgbaImage } from '../core/image/RgbaImage';
import {
  cutHierarchy,
  regionMergeHierarchy,
  type RegionMergeHierarchy,
  type RegionMergeOptions,
} from '../core/segmentation/regionMergeHierarchy';
import { frameStore, useAppStore } from './store';

/**
 * The merge height to apply: none while DSC is running. A hierarchy takes about 60-240 ms at
 * 481x321 (median 80 ms over 4 test images x 3, texture term included; Node on this project's
 * CPU machine), too long to rebuild on the main thread for every iteration's partition; paused or
 * done, it is built once.
 */
export function effectiveMergeHeight(runStatus: string, merge: number): number {
  return runStatus === 'running' || runStatus === 'starting' ? 0 : merge;
}

// Region counts per map object: the painter asks on every paint (each DSC iteration, each
// opacity change), and a cut already knows its count.
const counts = new WeakMap<LabelMap, number>();

/** The number of regions of `map`, counted once per map object. */
export function regionCount(map: LabelMap): number {
  let n = counts.get(map);
  if (n === undefined) {
    n = countLabels(map.labels);
    counts.set(map, n);
  }
  return n;
}

/**
 * The page's hierarchy leaves out the oriented-gradient and spectral terms: over DSC's partition
 * (about 25 regions) val found them level with the defaults of the texture round (SC ODS 0.549
 * against 0.547, VI 1.833 against 1.829; docs/results.md, "A fifth round") at three times the
 * time, and this runs on the main thread.
 */
export const PAGE_MERGE_OPTIONS: RegionMergeOptions = { gradientWeight: 0, spectralWeight: 0 };

let built: { partition: LabelMap; image: RgbaImage; hierarchy: RegionMergeHierarchy } | null = null;
let last: { hierarchy: RegionMergeHierarchy; height: number; map: LabelMap } | null = null;

/**
 * The partition as shown and exported: DSC's partition cut at `height` of its colour merge
 * hierarchy (the "Merge height" setting; regionMergeHierarchy), or the partition itself at 0.
 * The hierarchy is built once per (partition, image), so a slider move only re-cuts it, and the
 * same arguments give the same map object (the painter and the export agree without work).
 */
export function coarsenPartition(partition: LabelMap, image: RgbaImage, height: number): LabelMap {
  if (!(height > 0)) return partition;
  if (built === null || built.partition !== partition || built.image !== image) {
    built = { partition, image, hierarchy: regionMergeHierarchy(partition, image, PAGE_MERGE_OPTIONS) };
  }
  const { hierarchy } = built;
  if (last === null || last.hierarchy !== hierarchy || last.height !== height) {
    const cut = cutHierarchy(hierarchy, height);
    last = { hierarchy, height, map: { width: partition.width, height: partition.height, labels: cut.labels } };
    counts.set(last.map, cut.count);
  }
  return last.map;
}

/**
 * DSC's current partition as the page shows and exports it: cut at the merge height (when DSC is
 * not running and the partition has the image's size), or as it is; null before DSC has run.
 */
export function shownPartition(): LabelMap | null {
  const { image, settings, run } = useAppStore.getState();
  const partition = frameStore.getState().partition;
  if (partition === null || image === null || partition.width !== image.width || partition.height !== image.height) return partition;
  return coarsenPartition(partition, image, effectiveMergeHeight(run.status, Number(settings.merge)));
}
