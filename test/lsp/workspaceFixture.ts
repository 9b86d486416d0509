// A workspace folder on disk for the index tests: examples/three-tier plus
// test/lsp/fixtures/workspace (extra files), copied into a temporary folder
// the tests may change, and a node_modules file (git ignores such folders,
// so it is written here).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileUri, REPO_ROOT } from './harness';

const NODE_MODULES_POD = ['# Never indexed: node_modules is always skipped.', 'apiVersion: v1', 'kind: Pod', 'metadata:', '  name: stray', '  namespace: shop', '  labels:', '    app: backend', ''].join('\n');

export class WorkspaceFixture {
  private constructor(readonly root: string) {}

  static create(prefix = 'netpol-ws-'): WorkspaceFixture {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    fs.cpSync(path.join(REPO_ROOT, 'examples', 'three-tier'), root, { recursive: true });
    fs.cpSync(path.join(REPO_ROOT, 'test', 'lsp', 'fixtures', 'workspace'), root, { recursive: true });
    const fixture = new WorkspaceFixture(root);
    fixture.write('node_modules/pkg/pod.yaml', NODE_MODULES_POD);
    return fixture;
  }

  /** An empty folder, for generated workspaces. */
  static empty(prefix = 'netpol-ws-'): WorkspaceFixture {
    return new WorkspaceFixture(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  }

  get folderUri(): string {
    return fileUri(this.root);
  }

  get folders(): { uri: string; name: string }[] {
    return [{ uri: this.folderUri, name: path.basename(this.root) }];
  }

  uri(rel: string): string {
    return fileUri(path.join(this.root, rel));
  }

  read(rel: string): string {
    return fs.readFileSync(path.join(this.root, rel), 'utf8');
  }

  write(rel: string, text: string): void {
    const file = path.join(this.root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }

  remove(rel: string): void {
    fs.rmSync(path.join(this.root, rel), { force: true, recursive: true });
  }

  dispose(): void {
    fs.rmSync(this.root, { force: true, recursive: true });
  }
}
