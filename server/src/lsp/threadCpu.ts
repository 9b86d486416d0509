// The main thread's own CPU time and run-queue wait, for the block detector:
// a wall-clock block on a loaded machine may be the thread waiting for a core,
// not work. Linux only (/proc/<pid>/task/<pid>/schedstat: ns on a CPU, ns
// waiting on a run queue); elsewhere undefined. The main thread's tid is the pid.
import * as fs from 'fs';

const SCHEDSTAT = `/proc/${process.pid}/task/${process.pid}/schedstat`;
let available = process.platform === 'linux';

export interface ThreadTimes {
  cpuMs: number;
  waitMs: number;
}

export function mainThreadTimes(): ThreadTimes | undefined {
  if (!available) return undefined;
  try {
    const [cpu, wait] = fs.readFileSync(SCHEDSTAT, 'utf8').split(' ').map(Number);
    return { cpuMs: cpu / 1e6, waitMs: wait / 1e6 };
  } catch {
    available = false;
    return undefined;
  }
}
