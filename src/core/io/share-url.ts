import { deflateSync, strFromU8, strToU8 } from 'fflate';
import { InflateError, inflateAtMost } from './bounded-inflate';
import type { Design } from '../graph/types';
import { parseDesignFile, serializeDesign } from './design-file';

/**
 * Share links: the design file JSON (minified), deflated with fflate and encoded as base64url,
 * carried in the URL fragment `#design=<payload>` (fragments never reach a server).
 */
export type HashDecode = { ok: true; design: Design } | { ok: false; error: string };

export const SHARE_HASH_KEY = 'design';
/** Refuse payloads that would inflate beyond this (a 2 MB design is far beyond any real one). */
export const MAX_JSON_BYTES = 2_000_000;
/**
 * Longest payload worth decoding: deflate never makes data more than a few bytes per 16 KiB bigger, so a
 * link whose compressed data alone is longer than the JSON cap (plus slack) cannot hold an acceptable design.
 */
export const MAX_PAYLOAD_CHARS = Math.ceil(((MAX_JSON_BYTES * 1.01 + 1024) * 4) / 3);

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const LOOKUP = new Map([...ALPHABET].map((c, i) => [c, i] as const));

/** RFC 4648 §5 base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let k = 0; k < chars; k++) out += ALPHABET[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}

/** Inverse of toBase64Url; null when the text has characters outside the alphabet or a bad length. */
export function fromBase64Url(text: string): Uint8Array | null {
  const clean = text.replace(/=+$/, '');
  if (clean.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((clean.length * 6) / 8));
  let acc = 0;
  let bits = 0;
  let j = 0;
  for (const c of clean) {
    const v = LOOKUP.get(c);
    if (v === undefined) return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (acc >> bits) & 255;
    }
  }
  return out;
}

/** `#design=<payload>` for a design (set it as location.hash or append it to the page URL). */
export function encodeDesignToHash(design: Design): string {
  const minified = JSON.stringify(JSON.parse(serializeDesign(design)));
  return `#${SHARE_HASH_KEY}=${toBase64Url(deflateSync(strToU8(minified), { level: 9 }))}`;
}

/** The payload of `design=` in a fragment (leading '#' optional, other `&key=value` pairs ignored). */
function payloadOf(hash: string): string | null {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  for (const part of body.split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq) === SHARE_HASH_KEY) return part.slice(eq + 1);
  }
  return null;
}

/** Decodes and validates a share-link fragment; the error says what is wrong with the link. */
export function decodeDesignFromHash(hash: string): HashDecode {
  const payload = payloadOf(hash);
  if (payload === null) return { ok: false, error: `share link has no "${SHARE_HASH_KEY}=" part` };
  if (payload.length === 0) return { ok: false, error: 'share link is empty after "design="' };
  if (payload.length > MAX_PAYLOAD_CHARS) {
    return { ok: false, error: `share link is too long (${payload.length} characters; a design link is at most ${MAX_PAYLOAD_CHARS})` };
  }
  let unescaped: string;
  try {
    unescaped = decodeURIComponent(payload);
  } catch {
    return { ok: false, error: 'share link is damaged: it contains a malformed %-escape' };
  }
  const bytes = fromBase64Url(unescaped);
  if (!bytes) return { ok: false, error: 'share link is damaged: it contains characters that are not base64url' };
  let json: Uint8Array;
  try {
    json = inflateAtMost(bytes, 'deflate', MAX_JSON_BYTES);
  } catch (e) {
    if (e instanceof InflateError && e.problem === 'too-large') {
      return { ok: false, error: `share link data is too large (it inflates to more than ${MAX_JSON_BYTES} bytes)` };
    }
    return { ok: false, error: 'share link is damaged or truncated: its data does not decompress' };
  }
  let text: string;
  try {
    text = strFromU8(json);
  } catch {
    return { ok: false, error: 'share link is damaged: its data is not text' };
  }
  const parsed = parseDesignFile(text);
  return parsed.ok ? parsed : { ok: false, error: `share link holds an invalid design: ${parsed.error}` };
}
