/**
 * `npm run bench:dsc:browser -- [--backend webgpu|webgl|wasm|cpu] [--size HxW] [--iters N] [--warmup N]
 * [--k N] [--superpixels N] [--kernels K] [--bind-group-cache on|off] [--json FILE] [--gpu]`
 *
 * Opens bench.html of the production build (run `npx vite build` first) in headless Chromium,
 * waits for the benchmark and prints its JSON. Without --gpu, Chromium gets the e2e flags
 * (WebGPU on SwiftShader where there is no GPU); --gpu asks for the machine's GPU through Vulkan
 * instead. CHROMIUM_PATH picks the browser (default: /usr/bin/chromium, else Playwright's own).
 */
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright';
import { chromiumArgs } from './playwright.config';

const PARAMS = ['--backend', '--size', '--iters', '--warmup', '--k', '--superpixels', '--kernels', '--bind-group-cache'];
const PORT = Number(process.env.BENCH_PORT ?? 4175);

function parse(argv: string[]) {
  const query = new URLSearchParams();
  let json: string | null = null;
  let gpu = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--gpu') gpu = true;
    else if (a === '--json' || PARAMS.includes(a)) {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${a} needs a value`);
      if (a === '--json') json = v;
      else query.set(a.slice(2), v);
    } else throw new Error(`unknown argument ${a}`);
  }
  return { query, json, gpu };
}

async function waitForServer(url: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`vite preview did not answer at ${url}`);
}

async function main(): Promise<void> {
  const { query, json, gpu } = parse(process.argv.slice(2));
  const root = resolve(import.meta.dirname, '..');
  if (!existsSync(resolve(root, 'dist/bench.html'))) throw new Error('dist/bench.html is missing: run `npx vite build` first');
  const server = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort'], { cwd: root, stdio: 'ignore' });
  try {
    await waitForServer(`http://localhost:${PORT}/bench.html`, 30_000);
    const args = gpu
      ? [
          ...chromiumArgs.filter((f) => !f.startsWith('--use-angle')),
          '--use-angle=vulkan',
          '--enable-features=Vulkan,VulkanFromANGLE',
          '--ignore-gpu-blocklist',
        ]
      : chromiumArgs;
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined),
      args,
    });
    try {
      const page = await browser.newPage();
      page.on('console', (m) => {
        if (m.type() === 'error') process.stderr.write(`page: ${m.text()}\n`);
      });
      await page.goto(`http://localhost:${PORT}/bench.html?${query.toString()}`);
      await page.waitForFunction(() => window.__benchResult ?? window.__benchError, null, { timeout: 0, polling: 500 });
      const error = await page.evaluate(() => window.__benchError ?? null);
      if (error) throw new Error(`bench.html: ${error}`);
      const text = JSON.stringify(await page.evaluate(() => window.__benchResult), null, 2);
      console.log(text);
      if (json) writeFileSync(json, text + '\n');
    } finally {
      await browser.close();
    }
  } finally {
    server.kill();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:dsc:browser: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
