/** A file name safe on every OS for `<name>.sora.json` ("design" when nothing usable is left). */
export function designFileName(name: string): string {
  const stem = name
    .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 100);
  return `${stem || 'design'}.sora.json`;
}

/** "model.json" → "model", "net.sora.json" → "net". */
export function fileStem(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return base.replace(/(\.sora)?\.json$/i, '') || base;
}
