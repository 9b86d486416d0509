// A feature is one file in server/src/features/: it adds capabilities to the
// initialize result and registers its handlers on the session. server.ts only
// lists features; nothing else needs to change to add one.
import type { ClientCapabilities, ServerCapabilities } from 'vscode-languageserver/node';
import type { Session } from './session';

export interface Feature {
  readonly name: string;
  /** Capabilities merged into the initialize result (called during `initialize`). */
  capabilities?(client: ClientCapabilities): ServerCapabilities;
  /** Registers handlers; called once, before the connection listens. */
  register(session: Session): void;
  /** After `initialized`, with settings loaded: start background work (indexing...). */
  initialized?(session: Session): void | Promise<void>;
  dispose?(): void;
}

/** Shallow merge: features own distinct capability keys. */
export function mergeCapabilities(base: ServerCapabilities, extra: ServerCapabilities): ServerCapabilities {
  const merged: ServerCapabilities = { ...base, ...extra };
  if (base.workspace || extra.workspace) merged.workspace = { ...base.workspace, ...extra.workspace };
  if (base.experimental || extra.experimental) {
    merged.experimental = { ...(base.experimental as object | undefined), ...(extra.experimental as object | undefined) };
  }
  return merged;
}
