// `pnpm start`'s first step: builds what the server runs, as the container image does, when it is
// missing or its sources changed — the designer (designer/dist) and the runtime bundle
// (runtime/dist/main.mjs) — so the next step runs the bundle with plain `node`.
//   tsx deploy/prepareStart.ts
import { ensureDesignerBuild } from '../designer/scripts/ensureBuild';
import { ensureRuntimeBundle } from './ensureRuntimeBundle';

try {
  ensureDesignerBuild();
  await ensureRuntimeBundle();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
