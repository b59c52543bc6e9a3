/** A safe folder / file stem from a variant name: "Sora lite (MNIST)" → "sora-lite-mnist". */
export function fileStem(name: string): string {
  const stem = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return stem || 'model';
}
