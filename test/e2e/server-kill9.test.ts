import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startServerProcess, waitForExit, type ServerProcess } from './support/server-process.ts';

const dirs: string[] = [];
const processes: ServerProcess[] = [];

afterAll(async () => {
  for (const p of processes) p.child.kill('SIGKILL');
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('kill -9 of the API server during a loop of creates', () => {
  it('keeps every acknowledged create, and the store opens cleanly', { timeout: 180_000 }, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'kubernel-kill9-'));
    dirs.push(dataDir);
    const config = join(dataDir, 'kubernel.yaml');
    await writeFile(config, 'store:\n  backend: sqlite\nlogging:\n  level: warn\n');
    const port = await freePort();
    const first = await startServerProcess({ dataDir, port, config });
    processes.push(first);
    const agent = new Agent({ connect: { ca: first.ca }, connections: 8 });
    const acknowledged: string[] = [];
    const headers = { authorization: `Bearer ${first.token}`, 'content-type': 'application/json' };
    let killed = false;
    // Eight writers in parallel, so that the kill lands while requests are in flight.
    const writer = async (id: number): Promise<void> => {
      for (let i = 0; !killed; i++) {
        const name = `w${id}-${i}`;
        try {
          const response = await request(`${first.url}/api/v1/namespaces/default/configmaps`, {
            method: 'POST',
            dispatcher: agent,
            headers,
            body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { i: String(i) } }),
          });
          const text = await response.body.text();
          if (response.statusCode !== 201) throw new Error(`create ${name} answered ${response.statusCode}: ${text}`);
          acknowledged.push(name);
        } catch (error) {
          if (killed) return;
          throw error;
        }
        if (acknowledged.length >= 600 && !killed) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, id) => writer(id)));
    await waitForExit(first.child);
    await agent.close();
    expect(acknowledged.length).toBeGreaterThanOrEqual(600);

    const second = await startServerProcess({ dataDir, port, config });
    processes.push(second);
    const agent2 = new Agent({ connect: { ca: second.ca } });
    const response = await request(`${second.url}/api/v1/namespaces/default/configmaps`, { dispatcher: agent2, headers: { authorization: `Bearer ${second.token}` } });
    const list = (await response.body.json()) as { items: { metadata: { name: string } }[] };
    const stored = new Set(list.items.map((item) => item.metadata.name));
    const lost = acknowledged.filter((name) => !stored.has(name));
    expect(lost).toEqual([]);
    await agent2.close();
    second.child.kill('SIGTERM');
    await waitForExit(second.child);
  });
});
