// `pnpm start` runs this first: builds the designer when designer/dist is missing or older than
// its inputs (designer and engine sources, the lockfile), so the runtime serves the current app.
import { build, buildState, inputsHash } from './designerBuild';

const hash = inputsHash();
const state = buildState(hash);
if (state === 'fresh') {
  console.log('Designer build is up to date.');
} else {
  console.log(
    state === 'missing'
      ? 'Building the designer (first start)…'
      : 'Rebuilding the designer (sources changed)…',
  );
  try {
    const { ms } = build(hash);
    console.log(`Designer built in ${(ms / 1000).toFixed(1)} s.`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
