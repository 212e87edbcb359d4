/**
 * `--flag value` pairs of the small folder CLIs (bsds:split-components, bsds:guided-merge):
 * every argument is one of `allowed` followed by its value, each flag at most once.
 */
export function parseFlagPairs(argv: readonly string[], allowed: readonly string[], usage: string): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (!allowed.includes(flag) || value === undefined) throw new Error(`${usage} (got ${flag})`);
    if (args.has(flag)) throw new Error(`${flag} given twice`);
    args.set(flag, value);
  }
  return args;
}
