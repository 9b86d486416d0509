// URI/path string helpers. The index keys files by URI (or any `/`-separated
// path); only the folder and base name matter, so no URI parsing is needed.

/** Everything before the last `/` (the folder), `''` when there is none. */
export function folderOf(uri: string): string {
  const i = uri.lastIndexOf('/');
  return i < 0 ? '' : uri.slice(0, i);
}

export function baseNameOf(uri: string): string {
  return uri.slice(uri.lastIndexOf('/') + 1);
}

/** Names kustomize accepts for its file (`kustomization.yaml`, `kustomization.yml`, `Kustomization`). */
export const KUSTOMIZATION_NAMES: readonly string[] = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export function isKustomizationPath(uri: string): boolean {
  return KUSTOMIZATION_NAMES.includes(baseNameOf(uri));
}
