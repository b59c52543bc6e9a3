import { describe, expect, it } from 'vitest';
import { designFileName, fileStem } from './file-names';

describe('file names', () => {
  it('builds <name>.sora.json with unsafe characters replaced', () => {
    expect(designFileName('Sora lite (MNIST)')).toBe('Sora lite (MNIST).sora.json');
    expect(designFileName('a/b:c*?')).toBe('a_b_c_.sora.json');
    expect(designFileName('  ..  ')).toBe('design.sora.json');
    expect(designFileName('x'.repeat(300)).length).toBe(100 + '.sora.json'.length);
  });
  it('strips .json / .sora.json and folders', () => {
    expect(fileStem('C:\\models\\mnist.model.json')).toBe('mnist.model');
    expect(fileStem('net.sora.json')).toBe('net');
    expect(fileStem('notes.txt')).toBe('notes.txt');
  });
});
