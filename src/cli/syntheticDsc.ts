/**
 * `npm run dsc:synthetic -- [--norms batch,scale,center,none] [--seeds 0-7] [--iters N]
 * [--backend cpu|wasm] [--json FILE]`
 *
 * Runs DSC on the synthetic case of createDsc.test.ts (3 flat colour regions with noise, 54
 * noisy superpixels, the colour encoder) for each embedding normalisation and head seed, and
 * prints the region count after every iteration and the final covering of the truth. This is how
 * docs/method.md compares the normalisations on that case (the test itself runs two seeds).
 */
import { writeFileSync } from 'node:fs';
import { createDsc } from '../core/dsc/createDsc';
import { resolveDscOptions, type EmbeddingNorm } from '../core/dsc/DscOptions';
import { colourEncoderWeights, covering, threeRegionCase } from '../core/dsc/dscTestUtils';
import { type NodeBackend, setupTfNode } from './tfNode';

const USAGE = `usage: npm run dsc:synthetic -- [--norms batch,scale,center,none] [--seeds 0-7 | 0,1,5] [--iters N] [--backend cpu|wasm] [--json FILE]
Defaults: --norms batch,scale,center,none --seeds 0-7 --iters 24 --backend cpu.`;

function parseSeeds(text: string): number[] {
  const range = /^(\d+)-(\d+)$/.exec(text);
  if (range) {
    const [a, b] = [Number(range[1]), Number(range[2])];
    if (b < a) throw new Error(`--seeds: empty range ${text}`);
    return Array.from({ length: b - a + 1 }, (_, i) => a + i);
  }
  const seeds = text.split(',').map(Number);
  if (seeds.some((s) => !Number.isInteger(s) || s < 0)) throw new Error(`--seeds: not a list of integers: ${text}`);
  return seeds;
}

async function main(argv: string[]): Promise<void> {
  let norms: EmbeddingNorm[] = ['batch', 'scale', 'center', 'none'];
  let seeds = parseSeeds('0-7');
  let iterations = 24;
  let backend: NodeBackend = 'cpu';
  let json: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value\n${USAGE}`);
      return v;
    };
    if (a === '--norms') norms = value().split(',') as EmbeddingNorm[];
    else if (a === '--seeds') seeds = parseSeeds(value());
    else if (a === '--iters') iterations = Number(value());
    else if (a === '--backend') backend = value() as NodeBackend;
    else if (a === '--json') json = value();
    else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      return;
    } else throw new Error(`unknown argument ${a}\n${USAGE}`);
  }
  // Validates every norm and the iteration count before anything runs.
  for (const embeddingNorm of norms) resolveDscOptions({ embeddingNorm, iterations });
  console.error(`backend ${await setupTfNode(backend)}`);

  const { image, truth, superpixels } = threeRegionCase(5);
  const runs: { norm: EmbeddingNorm; seed: number; regions: number[]; covering: number }[] = [];
  for (const embeddingNorm of norms) {
    for (const seed of seeds) {
      const weights = colourEncoderWeights(1);
      const dsc = await createDsc(weights, { iterations, seed, embeddingNorm });
      try {
        const regions: number[] = [];
        let labels: Int32Array | null = null;
        for await (const it of dsc.run(image, superpixels)) {
          regions.push(it.regionCount);
          labels = it.labels;
        }
        const cov = covering(truth, labels!);
        runs.push({ norm: embeddingNorm, seed, regions, covering: cov });
        console.log(`${embeddingNorm.padEnd(6)} seed ${seed}: regions ${regions.join(' ')}; covering ${cov.toFixed(3)}`);
      } finally {
        dsc.dispose();
        for (const t of weights.values()) t.dispose();
      }
    }
    const mine = runs.filter((r) => r.norm === embeddingNorm);
    const three = mine.filter((r) => r.regions[r.regions.length - 1] === 3 && r.covering >= 0.95).length;
    console.log(`${embeddingNorm}: ${three} of ${mine.length} seeds end with 3 regions at covering >= 0.95`);
  }
  if (json) writeFileSync(json, JSON.stringify({ iterations, runs }, null, 1));
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
