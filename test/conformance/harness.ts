// Conformance cases: the upstream e2e model (model.yaml: namespaces x, y, z,
// pods a, b, c) plus one folder per case under cases/ with its policies and
// an expected.json truth table per probe. Shared by the engine runner and,
// later, the CLI runner (`netpol matrix --format json` gives a MatrixJson).
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../server/src/core/analyze';
import { EngineInput, engineInputFromObjects, SourcedObject } from '../../server/src/core/policy/engine/input';
import type { MatrixJson } from '../../server/src/core/policy/engine/matrix';
import { verdictAllows } from '../../server/src/core/policy/engine/matrix';
import type { Protocol } from '../../server/src/core/policy/engine/portSet';

/** The source folder (tests run from out/test/conformance). */
export const CONFORMANCE_DIR = path.resolve(__dirname, '../../../test/conformance');
export const MODEL_FILE = path.join(CONFORMANCE_DIR, 'model.yaml');
export const CASES_DIR = path.join(CONFORMANCE_DIR, 'cases');

export const PODS = ['x/a', 'x/b', 'x/c', 'y/a', 'y/b', 'y/c', 'z/a', 'z/b', 'z/c'];
export const OUTSIDE = 'outside';
export const ENDPOINTS = [...PODS, OUTSIDE];

export type Table = Record<string, Record<string, boolean>>;

export interface ProbeExpectation {
  probe: { protocol: Protocol; port: number };
  /**
   * Upstream-style reachability lines, applied in order over "everything
   * allowed": `FROM -> TO: true|false`, FROM/TO one of `*` (every pod),
   * `x/*`, `x/a`, `outside`. A pod to itself is then set to true (loopback).
   */
  derivation: string[];
  /** `allowed[from][to]`, every endpoint pair but outside -> outside. */
  allowed: Table;
}

export interface ExpectedFile {
  /** The upstream e2e test name (network_policy.go), or the semantics rule. */
  upstream: string;
  notes?: string;
  probes: ProbeExpectation[];
}

export interface ConformanceCase {
  name: string;
  dir: string;
  /** YAML files to load, model first. */
  files: string[];
  expected: ExpectedFile;
}

export function listCases(): ConformanceCase[] {
  return fs
    .readdirSync(CASES_DIR)
    .filter((n) => fs.statSync(path.join(CASES_DIR, n)).isDirectory())
    .sort()
    .map((n) => loadCase(path.join(CASES_DIR, n)));
}

export function loadCase(dir: string): ConformanceCase {
  const yamlFiles = fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
  const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')) as ExpectedFile;
  return { name: path.basename(dir), dir, files: [MODEL_FILE, ...yamlFiles], expected };
}

const parsed = new Map<string, SourcedObject[]>();

/** A file's objects through the real per-file pipeline, parsed once per run (the model is shared). */
function objectsOf(file: string): SourcedObject[] {
  let objects = parsed.get(file);
  if (!objects) {
    objects = analyzeText(fs.readFileSync(file, 'utf8'), { path: file }).objects.map((object) => ({ object, uri: file }));
    parsed.set(file, objects);
  }
  return objects;
}

export function engineInputForCase(c: ConformanceCase): EngineInput {
  return engineInputFromObjects(c.files.flatMap(objectsOf));
}

function endpointsOf(pattern: string): string[] {
  if (pattern === '*') return PODS;
  if (pattern === OUTSIDE) return [OUTSIDE];
  if (pattern.endsWith('/*')) return PODS.filter((p) => p.startsWith(pattern.slice(0, -1)));
  if (PODS.includes(pattern)) return [pattern];
  throw new Error(`bad endpoint pattern "${pattern}"`);
}

/** Expands derivation lines into the full table (an independent check of each expected.json). */
export function expandDerivation(lines: string[]): Table {
  const table: Table = {};
  for (const from of ENDPOINTS) {
    table[from] = {};
    for (const to of ENDPOINTS) if (!(from === OUTSIDE && to === OUTSIDE)) table[from][to] = true;
  }
  for (const line of lines) {
    const m = /^(\S+) -> (\S+): (true|false)$/.exec(line);
    if (!m) throw new Error(`bad derivation line "${line}"`);
    for (const from of endpointsOf(m[1])) for (const to of endpointsOf(m[2])) if (!(from === OUTSIDE && to === OUTSIDE)) table[from][to] = m[3] === 'true';
  }
  for (const p of PODS) table[p][p] = true;
  return table;
}

/** Differences between the case's tables and a matrix, one message per wrong cell. */
export function compareMatrix(c: ConformanceCase, matrix: MatrixJson): string[] {
  const problems: string[] = [];
  for (const { probe, allowed } of c.expected.probes) {
    for (const from of Object.keys(allowed)) {
      for (const to of Object.keys(allowed[from])) {
        const verdict = matrix.matrix[from]?.[to];
        if (verdict === undefined) {
          problems.push(`${probe.protocol} ${probe.port}: ${from} -> ${to} missing from the matrix`);
          continue;
        }
        const got = verdictAllows(verdict, probe.protocol, probe.port);
        if (got !== allowed[from][to]) problems.push(`${probe.protocol} ${probe.port}: ${from} -> ${to} expected ${allowed[from][to] ? 'allowed' : 'denied'}, matrix says ${JSON.stringify(verdict)}`);
      }
    }
  }
  return problems;
}
