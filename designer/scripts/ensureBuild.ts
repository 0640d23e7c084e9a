// `pnpm start` runs this first (deploy/prepareStart.ts): builds the designer when designer/dist is
// missing or older than its inputs (designer and engine sources, the lockfile), so the runtime
// serves the current app.
//   tsx designer/scripts/ensureBuild.ts
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, buildState, inputsHash, type BuildState } from './designerBuild';

/** Builds when missing or stale, saying what it does; throws when the build fails. */
export function ensureDesignerBuild(): BuildState {
  const hash = inputsHash();
  const state = buildState(hash);
  if (state === 'fresh') {
    console.log('Designer build is up to date.');
    return state;
  }
  console.log(
    state === 'missing'
      ? 'Building the designer (first start)…'
      : 'Rebuilding the designer (sources changed)…',
  );
  const { ms } = build(hash);
  console.log(`Designer built in ${(ms / 1000).toFixed(1)} s.`);
  return state;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    ensureDesignerBuild();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
