/**
 * Some mailers put raw 8-bit text in headers instead of RFC 2047 encoded words, in whatever
 * charset their system used. When the parser's UTF-8 reading of such a header shows
 * replacement characters, the original bytes are decoded again with the charset that fits.
 */

const MAX_HEADER_BYTES = 256 * 1024;
const CJK_CHARSETS = ["gb18030", "big5", "shift_jis", "euc-kr"];

function decodes(charset: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(charset, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** True when the non-ASCII bytes come in runs, as multibyte CJK text does (Latin-1 text has lone accented bytes). */
function looksMultibyte(bytes: Uint8Array): boolean {
  let high = 0;
  let inRuns = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! < 0x80) continue;
    high++;
    if ((i > 0 && bytes[i - 1]! >= 0x80) || (i + 1 < bytes.length && bytes[i + 1]! >= 0x80)) inRuns++;
  }
  return high >= 4 && inRuns / high > 0.8;
}

/** The unfolded raw bytes of the first header `name` of the message, if it has one. */
function rawHeader(raw: ArrayBuffer, name: string): Uint8Array | null {
  const bytes = new Uint8Array(raw, 0, Math.min(raw.byteLength, MAX_HEADER_BYTES));
  // A byte-for-byte string view of the header block, so that offsets in it are offsets in the bytes.
  let head = "";
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a && (bytes[i + 1] === 0x0a || (bytes[i + 1] === 0x0d && bytes[i + 2] === 0x0a))) break;
    head += String.fromCharCode(bytes[i]!);
  }
  const match = new RegExp(`^${name}:[ \\t]*((?:.*)(?:\\r?\\n[ \\t].*)*)`, "im").exec(head);
  if (!match) return null;
  const value = match[1]!.replace(/\r?\n[ \t]+/g, " ");
  return Uint8Array.from(value, (c) => c.charCodeAt(0));
}

/**
 * `decoded` as the parser read header `name`, or, when that shows replacement characters and
 * the raw header carries 8-bit bytes, the raw bytes decoded with the charset that fits:
 * UTF-8, a CJK charset for multibyte runs, else Windows-1252.
 */
export function repairRawHeader(raw: ArrayBuffer, name: string, decoded: string): string {
  if (!decoded.includes("\ufffd")) return decoded;
  const bytes = rawHeader(raw, name);
  if (!bytes || !bytes.some((b) => b >= 0x80)) return decoded;
  const candidates = ["utf-8", ...(looksMultibyte(bytes) ? CJK_CHARSETS : []), "windows-1252"];
  for (const charset of candidates) {
    const text = decodes(charset, bytes);
    if (text !== null) return text.replace(/\s+/g, " ").trim();
  }
  return decoded;
}
