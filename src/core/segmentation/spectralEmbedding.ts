/**
 * A spectral embedding of a region adjacency graph, after the "spectral Pb" globalisation of gPb
 * (Arbelaez et al. 2011): the leading non-trivial eigenvectors of the normalised affinity
 * D^-1/2 W D^-1/2 (the relaxed normalised cut of Shi and Malik, as in DSC's own objective),
 * mapped back by D^-1/2 and each scaled by 1 / sqrt(its Laplacian eigenvalue), so that the
 * coarse splits weigh most. Two regions far apart in the embedding sit on different sides of
 * the graph's best cuts, even where the boundary between them is faint.
 */
import { symmetricEigen } from './symmetricEigen';

/**
 * `count` nodes, edges (a[e], b[e]) with affinities w[e] >= 0 (repeated pairs add up). Returns
 * `dims` coordinates per node (row-major count x dims; fewer non-trivial eigenvectors leave zeros).
 */
export function spectralEmbedding(
  count: number,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  w: ArrayLike<number>,
  dims: number,
): Float64Array {
  if (!Number.isInteger(dims) || dims < 1) throw new RangeError(`dims must be an integer >= 1, got ${dims}`);
  if (a.length !== b.length || a.length !== w.length) throw new RangeError('edges: a, b and w must have one entry per edge');
  const W = new Float64Array(count * count);
  const degree = new Float64Array(count);
  for (let e = 0; e < a.length; e++) {
    const x = a[e];
    const y = b[e];
    if (!(w[e] >= 0) || x === y || x < 0 || y < 0 || x >= count || y >= count) {
      throw new RangeError(`edge ${e} (${x}, ${y}, ${w[e]}): expected two nodes in [0, ${count}) and a weight >= 0`);
    }
    W[x * count + y] += w[e];
    W[y * count + x] += w[e];
    degree[x] += w[e];
    degree[y] += w[e];
  }
  // An isolated node (degree 0) gets a tiny degree so that it is its own component, not NaN.
  let mean = 0;
  for (let i = 0; i < count; i++) mean += degree[i] / Math.max(1, count);
  const floor = 1e-12 * (mean || 1);
  const root = degree.map((d) => Math.sqrt(Math.max(d, floor)));
  for (let i = 0; i < count; i++) for (let j = 0; j < count; j++) W[i * count + j] /= root[i] * root[j];
  const { values, vectors } = symmetricEigen(W, count);
  const out = new Float64Array(count * dims);
  // Column 0 is the trivial eigenvector (eigenvalue 1, D^1/2 1) of a connected graph.
  for (let j = 0; j < dims && j + 1 < count; j++) {
    const lambda = Math.max(1e-6, 1 - values[j + 1]);
    const s = 1 / Math.sqrt(lambda);
    for (let i = 0; i < count; i++) out[i * dims + j] = (vectors[i * count + j + 1] / root[i]) * s;
  }
  return out;
}
