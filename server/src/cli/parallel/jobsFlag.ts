// The `--jobs N` flag of the commands that read a workspace (check, matrix, explain).
import { Option } from 'commander';
import { parseJobs } from './jobs';

export function jobsFlag(): Option {
  return new Option('--jobs <n>', 'threads analysing the files, this one included (default: one per core; 1: no worker thread); also NETPOL_JOBS');
}

/** The flag's value as a number of threads; undefined leaves the choice to NETPOL_JOBS and the cores. */
export function jobsOption(value: string | undefined): number | undefined {
  return parseJobs(value, '--jobs');
}
