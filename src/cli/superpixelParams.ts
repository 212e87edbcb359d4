/** Parsing of a superpixel algorithm's extra parameters; no tfjs here, so light CLIs can import it. */

export type SuperpixelParams = Record<string, number | boolean | string>;

/**
 * A superpixel algorithm's extra parameters given as JSON on the command line (`flag` names the
 * option in the messages), e.g. `'{"minSize":200}'`: an object of numbers, booleans and strings.
 */
export function parseSuperpixelParams(text: string | undefined, flag: string): SuperpixelParams {
  if (text === undefined) return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new Error(`${flag} must be a JSON object, e.g. '{"minSize":200}', got ${text}`);
  }
  const ok = (x: unknown) => typeof x === 'number' || typeof x === 'boolean' || typeof x === 'string';
  if (v === null || typeof v !== 'object' || Array.isArray(v) || !Object.values(v).every(ok)) {
    throw new Error(`${flag} must be a JSON object of numbers, booleans and strings, got ${text}`);
  }
  return v as SuperpixelParams;
}
