// One normal form for file URIs. Clients spell the same file differently
// (`colon:name.yaml` or `colon%3Aname.yaml`, `file:///C:/` or
// `file:///c%3A/`), and the disk walk spells it as vscode-uri does; compared
// as strings, one file was indexed twice. The normal form is vscode-uri's
// (what VS Code itself sends): decoded, then encoded one way.
import { URI } from 'vscode-uri';

const cache = new Map<string, string>();
const CACHE_LIMIT = 50_000;

export function normalizeUri(uri: string): string {
  const hit = cache.get(uri);
  if (hit !== undefined) return hit;
  let normal: string;
  try {
    normal = URI.parse(uri).toString();
  } catch {
    normal = uri;
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(uri, normal);
  return normal;
}

/**
 * The spelling under which the index holds each file: the client's for a
 * file it has open (requests name it so), else the first one seen. Every
 * spelling of a file leads to that one key.
 */
export class UriKeys {
  private readonly byNormal = new Map<string, string>();

  /** The key the index holds the file under, if any. */
  get(uri: string): string | undefined {
    return this.byNormal.get(normalizeUri(uri));
  }

  /** The file is now held under `key`; returns a former key of the same file, which the caller drops. */
  set(key: string): string | undefined {
    const normal = normalizeUri(key);
    const old = this.byNormal.get(normal);
    this.byNormal.set(normal, key);
    return old !== undefined && old !== key ? old : undefined;
  }

  delete(uri: string): void {
    this.byNormal.delete(normalizeUri(uri));
  }
}
