/**
 * A readable name for the files a user picked, shown in the dataset summary and in fit messages ("… but
 * <label> has 3 classes"): the file name for one file, "IDX dataset" for a set of MNIST-style IDX files,
 * "CIFAR-10 batches" for CIFAR-10 binary batches, else the first name and how many more.
 */
export function datasetLabel(names: readonly string[]): string {
  if (names.length === 0) return 'no files';
  if (names.length === 1) return names[0];
  const base = names.map((n) => n.split('/').pop() ?? n);
  if (base.every((n) => /-(images|labels)-idx[13]-ubyte(\.gz)?$/i.test(n))) return 'IDX dataset';
  if (base.every((n) => /^(data_batch_\d+|test_batch)\.bin$/i.test(n))) return 'CIFAR-10 batches';
  return `${base[0]} + ${names.length - 1} more`;
}
