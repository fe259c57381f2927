import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { containerSpec, lines, readAll, sandboxSpec, uniqueNodeName, uniqueSuffix, waitForContainer, waitForExit, waitForLogs } from './runtime-harness.ts';
import { TEST_TIMEOUT, type RuntimeSuite } from './runtime-suite.ts';

/** Exec, stats, the pod's shared network, and node isolation. */
export function describeExecAndNetworkCases(suite: RuntimeSuite, name: string): void {
  describe('exec and stats', () => {
    async function sleeper(): Promise<string> {
      const sandbox = await suite.newSandbox();
      const id = await suite.run(sandbox, { command: ['sh', '-c', 'sleep 30'] });
      await waitForContainer(suite.runtime, id, (c) => c.state === 'running', 'running');
      return id;
    }

    it('execs commands and reports their exit codes and output streams', { timeout: TEST_TIMEOUT }, async (ctx) => {
      suite.requires(ctx, 'exec');
      if (suite.runtime.exec === undefined) throw new Error('capabilities.exec is true but exec is missing');
      const id = await sleeper();

      const echo = await suite.runtime.exec(id, { command: ['echo', 'hi'], tty: false, stdin: false });
      expect(echo.stdin).toBeUndefined();
      expect(await readAll(echo.stdout)).toBe('hi\n');
      expect(await echo.exitCode).toBe(0);

      const failing = await suite.runtime.exec(id, { command: ['sh', '-c', 'echo to-err >&2; exit 4'], tty: false, stdin: false });
      const [out, err] = await Promise.all([readAll(failing.stdout), failing.stderr === undefined ? Promise.resolve('') : readAll(failing.stderr)]);
      expect(out).toBe('');
      expect(err).toBe('to-err\n');
      expect(await failing.exitCode).toBe(4);
    });

    it('execs with stdin', { timeout: TEST_TIMEOUT }, async (ctx) => {
      suite.requires(ctx, 'exec');
      if (suite.runtime.exec === undefined) throw new Error('capabilities.exec is true but exec is missing');
      const id = await sleeper();
      const session = await suite.runtime.exec(id, { command: ['cat'], tty: false, stdin: true });
      if (session.stdin === undefined) throw new Error('stdin was asked for');
      const output = readAll(session.stdout);
      session.stdin.write('ping\n');
      session.stdin.end('pong\n');
      expect(await output).toBe('ping\npong\n');
      expect(await session.exitCode).toBe(0);
    });

    it('reports memory and CPU use of a running container', { timeout: TEST_TIMEOUT }, async (ctx) => {
      suite.requires(ctx, 'stats');
      if (suite.runtime.stats === undefined) throw new Error('capabilities.stats is true but stats is missing');
      const id = await sleeper();
      const stats = await suite.runtime.stats(id);
      expect(stats.timestamp).toBeInstanceOf(Date);
      expect(stats.memoryWorkingSetBytes).toBeGreaterThan(0);
      expect(stats.cpuUsageNanoCores).toBeGreaterThanOrEqual(0);
    });
  });

  describe('pod network', () => {
    it('lets the containers of a pod reach each other on localhost', { timeout: TEST_TIMEOUT }, async (ctx) => {
      suite.requires(ctx, 'podNetwork');
      // a suite.runtime without network namespaces shares the host's: a random port and a private directory keep runs apart
      // (the port below Linux's ephemeral range, 32768 up, which other tests' client sockets take)
      const port = 20_000 + Math.floor(Math.random() * 12_000);
      const www = join(tmpdir(), `kubernel-www-${uniqueSuffix()}`);
      try {
        const sandbox = await suite.newSandbox();
        await suite.run(sandbox, {
          name: 'server',
          command: ['sh', '-c', `mkdir -p ${www} && echo reachable > ${www}/index.html && exec busybox httpd -f -p 127.0.0.1:${port} -h ${www}`],
        });
        const client = await suite.run(sandbox, {
          name: 'client',
          command: ['sh', '-c', `for i in $(seq 1 40); do busybox wget -q -O - http://127.0.0.1:${port}/index.html && exit 0; sleep 0.25; done; exit 1`],
        });
        expect(await waitForExit(suite.runtime, client, 15_000)).toMatchObject({ exitCode: 0 });
        expect(lines(await waitForLogs(suite.runtime, client, (t) => t.includes('reachable')))).toEqual(['reachable']);
      } finally {
        await rm(www, { recursive: true, force: true });
      }
    });
  });

  describe('nodes', () => {
    it('lists only the sandboxes and containers of its own node', { timeout: TEST_TIMEOUT }, async () => {
      const other = await suite.newRuntime(uniqueNodeName(`conformance-${name}-other`));
      const theirs = await other.runPodSandbox(sandboxSpec());
      const theirContainer = await other.createContainer(containerSpec(theirs, suite.image, { command: ['sh', '-c', 'sleep 30'] }));
      const ours = await suite.newSandbox();
      const ourContainer = await suite.runtime.createContainer(containerSpec(ours, suite.image, { command: ['sh', '-c', 'sleep 30'] }));

      const ourSandboxes = (await suite.runtime.listPodSandboxes()).map((s) => s.id);
      const ourContainers = (await suite.runtime.listContainers()).map((c) => c.id);
      expect(ourSandboxes).toContain(ours.id);
      expect(ourSandboxes).not.toContain(theirs.id);
      expect(ourContainers).toContain(ourContainer);
      expect(ourContainers).not.toContain(theirContainer);
      expect((await other.listPodSandboxes()).map((s) => s.id)).toEqual([theirs.id]);
      expect((await other.listContainers()).map((c) => c.id)).toEqual([theirContainer]);
      // a filter naming the other node's pod still finds nothing here
      expect(await suite.runtime.listContainers({ podUid: theirs.podUid })).toEqual([]);
    });
  });
}
