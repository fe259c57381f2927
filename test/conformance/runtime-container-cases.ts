import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRuntimeError, RuntimeLabels } from '../../core/contracts/runtime.ts';
import { containerSpec, lines, readAll, readUntil, startContainer, uniqueSuffix, waitForContainer, waitForExit, waitForLogs } from './runtime-harness.ts';
import { TEST_TIMEOUT, type RuntimeSuite } from './runtime-suite.ts';

const RFC3339_LINE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}) /;

/** Containers: running, logs, exit codes and reasons, stopping, command semantics, listing. */
export function describeContainerCases(suite: RuntimeSuite): void {
  describe('containers', () => {
    it('runs a container that is listed running with its labels and logs both streams', { timeout: TEST_TIMEOUT }, async () => {
      const sandbox = await suite.newSandbox();
      const spec = containerSpec(sandbox, suite.image, { name: 'talker', command: ['sh', '-c', 'echo hello; echo oops >&2; sleep 30'], labels: { extra: 'yes' } });
      const id = await startContainer(suite.runtime, spec);

      const info = await waitForContainer(suite.runtime, id, (c) => c.state === 'running', 'running');
      expect(info).toMatchObject({ id, sandboxId: sandbox.id, podUid: sandbox.podUid, namespace: sandbox.namespace, podName: sandbox.name, name: 'talker', attempt: 0 });
      expect(info.startedAt).toBeInstanceOf(Date);
      expect(info.labels).toMatchObject({
        extra: 'yes',
        [RuntimeLabels.node]: suite.nodeName,
        [RuntimeLabels.podUid]: sandbox.podUid,
        [RuntimeLabels.podNamespace]: sandbox.namespace,
        [RuntimeLabels.podName]: sandbox.name,
        [RuntimeLabels.containerName]: 'talker',
        [RuntimeLabels.attempt]: '0',
      });
      const listed = await suite.runtime.listContainers({ podUid: sandbox.podUid });
      expect(listed.map((c) => [c.id, c.state])).toEqual([[id, 'running']]);

      const text = await waitForLogs(suite.runtime, id, (t) => t.includes('hello') && t.includes('oops'));
      expect(lines(text).sort()).toEqual(['hello', 'oops']);
    });

    it('returns the last lines with tailLines and prefixes RFC 3339 times with timestamps', { timeout: TEST_TIMEOUT }, async () => {
      const sandbox = await suite.newSandbox();
      const id = await suite.run(sandbox, { command: ['sh', '-c', 'echo one; echo two; echo three; sleep 30'] });
      await waitForLogs(suite.runtime, id, (t) => t.includes('three'));
      expect(lines(await readAll(await suite.runtime.logs(id, { follow: false, tailLines: 1, timestamps: false })))).toEqual(['three']);
      expect(lines(await readAll(await suite.runtime.logs(id, { follow: false, tailLines: 2, timestamps: false })))).toEqual(['two', 'three']);
      const stamped = lines(await readAll(await suite.runtime.logs(id, { follow: false, timestamps: true })));
      expect(stamped).toHaveLength(3);
      for (const line of stamped) expect(line).toMatch(RFC3339_LINE);
      expect(stamped.map((line) => line.replace(RFC3339_LINE, ''))).toEqual(['one', 'two', 'three']);
    });

    it('returns only recent lines with sinceSeconds', { timeout: TEST_TIMEOUT }, async () => {
      const sandbox = await suite.newSandbox();
      const id = await suite.run(sandbox, { command: ['sh', '-c', 'echo early; sleep 3; echo late; sleep 30'] });
      await waitForLogs(suite.runtime, id, (t) => t.includes('late'));
      expect(lines(await readAll(await suite.runtime.logs(id, { follow: false, sinceSeconds: 2, timestamps: false })))).toEqual(['late']);
    });

    it('follows logs: streams lines written later and ends when the container stops', { timeout: TEST_TIMEOUT }, async () => {
      const sandbox = await suite.newSandbox();
      const id = await suite.run(sandbox, { command: ['sh', '-c', 'echo first; sleep 2; echo second'] });
      const stream = await suite.runtime.logs(id, { follow: true, timestamps: false });
      const text = await readAll(stream, 12_000);
      expect(lines(text)).toEqual(['first', 'second']);
    });

    it('ends a followed log when its signal aborts', { timeout: TEST_TIMEOUT }, async () => {
      const sandbox = await suite.newSandbox();
      const id = await suite.run(sandbox, { command: ['sh', '-c', 'echo started; sleep 30'] });
      const abort = new AbortController();
      const stream = await suite.runtime.logs(id, { follow: true, timestamps: false }, abort.signal);
      expect(await readUntil(stream, (t) => t.includes('started'))).toContain('started');
      const ended = readAll(stream, 5_000);
      abort.abort();
      await expect(ended).resolves.toBeTypeOf('string');
    });

    it.each([
      { script: 'exit 3', exitCode: 3, reason: 'Error' },
      { script: 'exit 0', exitCode: 0, reason: 'Completed' },
    ])('reports a container that ran `$script` as exited with $exitCode ($reason)', { timeout: TEST_TIMEOUT }, async ({ script, exitCode, reason }) => {
      const sandbox = await suite.newSandbox();
      const id = await suite.run(sandbox, { command: ['sh', '-c', script] });
      const info = await waitForExit(suite.runtime, id);
      expect(info).toMatchObject({ state: 'exited', exitCode, reason });
      expect(info.finishedAt).toBeInstanceOf(Date);
      expect(info.startedAt).toBeInstanceOf(Date);
      expect((info.finishedAt?.getTime() ?? 0) >= (info.startedAt?.getTime() ?? Infinity)).toBe(true);
    });

    it('stops a container that handles SIGTERM within its grace period', { timeout: TEST_TIMEOUT }, async () => {
      const sandbox = await suite.newSandbox();
      const id = await suite.run(sandbox, { command: ['sh', '-c', 'trap "exit 0" TERM; echo ready; while true; do sleep 1; done'] });
      await waitForLogs(suite.runtime, id, (t) => t.includes('ready'));
      const started = Date.now();
      await suite.runtime.stopContainer(id, 15);
      expect(Date.now() - started).toBeLessThan(8_000);
      expect(await suite.runtime.inspectContainer(id)).toMatchObject({ state: 'exited', exitCode: 0, reason: 'Completed' });
    });

    it('kills a container that ignores SIGTERM once the grace period ends', { timeout: TEST_TIMEOUT }, async () => {
      const sandbox = await suite.newSandbox();
      const id = await suite.run(sandbox, { command: ['sh', '-c', 'trap "" TERM; echo ready; while true; do sleep 1; done'] });
      await waitForLogs(suite.runtime, id, (t) => t.includes('ready'));
      const started = Date.now();
      await suite.runtime.stopContainer(id, 1);
      expect(Date.now() - started).toBeLessThan(10_000);
      const info = await suite.runtime.inspectContainer(id);
      expect(info).toMatchObject({ state: 'exited', exitCode: 137, reason: 'Error' });
      // stopping again, or stopping what does not exist, is no error
      await expect(suite.runtime.stopContainer(id, 0)).resolves.toBeUndefined();
    });

    it('sends the signal it is given instead of SIGTERM', { timeout: TEST_TIMEOUT }, async () => {
      const sandbox = await suite.newSandbox();
      const id = await suite.run(sandbox, { command: ['sh', '-c', 'trap "exit 5" INT; trap "exit 6" TERM; echo ready; while true; do sleep 1; done'] });
      await waitForLogs(suite.runtime, id, (t) => t.includes('ready'));
      await suite.runtime.stopContainer(id, 10, 'SIGINT');
      expect(await suite.runtime.inspectContainer(id)).toMatchObject({ state: 'exited', exitCode: 5 });
    });

    it('passes env and appends args to command', { timeout: TEST_TIMEOUT }, async () => {
      const sandbox = await suite.newSandbox();
      const id = await suite.run(sandbox, {
        command: ['sh', '-c', 'echo "$GREETING $TARGET:" "$@"', 'sh'],
        args: ['one', 'two words'],
        env: [{ name: 'GREETING', value: 'hello' }, { name: 'TARGET', value: 'world' }],
      });
      await waitForExit(suite.runtime, id);
      expect(lines(await waitForLogs(suite.runtime, id, (t) => t.includes('hello')))).toEqual(['hello world: one two words']);
    });

    it.each([
      { what: 'command alone', command: ['echo', 'command-only'], args: [], expected: 'command-only' },
      // the test image has no ENTRYPOINT, so args alone are the whole command line
      { what: 'args alone', command: [], args: ['echo', 'args-only'], expected: 'args-only' },
    ])('runs $what', { timeout: TEST_TIMEOUT }, async ({ command, args, expected }) => {
      const sandbox = await suite.newSandbox();
      const id = await suite.run(sandbox, { command, args });
      expect(await waitForExit(suite.runtime, id)).toMatchObject({ exitCode: 0 });
      expect(lines(await waitForLogs(suite.runtime, id, (t) => t.includes(expected)))).toEqual([expected]);
    });

    it('runs in workingDir', { timeout: TEST_TIMEOUT }, async () => {
      const sandbox = await suite.newSandbox();
      const id = await suite.run(sandbox, { command: ['sh', '-c', 'pwd'], workingDir: '/tmp' });
      await waitForExit(suite.runtime, id);
      expect(lines(await waitForLogs(suite.runtime, id, (t) => t.includes('/')))).toEqual(['/tmp']);
    });

    it('shows a mounted host directory at its containerPath', { timeout: TEST_TIMEOUT }, async (ctx) => {
      suite.requires(ctx, 'mounts');
      const dir = await mkdtemp(join(tmpdir(), 'kubernel-mount-'));
      try {
        await writeFile(join(dir, 'greeting.txt'), 'from-the-host\n');
        const sandbox = await suite.newSandbox();
        const id = await suite.run(sandbox, {
          command: ['sh', '-c', 'cat /mnt/conformance-data/greeting.txt'],
          mounts: [{ hostPath: dir, containerPath: '/mnt/conformance-data', readOnly: true }],
        });
        expect(await waitForExit(suite.runtime, id)).toMatchObject({ exitCode: 0 });
        expect(lines(await waitForLogs(suite.runtime, id, (t) => t.includes('from')))).toEqual(['from-the-host']);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('lists newest first, with state created before start, and filters by sandbox and labels', { timeout: TEST_TIMEOUT }, async () => {
      const sandbox = await suite.newSandbox();
      const first = await suite.runtime.createContainer(containerSpec(sandbox, suite.image, { name: 'first', command: ['sh', '-c', 'sleep 30'], labels: { which: 'a' } }));
      const second = await suite.runtime.createContainer(containerSpec(sandbox, suite.image, { name: 'second', attempt: 1, command: ['sh', '-c', 'sleep 30'], labels: { which: 'b' } }));
      const listed = await suite.runtime.listContainers({ sandboxId: sandbox.id });
      expect(listed.map((c) => c.id)).toEqual([second, first]);
      expect(listed.map((c) => c.state)).toEqual(['created', 'created']);
      expect(listed[0]).toMatchObject({ name: 'second', attempt: 1, labels: { [RuntimeLabels.attempt]: '1' } });
      expect((await suite.runtime.listContainers({ sandboxId: sandbox.id, labels: { which: 'b' } })).map((c) => c.id)).toEqual([second]);
      expect((await suite.runtime.listContainers({ podUid: sandbox.podUid, labels: { which: 'c' } }))).toEqual([]);
      await suite.runtime.removeContainer(first);
      expect((await suite.runtime.listContainers({ sandboxId: sandbox.id })).map((c) => c.id)).toEqual([second]);
    });

    it('treats a missing container as no error to stop or remove, and as not found to inspect', async () => {
      const missing = `missing-${uniqueSuffix()}`;
      await expect(suite.runtime.removeContainer(missing)).resolves.toBeUndefined();
      await expect(suite.runtime.stopContainer(missing, 0)).resolves.toBeUndefined();
      const error: unknown = await suite.runtime.inspectContainer(missing).catch((e: unknown) => e);
      expect(isRuntimeError(error, 'RUNTIME_ERR_NOT_FOUND')).toBe(true);
    });
  });
}
