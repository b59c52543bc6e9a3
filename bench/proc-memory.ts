/**
 * Resident memory of a process tree from Linux /proc (bench/training-memory.ts): the sum of VmRSS over a root
 * process and all its descendants, and a sampler that keeps the peak of that sum every ~200 ms.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** The pids of `root` and all its descendants (parent links from /proc/<pid>/stat). */
export function processTree(root: number): number[] {
  const parent = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // the process ended meanwhile
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; hops++) {
      if (p === root) return true;
      p = parent.get(p) ?? 0;
    }
    return false;
  };
  return [...parent.keys()].filter(inTree);
}

/** VmRSS of one process in bytes (0 if it has ended). */
export function rssBytes(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Σ VmRSS over the tree rooted at `root`, in bytes (shared pages count once per process, as RSS does). */
export function treeRssBytes(root: number): number {
  return processTree(root).reduce((sum, pid) => sum + rssBytes(pid), 0);
}

export interface TreeSampler {
  /** Largest sum seen since the sampler started (or since the last resetPeak). */
  peak(): number;
  /** Largest sum seen since the sampler started, whatever the resets. */
  peakEver(): number;
  /** Median of the samples since the sampler started (or since the last resetPeak): the level between GC peaks. */
  median(): number;
  /** The newest sample. */
  last(): number;
  /** Samples taken so far. */
  count(): number;
  /** Samples now (outside the timer) and returns the value. */
  sampleNow(): number;
  resetPeak(): void;
  stop(): void;
}

/** Samples treeRssBytes(root) every `everyMs` and keeps the peak. */
export function sampleTree(root: number, everyMs = 200): TreeSampler {
  let peak = 0;
  let ever = 0;
  let last = 0;
  let n = 0;
  let window: number[] = [];
  const sample = (): number => {
    last = treeRssBytes(root);
    window.push(last);
    peak = Math.max(peak, last);
    ever = Math.max(ever, last);
    n++;
    return last;
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    peak: () => peak,
    peakEver: () => ever,
    median: () => {
      const sorted = [...window].sort((a, b) => a - b);
      return sorted[Math.floor(sorted.length / 2)] ?? 0;
    },
    last: () => last,
    count: () => n,
    sampleNow: sample,
    resetPeak: () => {
      peak = last;
      window = [last];
    },
    stop: () => clearInterval(timer),
  };
}

/** Bytes as decimal megabytes (10⁶ bytes: the MNIST train set as float32 is 188 MB). */
export const mb = (bytes: number): string => (bytes / 1e6).toFixed(0);
