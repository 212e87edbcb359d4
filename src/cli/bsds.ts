/** CLI: the BSDS500 region benchmark. `npm run bsds -- --help` for usage. */
import { USAGE, parseBsdsArgs } from './bsds/options';
import { detectFormat, runBsds } from './bsds/runBsds';

const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  console.log(USAGE);
} else {
  let options;
  try {
    options = parseBsdsArgs(argv, detectFormat);
  } catch (e) {
    console.error(`bsds: ${(e as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  runBsds(options).then(
    (run) => {
      process.exitCode = run.exitCode;
    },
    (e: unknown) => {
      console.error(`bsds: ${e instanceof Error ? e.message : String(e)}`);
      process.exitCode = 1;
    },
  );
}
