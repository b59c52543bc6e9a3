/**
 * Topological order (Kahn) and cycle extraction over a graph given as successor lists by index.
 * Pure and allocation-light; used by analyzeDesign and canConnect.
 */

export interface TopoResult {
  /** Node indices in topological order (acyclic part only). */
  order: number[];
  /** Indices left out of `order` (in a cycle or downstream of one). */
  rest: number[];
}

export function topoSort(n: number, succ: readonly number[][]): TopoResult {
  const indeg = new Int32Array(n);
  for (let i = 0; i < n; i++) for (const j of succ[i]) indeg[j]++;
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (indeg[i] === 0) order.push(i);
  for (let k = 0; k < order.length; k++) {
    for (const j of succ[order[k]]) if (--indeg[j] === 0) order.push(j);
  }
  const rest: number[] = [];
  if (order.length < n) {
    const inOrder = new Uint8Array(n);
    for (const i of order) inOrder[i] = 1;
    for (let i = 0; i < n; i++) if (!inOrder[i]) rest.push(i);
  }
  return { order, rest };
}

/**
 * Distinct cycles among the `rest` nodes of a topological sort, each as a node path whose last
 * node has an edge back to the first. Nodes merely downstream of a cycle are not reported.
 */
export function findCycles(n: number, succ: readonly number[][], rest: readonly number[]): number[][] {
  if (rest.length === 0) return [];
  // Keep only nodes that can still reach another rest node (trim pure downstream tails): a reverse Kahn pass,
  // linear in the edges among rest nodes.
  const alive = new Uint8Array(n);
  for (const i of rest) alive[i] = 1;
  const aliveSucc = new Int32Array(n);
  const restPred = new Map<number, number[]>();
  for (const i of rest) {
    for (const j of succ[i]) {
      if (!alive[j]) continue;
      aliveSucc[i]++;
      const list = restPred.get(j);
      if (list) list.push(i);
      else restPred.set(j, [i]);
    }
  }
  const dead: number[] = rest.filter((i) => aliveSucc[i] === 0);
  for (let k = 0; k < dead.length; k++) {
    const i = dead[k];
    alive[i] = 0;
    for (const p of restPred.get(i) ?? []) if (--aliveSucc[p] === 0) dead.push(p);
  }
  const cycles: number[][] = [];
  const done = new Uint8Array(n);
  for (const start of rest) {
    if (!alive[start] || done[start]) continue;
    // Walk successors inside `alive` until a node repeats: the repeated segment is a cycle.
    const pos = new Map<number, number>();
    const path: number[] = [];
    let cur = start;
    while (!pos.has(cur) && !done[cur]) {
      pos.set(cur, path.length);
      path.push(cur);
      const next = succ[cur].find((j) => alive[j]);
      if (next === undefined) break;
      cur = next;
    }
    if (pos.has(cur)) cycles.push(path.slice(pos.get(cur)));
    for (const i of path) done[i] = 1;
  }
  return cycles;
}

/** Shortest path from `from` to `to` (inclusive) following successors, or null. */
export function findPath(n: number, succ: readonly number[][], from: number, to: number): number[] | null {
  const prev = new Int32Array(n).fill(-1);
  const seen = new Uint8Array(n);
  const queue = [from];
  seen[from] = 1;
  for (let k = 0; k < queue.length; k++) {
    const i = queue[k];
    if (i === to) {
      const path = [to];
      let c = to;
      while (c !== from) {
        c = prev[c];
        path.push(c);
      }
      return path.reverse();
    }
    for (const j of succ[i]) {
      if (!seen[j]) {
        seen[j] = 1;
        prev[j] = i;
        queue.push(j);
      }
    }
  }
  return null;
}

/** Marks every node reachable from `starts` following `adj`. */
export function reach(n: number, adj: readonly number[][], starts: readonly number[]): Uint8Array {
  const seen = new Uint8Array(n);
  const stack = [...starts];
  for (const s of starts) seen[s] = 1;
  while (stack.length) {
    const i = stack.pop() as number;
    for (const j of adj[i]) {
      if (!seen[j]) {
        seen[j] = 1;
        stack.push(j);
      }
    }
  }
  return seen;
}
