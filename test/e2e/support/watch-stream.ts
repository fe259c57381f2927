import { Agent, request } from 'undici';
import type { TestCluster } from './cluster.ts';

export interface WatchLine {
  type: string;
  object: { kind?: string; code?: number; reason?: string; metadata?: { name?: string; resourceVersion?: string; annotations?: Record<string, string> } };
}

/** A raw watch request whose decoded events arrive in `events`; `ended` resolves when the server closes it. */
export function openWatch(cluster: TestCluster, path: string): { events: WatchLine[]; ended: Promise<void>; close(): void } {
  const agent = new Agent({ connect: { ca: cluster.plane.caCertPem } });
  const controller = new AbortController();
  const events: WatchLine[] = [];
  const ended = (async () => {
    try {
      const response = await request(`${cluster.plane.url}${path}`, {
        dispatcher: agent,
        signal: controller.signal,
        headers: { authorization: `Bearer ${cluster.plane.adminToken}` },
      });
      let partial = '';
      for await (const chunk of response.body) {
        partial += (chunk as Buffer).toString('utf8');
        const lines = partial.split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) if (line.trim() !== '') events.push(JSON.parse(line) as WatchLine);
      }
    } catch (error) {
      if (!controller.signal.aborted) throw error;
    } finally {
      await agent.close();
    }
  })();
  return { events, ended, close: () => controller.abort() };
}
