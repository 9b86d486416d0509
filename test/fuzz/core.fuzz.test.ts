// The core never throws, keeps every range inside its text, and analyses each
// file in bounded time, whatever the editor holds. FUZZ_RUNS=100000 for a long run.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { analyzeText } from '../../server/src/core/analyze';
import { mutate, mutationArb } from './mutations';

const ROOT = path.resolve(__dirname, '../../..');
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const PER_FILE_MS = 2000;

function corpus(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) out.push({ name: path.relative(ROOT, p), text: fs.readFileSync(p, 'utf8') });
    }
  };
  walk(path.join(ROOT, 'examples'));
  walk(path.join(ROOT, 'test', 'fixtures'));
  return out;
}

describe('fuzz: the core on mutated real manifests', function () {
  this.timeout(0);
  const files = corpus();

  it('has a corpus to mutate', () => {
    assert.ok(files.length >= 3, `found ${files.length} manifests under examples/ and test/fixtures/`);
  });

  it(`never throws, keeps ranges inside the text, stays fast (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(mutationArb, { minLength: 1, maxLength: 8 }), fc.boolean(), (pick, mutations, crlf) => {
        const base = files[pick % files.length].text;
        let text = mutate(base, mutations);
        if (crlf) text = text.replace(/\r?\n/g, '\r\n');
        const started = Date.now();
        const result = analyzeText(text, { path: 'fuzz.yaml' });
        const elapsed = Date.now() - started;
        assert.ok(elapsed < PER_FILE_MS, `took ${elapsed} ms`);
        for (const f of result.findings) {
          assert.ok(f.range.start >= 0 && f.range.start <= f.range.end && f.range.end <= text.length, `${f.ruleId} range ${JSON.stringify(f.range)} outside 0..${text.length}`);
          assert.ok(typeof f.message === 'string' && f.message.length > 0);
          assert.notStrictEqual(f.ruleId, 'netpol/internal-error', `internal error: ${f.message}`);
          const r = result.parsed.lines.rangeOf(f.range);
          assert.ok(r.start.line < result.parsed.lines.lineCount && r.end.line < result.parsed.lines.lineCount);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
