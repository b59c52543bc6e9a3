import { describe, expect, it } from 'vitest';
import { deflateSync, strToU8 } from 'fflate';
import { TEMPLATES } from '../templates';
import { decodeDesignFromHash, encodeDesignToHash, fromBase64Url, MAX_PAYLOAD_CHARS, toBase64Url } from './share-url';
import { zeroDeflateBomb } from './test-bombs';

describe('base64url', () => {
  it('round-trips every length 0..40 and uses only URL-safe characters', () => {
    for (let n = 0; n <= 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n * 31) & 255);
      const text = toBase64Url(bytes);
      expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
      expect(text.length).toBe(Math.ceil((n * 8) / 6));
      expect(Array.from(fromBase64Url(text) ?? [])).toEqual(Array.from(bytes));
    }
  });
  it('matches the RFC 4648 vector and rejects bad characters', () => {
    expect(toBase64Url(strToU8('foobar'))).toBe('Zm9vYmFy');
    expect(toBase64Url(Uint8Array.of(0xfb, 0xff))).toBe('-_8');
    expect(fromBase64Url('ab+c')).toBeNull();
  });
});

describe('share links', () => {
  it('round-trips every template exactly (blocks, edges, positions, viewport)', () => {
    for (const t of TEMPLATES) {
      const design = { ...t.build(), viewport: { x: 10, y: -20, zoom: 0.75 } };
      const hash = encodeDesignToHash(design);
      expect(hash.startsWith('#design=')).toBe(true);
      expect(hash).toMatch(/^#design=[A-Za-z0-9_-]+$/);
      const back = decodeDesignFromHash(hash);
      expect(back.ok).toBe(true);
      if (back.ok) expect(back.design).toEqual(design);
    }
  });
  it('compresses: the MobileNet v1 link is much smaller than its JSON', () => {
    const mobilenet = TEMPLATES.find((t) => t.id === 'mobilenet-v1');
    expect(mobilenet).toBeDefined();
    const design = mobilenet!.build();
    const hash = encodeDesignToHash(design);
    expect(hash.length).toBeLessThan(JSON.stringify(design).length / 3);
  });
  it('accepts the payload without "#" and among other fragment parameters', () => {
    const design = TEMPLATES[1].build();
    const hash = encodeDesignToHash(design).slice(1);
    const back = decodeDesignFromHash(`view=1&${hash}`);
    expect(back.ok && back.design.blocks.length).toBe(design.blocks.length);
  });
  it('names the problem for bad links', () => {
    const err = (h: string) => {
      const r = decodeDesignFromHash(h);
      return r.ok ? 'ok' : r.error;
    };
    expect(err('#view=2')).toMatch(/no "design=" part/);
    expect(err('#design=')).toMatch(/empty/);
    expect(err('#design=abc$def')).toMatch(/not base64url/);
    expect(err('#design=AAAAAAAA')).toMatch(/does not decompress/);
    const notDesign = toBase64Url(deflateSync(strToU8('{"hello":1}')));
    expect(err(`#design=${notDesign}`)).toMatch(/invalid design: .*not a Sora design file/);
    const full = encodeDesignToHash(TEMPLATES[1].build());
    expect(err(full.slice(0, full.length / 2))).toMatch(/damaged|truncated|invalid/);
  });
  it('refuses an oversized link before decoding it, and a bomb after a bounded amount of inflating', () => {
    const err = (h: string) => {
      const r = decodeDesignFromHash(h);
      return r.ok ? 'ok' : r.error;
    };
    expect(err(`#design=${'A'.repeat(MAX_PAYLOAD_CHARS + 4)}`)).toMatch(/too long \(\d+ characters; a design link is at most \d+\)/);
    const bomb = toBase64Url(zeroDeflateBomb(20_000_000));
    expect(bomb.length).toBeLessThan(MAX_PAYLOAD_CHARS);
    const started = performance.now();
    expect(err(`#design=${bomb}`)).toBe('share link data is too large (it inflates to more than 2000000 bytes)');
    expect(performance.now() - started).toBeLessThan(2000);
  });
  it('a malformed %-escape is a bad link like any other, not an exception', () => {
    const r = decodeDesignFromHash('#design=%E0%A4%A');
    expect(r.ok ? 'ok' : r.error).toBe('share link is damaged: it contains a malformed %-escape');
  });
});
