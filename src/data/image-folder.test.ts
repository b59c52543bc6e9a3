import { describe, expect, it } from 'vitest';
import { decodeImageFolder, groupByClass, rgbaToChannels, type ImageDecoder } from './image-folder';

const f = (name: string, byte = 0) => ({ name, data: new Uint8Array([byte]).buffer });

describe('image folders', () => {
  it('groups by class folder, dropping the picked root folder and hidden files', () => {
    const groups = groupByClass([
      f('pets/dogs/b.png'),
      f('pets/cats/1.jpg'),
      f('pets/dogs/a.PNG'),
      f('pets/.DS_Store'),
      f('__MACOSX/pets/cats/._1.jpg'),
    ]);
    expect(groups.map((g) => g.name)).toEqual(['cats', 'dogs']);
    expect(groups[1].files.map((x) => x.name)).toEqual(['pets/dogs/a.PNG', 'pets/dogs/b.png']);
  });

  it('ignores notes and metadata next to the class folders, not inside them', () => {
    const groups = groupByClass([f('shapes/README.md'), f('shapes/bars/0.png'), f('shapes/dots/0.png'), f('LICENSE'), f('shapes/labels.csv')]);
    expect(groups.map((g) => [g.name, g.files.length])).toEqual([
      ['bars', 1],
      ['dots', 1],
    ]);
    expect(groupByClass([f('README'), f('cats/1.png'), f('dogs/1.png')]).map((g) => g.name)).toEqual(['cats', 'dogs']);
    expect(() => groupByClass([f('shapes/README.md'), f('shapes/bars/0.png'), f('shapes/dots/notes.txt'), f('shapes/dots/1.png')])).toThrow(
      'shapes/dots/notes.txt: is not an image',
    );
  });

  it('names the file or folder at fault', () => {
    expect(() => groupByClass([f('cats/1.png'), f('dogs/readme.txt')])).toThrow('dogs/readme.txt: is not an image');
    expect(() => groupByClass([f('cats/1.png'), f('cats/2.png')])).toThrow('cats: is the only class folder');
    expect(() => groupByClass([f('cats/1.png'), f('loose.png')])).toThrow('loose.png: is not inside a class folder');
    expect(() => groupByClass([f('.hidden')])).toThrow('image folder: no image files found');
  });

  it('converts RGBA to grayscale (luma) or RGB floats', () => {
    const rgba = new Uint8ClampedArray([255, 0, 0, 255, 0, 0, 255, 255]);
    const gray = new Float32Array(2);
    rgbaToChannels(rgba, 2, 1, gray, 0);
    expect(gray[0]).toBeCloseTo(0.299);
    expect(gray[1]).toBeCloseTo(0.114);
    const rgb = new Float32Array(6);
    rgbaToChannels(rgba, 2, 3, rgb, 0);
    expect([...rgb]).toEqual([1, 0, 0, 0, 0, 1]);
  });

  it('composites transparent pixels on white, as a browser shows them', () => {
    // Transparent (0,0,0,0), opaque black, half-transparent black, opaque white.
    const rgba = new Uint8ClampedArray([0, 0, 0, 0, 0, 0, 0, 255, 0, 0, 0, 128, 255, 255, 255, 255]);
    const gray = new Float32Array(4);
    rgbaToChannels(rgba, 4, 1, gray, 0);
    expect(gray[0]).toBeCloseTo(1, 6);
    expect(gray[1]).toBeCloseTo(0, 6);
    expect(gray[2]).toBeCloseTo(1 - 128 / 255, 6);
    expect(gray[3]).toBeCloseTo(1, 6);
  });

  it('decodes every image with the injected decoder and reports undecodable files', async () => {
    const decode: ImageDecoder = async (file, h, w) => {
      const v = new Uint8Array(file.data)[0];
      if (v === 99) throw new Error('broken data');
      return new Uint8ClampedArray(h * w * 4).map((_, i) => (i % 4 === 3 ? 255 : v)); // opaque
    };
    const groups = groupByClass([f('a/1.png', 51), f('b/1.png', 102), f('b/2.png', 255)]);
    const ds = await decodeImageFolder(groups, [2, 3, 1], decode);
    expect(ds.count).toBe(3);
    expect(ds.imageShape).toEqual([2, 3, 1]);
    expect([...ds.labels]).toEqual([0, 1, 1]);
    expect(ds.classNames).toEqual(['a', 'b']);
    expect(ds.images[0]).toBeCloseTo(0.2);
    expect(ds.images[6 * 2]).toBeCloseTo(1);
    const bad = groupByClass([f('a/1.png', 1), f('b/x.png', 99)]);
    await expect(decodeImageFolder(bad, [2, 2, 3], decode)).rejects.toThrow('b/x.png: could not be decoded as an image (broken data)');
  });
});
