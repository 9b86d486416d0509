// Name, version and home page of the tool, from the manifest (inlined by the bundler).
import manifest from '../../../package.json';

interface Manifest {
  name: string;
  version: string;
  homepage?: string;
  repository?: string | { url?: string };
}

const m = manifest as Manifest;

export const TOOL_NAME = m.name;
export const TOOL_VERSION = m.version;

/** Where users read about the tool: `homepage`, else the repository, else the Kubernetes docs it implements. */
export const TOOL_INFORMATION_URI =
  m.homepage ??
  (typeof m.repository === 'string' ? m.repository : m.repository?.url?.replace(/^git\+/, '').replace(/\.git$/, '')) ??
  'https://kubernetes.io/docs/concepts/services-networking/network-policies/';
