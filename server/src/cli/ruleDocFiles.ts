// The rule docs (docs/rules/<id>.md) as shipped beside the bundle: SARIF
// carries them as `help.markdown`. Read on demand from the package root
// (dist/.. in a build, the checkout when run from out/); missing docs are
// simply not embedded.
import * as fs from 'fs';
import * as path from 'path';
import { ruleDocName } from '../core/ruleDocs';

let docsDir: string | null | undefined;

function findDocsDir(): string | null {
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    const candidate = path.join(dir, 'docs', 'rules');
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(candidate)) return candidate;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return null;
}

/** The markdown of a rule's doc, or undefined when it is not shipped. */
export function ruleDocMarkdown(ruleId: string): string | undefined {
  if (docsDir === undefined) docsDir = findDocsDir();
  if (docsDir === null) return undefined;
  try {
    return fs.readFileSync(path.join(docsDir, `${ruleDocName(ruleId)}.md`), 'utf8');
  } catch {
    return undefined;
  }
}
