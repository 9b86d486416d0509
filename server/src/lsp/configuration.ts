// Reading the `netpol` settings: pulled with workspace/configuration when the
// client supports it, else taken from what the client pushes
// (initializationOptions or didChangeConfiguration, as Neovim/Helix do).
import { ClientCapabilities, Connection, DidChangeConfigurationNotification } from './protocol';
import { explicitSettings, NetpolSettings } from './settings';

export const SETTINGS_SECTION = 'netpol';

export function supportsPull(client: ClientCapabilities): boolean {
  return client.workspace?.configuration === true;
}

/**
 * The user's explicit settings. The VS Code client answers with explicitly
 * set values only (client/src/explicitSettings.ts); other clients send what
 * their user configured anyway.
 */
export async function pullSettings(connection: Connection): Promise<Partial<NetpolSettings>> {
  const raw: unknown = await connection.workspace.getConfiguration({ section: SETTINGS_SECTION });
  return explicitSettings(raw);
}

/** `{netpol: {...}}` or the section itself, as clients differ. */
export function settingsFromPush(payload: unknown): Partial<NetpolSettings> | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const p = payload as Record<string, unknown>;
  if (SETTINGS_SECTION in p) return explicitSettings(p[SETTINGS_SECTION]);
  if ('settings' in p) return settingsFromPush(p.settings);
  return undefined;
}

/** Asks the client to notify us of changes to our section (dynamic registration). */
export async function registerForChanges(connection: Connection, client: ClientCapabilities): Promise<void> {
  if (client.workspace?.didChangeConfiguration?.dynamicRegistration) {
    await connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
  }
}
