// Files read from disk for the index hold the text an editor would: no BOM.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readIndexedFile } from '../../server/src/lsp/workspaceFiles';

describe('readIndexedFile', () => {
  it('drops a UTF-8 byte order mark, so columns on the first line match the editor', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-read-'));
    try {
      const file = path.join(dir, 'pod.yaml');
      fs.writeFileSync(file, '\uFEFFkind: Pod\napiVersion: v1\n');
      assert.deepStrictEqual(await readIndexedFile(file, 1024), { kind: 'text', text: 'kind: Pod\napiVersion: v1\n' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
