import { describe, expect, it } from 'vitest';
import { configFlagsUsage, configFromFlags, configToFlags, parseFlagText } from './cli-flags';
import { DEFAULT_TRAIN_CONFIG } from './defaults';
import type { TrainConfig, TrainFieldKey } from './train-config';
import { acceptsValue, fieldPatch, fieldValue, type TrainFieldSpec } from './train-field';
import { TRAIN_FIELDS } from './train-fields';
import { checkTrainConfig, pickTrainConfig, trainConfigProblems } from './validate';
import { storedTrainConfigSchema } from './stored-config-schema';

const ALL_KEYS: TrainFieldKey[] = TRAIN_FIELDS.map((f) => f.key);

/** The config with one field set (undefined: removed). */
function withField(key: TrainFieldKey, value: unknown, base: TrainConfig = DEFAULT_TRAIN_CONFIG): unknown {
  const [top, sub] = key.split('.');
  if (sub === undefined) return { ...base, [top]: value };
  return { ...base, [top]: { ...(base as unknown as Record<string, object>)[top], [sub]: value } };
}

/** Values just outside a number field's limits (an integer field also refuses a fraction). */
function outOfRange(f: TrainFieldSpec): number[] {
  if (f.type !== 'int' && f.type !== 'float') return [];
  const below = f.type === 'float' && f.minExclusive ? f.min : f.type === 'int' ? f.min - 1 : f.min - 1e-9;
  const above = !Number.isFinite(f.max) ? [] : f.type === 'float' && f.maxExclusive ? [f.max] : [f.type === 'int' ? f.max + 1 : f.max + 1e-9];
  return [below, ...above, NaN, Infinity, ...(f.type === 'int' ? [f.min + 0.5] : [])];
}

/** A valid value different from the default (for the CLI round trip). */
function otherValue(f: TrainFieldSpec): number | string | boolean {
  switch (f.type) {
    case 'enum':
      return f.options.find((o) => o !== f.default) as string;
    case 'bool':
      return !f.default;
    case 'int':
      return f.default === f.min + 1 ? f.min : f.min + 1;
    case 'float':
      return Number.isFinite(f.max) ? (f.min + f.max) / 3 : 0.0125;
  }
}

describe('TRAIN_FIELDS', () => {
  it('keys, CLI flags and form test ids are unique', () => {
    for (const pick of [(f: TrainFieldSpec) => f.key, (f: TrainFieldSpec) => f.cli.flag, (f: TrainFieldSpec) => f.form.testId]) {
      const names = TRAIN_FIELDS.map(pick);
      expect(new Set(names).size).toBe(names.length);
    }
  });

  it('every field has a default that validates (required fields have one), and the defaults are the app defaults', () => {
    for (const f of TRAIN_FIELDS) {
      if (f.required) expect(f.default, f.key).not.toBeUndefined();
      if (f.default !== undefined) expect(acceptsValue(f, f.default), f.key).toBe(true);
      expect(fieldValue(DEFAULT_TRAIN_CONFIG, f.key), f.key).toBe(f.default);
    }
    expect(DEFAULT_TRAIN_CONFIG).toEqual({
      optimizer: 'adam',
      learningRate: 0.005,
      momentum: 0.9,
      batchSize: 32,
      epochs: 2,
      validationSplit: 0.05,
      seed: 42,
      schedule: 'cosine',
      timeLimitSeconds: 180,
      augment: { shiftPixels: 0, flip: false },
    });
    expect(checkTrainConfig(DEFAULT_TRAIN_CONFIG)).toEqual({ ok: true, value: DEFAULT_TRAIN_CONFIG });
  });

  it("limits refuse out-of-range values with the field's label in the message, and accept the limits themselves", () => {
    let refused = 0;
    for (const f of TRAIN_FIELDS) {
      for (const bad of outOfRange(f)) {
        const problems = trainConfigProblems(withField(f.key, bad));
        expect(
          problems.map((p) => p.key),
          `${f.key} = ${bad}`,
        ).toEqual([f.key]);
        expect(problems[0].message.startsWith(`${f.label} must be `), problems[0].message).toBe(true);
        expect(problems[0].message.endsWith(`, got ${bad}`)).toBe(true);
        refused++;
      }
      if (f.type === 'int' || f.type === 'float') {
        if (!(f.type === 'float' && f.minExclusive)) expect(trainConfigProblems(withField(f.key, f.min)), `${f.key} = min`).toEqual([]);
        if (Number.isFinite(f.max) && !(f.type === 'float' && f.maxExclusive)) expect(trainConfigProblems(withField(f.key, f.max))).toEqual([]);
      }
    }
    expect(refused).toBeGreaterThan(25);
  });

  it('names the problem the way the app, the worker and the loop report it', () => {
    const messages = (c: unknown) => trainConfigProblems(c).map((p) => p.message);
    expect(messages({ ...DEFAULT_TRAIN_CONFIG, learningRate: 0 })).toEqual(['Learning rate must be a positive number, got 0']);
    expect(messages({ ...DEFAULT_TRAIN_CONFIG, learningRate: 1000 })).toEqual([]);
    expect(messages({ ...DEFAULT_TRAIN_CONFIG, batchSize: 5000, momentum: 1 })).toEqual([
      'Momentum must be in [0, 1), got 1',
      'Batch size must be an integer 1–4096, got 5000',
    ]);
    expect(messages({ ...DEFAULT_TRAIN_CONFIG, timeLimitSeconds: -3 })).toEqual(['Time limit must be a positive number of seconds, got -3']);
    expect(messages({ ...DEFAULT_TRAIN_CONFIG, schedule: 'linear' })).toEqual(['LR schedule must be cosine or constant, got linear']);
    expect(messages({ ...DEFAULT_TRAIN_CONFIG, optimizer: 'adamw' })).toEqual(['Optimizer must be sgd, adam or rmsprop, got adamw']);
    expect(messages({ ...DEFAULT_TRAIN_CONFIG, augment: 3 })).toEqual(['Augmentation must be an object {shiftPixels, flip}, got 3']);
    expect(messages({ ...DEFAULT_TRAIN_CONFIG, augment: { shiftPixels: 2 } })).toEqual(['Horizontal flip must be true or false, got undefined']);
    expect(messages({ optimizer: 'sgd' })).toEqual([
      'Learning rate must be a positive number, got undefined',
      'Batch size must be an integer 1–4096, got undefined',
      'Epochs must be an integer ≥ 1, got undefined',
      'Validation split must be in [0, 0.5], got undefined',
      'Shuffle seed must be an integer 0–2147483647, got undefined',
    ]);
    expect(messages(null)).toEqual(['Training settings must be an object, got null']);
    // Optional fields may be absent; unknown keys are ignored (stored runs and recipe files carry more).
    expect(checkTrainConfig({ ...DEFAULT_TRAIN_CONFIG, momentum: undefined, augment: undefined, extra: 1 })).toEqual({
      ok: true,
      value: pickTrainConfig({ ...DEFAULT_TRAIN_CONFIG, momentum: undefined, augment: undefined }),
    });
    expect(checkTrainConfig({ ...DEFAULT_TRAIN_CONFIG, epochs: 0, seed: 1.5 })).toEqual({
      ok: false,
      error: 'Epochs must be an integer ≥ 1, got 0; Shuffle seed must be an integer 0–2147483647, got 1.5',
    });
  });

  it('setting a field inside augment keeps its sibling', () => {
    expect(fieldPatch(DEFAULT_TRAIN_CONFIG, TRAIN_FIELDS, 'augment.flip', true)).toEqual({ augment: { shiftPixels: 0, flip: true } });
    const noAugment = pickTrainConfig({ ...DEFAULT_TRAIN_CONFIG, augment: undefined });
    expect(fieldPatch(noAugment, TRAIN_FIELDS, 'augment.shiftPixels', 3)).toEqual({ augment: { shiftPixels: 3, flip: false } });
    expect(fieldPatch(DEFAULT_TRAIN_CONFIG, TRAIN_FIELDS, 'limit', undefined)).toEqual({ limit: undefined });
  });
});

describe('CLI flags from the fields', () => {
  it('round-trips every field through its flag', () => {
    let changed: TrainConfig = DEFAULT_TRAIN_CONFIG;
    for (const f of TRAIN_FIELDS) changed = { ...changed, ...fieldPatch(changed, TRAIN_FIELDS, f.key, otherValue(f)) };
    for (const f of TRAIN_FIELDS) expect(fieldValue(changed, f.key), f.key).not.toEqual(fieldValue(DEFAULT_TRAIN_CONFIG, f.key));
    expect(checkTrainConfig(changed).ok).toBe(true);
    const flags = configToFlags(changed, ALL_KEYS);
    const values = new Map<string, string>();
    const switches = new Set<string>();
    for (let i = 0; i < flags.length; i++) {
      if (flags[i + 1] !== undefined && !flags[i + 1].startsWith('--')) values.set(flags[i], flags[++i]);
      else switches.add(flags[i]);
    }
    expect(configFromFlags('train', values, switches, ALL_KEYS, DEFAULT_TRAIN_CONFIG)).toEqual({ ok: true, value: changed });
    // Each field alone, too.
    for (const f of TRAIN_FIELDS) {
      const one = { ...DEFAULT_TRAIN_CONFIG, ...fieldPatch(DEFAULT_TRAIN_CONFIG, TRAIN_FIELDS, f.key, otherValue(f)) };
      const [flag, text] = configToFlags(one, [f.key]);
      const parsed = configFromFlags(
        't',
        new Map(text === undefined ? [] : [[flag, text]]),
        new Set(text === undefined ? [flag] : []),
        [f.key],
        DEFAULT_TRAIN_CONFIG,
      );
      expect(parsed, f.key).toEqual({ ok: true, value: one });
    }
  });

  it('refuses bad flag text naming the flag and what it takes', () => {
    const parse = (flag: string, text: string) => configFromFlags('train', new Map([[flag, text]]), new Set(), ALL_KEYS, DEFAULT_TRAIN_CONFIG);
    expect(parse('--epochs', '0')).toEqual({ ok: false, error: "train: --epochs must be an integer ≥ 1, got '0'" });
    expect(parse('--epochs', '1e3')).toEqual({ ok: false, error: "train: --epochs must be an integer ≥ 1, got '1e3'" });
    expect(parse('--batch', '5000')).toEqual({ ok: false, error: "train: --batch must be an integer 1–4096, got '5000'" });
    expect(parse('--time-limit', '0')).toEqual({ ok: false, error: "train: --time-limit must be a positive number of seconds, got '0'" });
    expect(parse('--schedule', 'step')).toEqual({ ok: false, error: "train: --schedule must be cosine or constant, got 'step'" });
    expect(parse('--lr', ' ')).toEqual({ ok: false, error: "train: --lr must be a positive number, got ' '" });
    expect(parse('--shift', '9')).toEqual({ ok: false, error: "train: --shift must be an integer 0–8, got '9'" });
    for (const f of TRAIN_FIELDS) expect(parseFlagText(f, 'nonsense').ok, f.key).toBe(false);
  });

  it('writes the usage from the fields', () => {
    expect(configFlagsUsage(['epochs', 'schedule', 'timeLimitSeconds', 'optimizer', 'augment.flip'])).toBe(
      '[--epochs N] [--schedule cosine|constant] [--time-limit SECONDS] [--optimizer sgd|adam|rmsprop] [--flip]',
    );
  });
});

describe('stored config schema', () => {
  it('keeps every field of a stored config, drops unknown keys, and checks types but not limits', () => {
    const schema = storedTrainConfigSchema();
    const full = { ...DEFAULT_TRAIN_CONFIG, limit: 500, augment: { shiftPixels: 2, flip: true } };
    expect(schema.parse({ ...full, extra: 1 })).toEqual(full);
    expect(schema.parse({ ...DEFAULT_TRAIN_CONFIG, epochs: 5000, batchSize: 9000 })).toMatchObject({ epochs: 5000, batchSize: 9000 });
    expect(schema.safeParse({ ...DEFAULT_TRAIN_CONFIG, optimizer: 'adamw' }).success).toBe(false);
    expect(schema.safeParse({ ...DEFAULT_TRAIN_CONFIG, learningRate: '0.1' }).success).toBe(false);
    expect(schema.safeParse({ ...DEFAULT_TRAIN_CONFIG, batchSize: 2.5 }).success).toBe(false);
    expect(schema.safeParse({ ...DEFAULT_TRAIN_CONFIG, augment: { shiftPixels: 1 } }).success).toBe(false);
    const { seed: _seed, ...noSeed } = DEFAULT_TRAIN_CONFIG;
    expect(schema.safeParse(noSeed).success).toBe(false);
  });
});
