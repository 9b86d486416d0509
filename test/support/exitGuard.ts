// Mocha exits by itself once nothing keeps Node's event loop alive. The suite
// has been seen, rarely, to print its summary and then stay up (no child
// process left; something in-process, not identified yet), which would hang
// CI until its time limit. If the process is still alive a while after the
// last test, this names what keeps it up and exits; mocha's own exit
// listener still sets the exit code from the failures.
const GRACE_MS = 15_000;

export const mochaHooks = {
  afterAll(): void {
    const timer = setTimeout(() => {
      const held = process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap');
      process.stderr.write(`\nexitGuard: the suite ended ${GRACE_MS / 1000} s ago but the process is still held by: ${held.join(', ') || 'nothing listed'}; exiting\n`);
      process.exit();
    }, GRACE_MS);
    timer.unref();
  },
};
