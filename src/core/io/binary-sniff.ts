/**
 * Recognises common binary files by their first bytes, so opening one as a design says what it looks like
 * ("this looks like a PNG image") instead of quoting binary in a JSON syntax error. Works on bytes or on
 * text already decoded as UTF-8 (where each invalid byte reads as U+FFFD). ONNX models are not claimed here:
 * they are routed to the ONNX importer before this check.
 */
const REPLACEMENT = '\uFFFD';

interface Signature {
  what: string;
  /** Matches the start of the file as decoded text (invalid UTF-8 bytes → U+FFFD). */
  text: RegExp;
}

const SIGNATURES: Signature[] = [
  { what: 'a PNG image', text: /^\uFFFDPNG\r\n\x1a\n/ },
  { what: 'a JPEG image', text: /^\uFFFD{2,}[^]{0,8}(JFIF|Exif|\uFFFD)/ },
  { what: 'a GIF image', text: /^GIF8[79]a/ },
  { what: 'a WebP image', text: /^RIFF[^]{4}WEBP/ },
  { what: 'a BMP image', text: /^BM[^]{4}\0\0/ },
  { what: 'a PDF document', text: /^%PDF-/ },
  { what: 'a zip archive', text: /^PK(\x03\x04|\x05\x06|\x07\x08)/ },
  { what: 'a gzip-compressed file', text: /^\x1f\uFFFD/ },
];

/** Control characters JSON never has outside escapes (tab, line feed and carriage return aside). */
const CONTROL = /[\0-\x08\x0b\x0c\x0e-\x1f]/;

/** What a file that is not text appears to be ("a PNG image", "a binary file"), or null when it looks like text. */
export function describeBinaryText(text: string): string | null {
  const head = text.slice(0, 1024);
  for (const s of SIGNATURES) if (s.text.test(head)) return s.what;
  if (CONTROL.test(head)) return 'a binary file';
  let replaced = 0;
  for (const c of head.slice(0, 256)) if (c === REPLACEMENT) replaced++;
  return replaced > 8 ? 'a binary file' : null;
}

/** describeBinaryText for raw bytes (decoded the way File.text() does). */
export function describeBinaryBytes(bytes: Uint8Array): string | null {
  return describeBinaryText(new TextDecoder().decode(bytes.subarray(0, 1024)));
}
