// "Explain connection...": from, to and port with quick picks (workloads of
// the workspace, `outside`, or a typed IP address; the destination's
// container ports or a typed `TCP 3306`), then the connectivity view shows
// the verdict and the evidence, with links to the rules, in its side panel.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ENDPOINTS_REQUEST, EndpointItem, EndpointsResult, ExplainParams } from '../../../server/src/features/connectivityProtocol';
import { pickOrType, PickItem } from './pickOrType';
import { whenRunning } from './whenRunning';

const IP = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]+)$/;
const PORT = /^(?:(TCP|UDP|SCTP)\s+)?(\d{1,5})$/i;

/** Asks for a connection; undefined when the user cancels. */
export async function askConnection(client: LanguageClient): Promise<ExplainParams | undefined> {
  await whenRunning(client);
  const { workloads } = await client.sendRequest<EndpointsResult>(ENDPOINTS_REQUEST, {});
  const endpoints: PickItem<string>[] = [
    ...workloads.map((w) => ({ label: w.key, description: w.kind, detail: w.cluster ? `cluster model: ${w.cluster}` : undefined, value: w.key })),
    { label: 'outside', description: 'any address outside the cluster', value: 'outside' },
  ];
  const typedIp = (text: string) => (IP.test(text.trim()) ? { label: text.trim(), description: 'IP address', value: text.trim() } : undefined);
  const from = await pickOrType(endpoints, { title: 'Explain connection (1/3): from', placeholder: 'A workload, outside, or type an IP address', typed: typedIp });
  if (from === undefined) return undefined;
  const to = await pickOrType(endpoints, { title: `Explain connection (2/3): from ${from} to`, placeholder: 'A workload, outside, or type an IP address', typed: typedIp });
  if (to === undefined) return undefined;
  const destination = workloads.find((w) => w.key === to);
  const port = await pickOrType(portItems(destination), {
    title: `Explain connection (3/3): ${from} -> ${to} on`,
    placeholder: 'Every port, a container port, or type a port (3306, TCP 3306, UDP 53)',
    typed: (text) => {
      const m = PORT.exec(text.trim());
      if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) return undefined;
      const protocol = (m[1] ?? 'TCP').toUpperCase();
      return { label: `${protocol} ${m[2]}`, value: `${protocol} ${m[2]}` };
    },
  });
  if (port === undefined) return undefined;
  if (port === '') return { from, to };
  const [protocol, number] = port.split(' ');
  return { from, to, protocol, port: Number(number) };
}

function portItems(destination: EndpointItem | undefined): PickItem<string>[] {
  const items: PickItem<string>[] = [{ label: 'Every port', description: 'which ports are allowed, if any', value: '' }];
  for (const p of destination?.ports ?? []) items.push({ label: `${p.protocol} ${p.port}`, description: p.name ? `container port ${p.name}` : 'container port', value: `${p.protocol} ${p.port}` });
  return items;
}

export function registerExplainCommand(id: string, client: LanguageClient, show: (request: ExplainParams) => void): vscode.Disposable {
  return vscode.commands.registerCommand(id, async () => {
    try {
      const request = await askConnection(client);
      if (request) show(request);
    } catch (e) {
      void vscode.window.showErrorMessage(`NetworkPolicy Inspector: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
}
