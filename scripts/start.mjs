// `npm start` (after the build): check examples/ with the built CLI and show
// the output. Findings are expected (examples/mistakes is broken on purpose),
// so exit codes 0 and 1 are success; usage errors (2+) and crashes are not.
import { spawnSync } from 'node:child_process';

// Issue #4 adds: ['matrix', 'examples/three-tier'].
const steps = [['check', 'examples']];

for (const args of steps) {
  console.log(`$ netpol ${args.join(' ')}`);
  const run = spawnSync(process.execPath, ['dist/cli.js', ...args], { stdio: 'inherit' });
  if (run.error || run.signal || run.status === null || run.status >= 2) {
    console.error(`netpol ${args[0]} failed: ${run.error?.message ?? run.signal ?? `exit code ${run.status}`}`);
    process.exit(run.status && run.status >= 2 ? run.status : 70);
  }
  console.log('');
}
