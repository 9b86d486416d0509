// The `netpol` program itself: --version, --help, unknown commands.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT, runCli } from './runCli';

const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('netpol program', () => {
  it('--version prints the package version', async () => {
    const run = await runCli(['--version']);
    assert.deepStrictEqual(run, { code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it('--help lists the commands, exit 0', async () => {
    const run = await runCli(['--help']);
    assert.strictEqual(run.code, 0);
    assert.match(run.stdout, /^Usage: netpol \[options\] \[command\]/);
    assert.match(run.stdout, /\n {2}check \[options\] <path\.\.\.> /);
  });

  it('check --help documents the options and exit codes', async () => {
    const run = await runCli(['check', '--help']);
    assert.strictEqual(run.code, 0);
    assert.match(run.stdout, /^Usage: netpol check \[options\] <path\.\.\.>/);
    assert.match(run.stdout, /--format <format>/);
    assert.match(run.stdout, /--fail-on <severity>/);
    assert.match(run.stdout, /Exit codes: 0 no finding at or above --fail-on, 1 some, 2 usage error\./);
  });

  it('no command: help on stderr, exit 2', async () => {
    const run = await runCli([]);
    assert.strictEqual(run.code, 2);
    assert.strictEqual(run.stdout, '');
    assert.match(run.stderr, /^Usage: netpol/);
  });

  it('unknown command: exit 2, named on stderr', async () => {
    const run = await runCli(['chekc', '.']);
    assert.strictEqual(run.code, 2);
    assert.match(run.stderr, /^error: unknown command 'chekc'\n\(Did you mean check\?\)/);
  });
});
