// `npm start` (after the build): run the built CLI on examples/ and show the
// output. It ends with the answer to the brief: the frontend cannot reach the
// database. Some non-zero codes are expected: `check` exits 1 (examples/mistakes
// is broken on purpose) and `explain` exits 3 for a denied connection. Any
// other code (usage errors, crashes) fails `npm start`.
import { spawnSync } from 'node:child_process';

const steps = [
  { args: ['check', 'examples'], expected: [0, 1] },
  { args: ['matrix', 'examples/three-tier'], expected: [0] },
  { args: ['explain', 'examples/three-tier', '--from', 'shop/frontend', '--to', 'shop/db', '--port', '3306'], expected: [3] },
];

for (const { args, expected } of steps) {
  console.log(`$ netpol ${args.join(' ')}`);
  const run = spawnSync(process.execPath, ['dist/cli.js', ...args], { stdio: 'inherit' });
  if (run.error || run.signal || run.status === null || !expected.includes(run.status)) {
    console.error(`netpol ${args[0]} failed: ${run.error?.message ?? run.signal ?? `exit code ${run.status} (expected ${expected.join(' or ')})`}`);
    process.exit(run.status && run.status !== 0 ? run.status : 70);
  }
  console.log('');
}
