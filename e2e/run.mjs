#!/usr/bin/env node
// Runs the e2e suite: finds (or installs) a Chromium, builds the app, and runs Playwright against
// the production build served locally.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright';

function log(msg) {
  process.stderr.write(`e2e: ${msg}\n`);
}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist`);
  }
  for (const p of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (existsSync(p)) return p;
  try {
    const own = chromium.executablePath();
    if (own && existsSync(own)) return own;
  } catch {
    // Playwright has no browser of its own yet.
  }
  return null;
}

function installChromium() {
  if (isRoot() && has('apt-get')) {
    log("installing Debian's chromium package with apt-get");
    execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-q', 'chromium'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    return;
  }
  log("downloading Playwright's Chromium (npx playwright install chromium)");
  execFileSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit' });
}

let browser = findChromium();
if (!browser) {
  try {
    installChromium();
  } catch (e) {
    log(`could not install a browser: ${e.message}`);
  }
  browser = findChromium();
}
if (!browser) {
  log(
    'no Chromium found. Install one (Debian: apt-get install chromium; elsewhere: npx playwright install chromium) ' +
      'or set CHROMIUM_PATH to a Chromium or Chrome executable.',
  );
  process.exit(1);
}
log(`using ${browser}`);

if (!process.env.E2E_SKIP_BUILD) execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });

const result = spawnSync(
  'npx',
  ['playwright', 'test', '-c', 'e2e/playwright.config.ts', ...process.argv.slice(2)],
  { stdio: 'inherit', env: { ...process.env, DSC_CHROMIUM: browser } },
);
process.exit(result.status ?? 1);
