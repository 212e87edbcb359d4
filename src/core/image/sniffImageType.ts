/** What the first bytes of a file say it is. */
export type SniffedType = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp' | 'avif' | 'unknown';

/**
 * Identifies an image file by its magic bytes rather than its name or MIME type, which a
 * drag-and-drop may leave empty or get wrong.
 */
export function sniffImageType(head: Uint8Array): SniffedType {
  const b = head;
  const at = (i: number, ...bytes: number[]) => bytes.every((v, k) => b[i + k] === v);
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (at(0, 0xff, 0xd8, 0xff)) return 'jpeg';
  if (at(0, 0x47, 0x49, 0x46, 0x38)) return 'gif';
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'webp';
  if (at(0, 0x42, 0x4d)) return 'bmp';
  if (at(4, 0x66, 0x74, 0x79, 0x70) && (at(8, 0x61, 0x76, 0x69, 0x66) || at(8, 0x61, 0x76, 0x69, 0x73)))
    return 'avif';
  return 'unknown';
}

/**
 * A JPEG ends with the EOI marker FF D9 (possibly followed by padding). Browsers decode a
 * truncated JPEG without complaint, painting the missing rows grey, so the check is ours.
 */
export function jpegLooksComplete(bytes: Uint8Array): boolean {
  const tailStart = Math.max(2, bytes.length - 64);
  for (let i = bytes.length - 2; i >= tailStart; i--) {
    if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return true;
  }
  return false;
}
