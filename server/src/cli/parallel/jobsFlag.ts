// The `--jobs N` flag of the commands that read a workspace (check, matrix, explain).
import { Option } from 'commander';
import { Jobs, parseJobs } from './jobs';

export function jobsFlag(): Option {
  return new Option('--jobs <n>', 'threads analysing the files, this one included (default auto: one per core beside this one, at most 3, for 4 MB of input or more; 1: no worker thread); also NETPOL_JOBS');
}

/** The flag's value; undefined leaves the choice to NETPOL_JOBS (then auto). */
export function jobsOption(value: string | undefined): Jobs | undefined {
  return parseJobs(value, '--jobs');
}
