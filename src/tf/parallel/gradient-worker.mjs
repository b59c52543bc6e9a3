// Bootstrap of gradient-worker.ts: worker threads start without the TypeScript loader, so register tsx's
// ESM hooks in this thread first (works under `tsx`, Vitest and plain node alike).
import { register } from 'tsx/esm/api';

register();
await import('./gradient-worker.ts');
