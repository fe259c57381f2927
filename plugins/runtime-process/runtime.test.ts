import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRuntimeError, RuntimeLabels } from '../../core/index.ts';
import { containerSpec, lines, readAll, sandboxSpec, waitForContainer, waitForExit, waitForLogs } from '../../test/conformance/runtime-harness.ts';
import { StateDir } from './state-dir.ts';
import { groupAlive, IMAGE, useProcessRuntimes } from './testing.ts';

const CRI_LINE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z (stdout|stderr) [FP] /;

/** pids of live supervisor.mjs processes started for `containerDir` */
function supervisorsOf(containerDir: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        const argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
        return argv.some((arg) => arg.endsWith('supervisor.mjs')) && argv.includes(containerDir);
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function pidOf(stateDir: string, id: string): Promise<number> {
  const started = await new StateDir(stateDir).readStarted(id);
  if (started === undefined) throw new Error(`container ${id} has not started`);
  return started.pid;
}

describe('ProcessRuntime', () => {
  const runtimes = useProcessRuntimes();

  it('runs a command as a host process and records its exit, times and CRI log', async () => {
    const { runtime, stateDir } = await runtimes.make();
    const { id } = await runtimes.run(runtime, ['sh', '-c', 'echo out; echo err >&2; exit 3']);
    const info = await waitForExit(runtime, id);
    expect(info).toMatchObject({ state: 'exited', exitCode: 3, reason: 'Error', image: IMAGE, imageId: `process://${IMAGE}` });
    expect(info.labels[RuntimeLabels.type]).toBe('container');
    const file = lines(await readFile(join(stateDir, 'process-runtime', 'containers', id, 'container.log'), 'utf8'));
    expect(file).toHaveLength(2);
    for (const line of file) expect(line).toMatch(CRI_LINE);
    expect(file.map((line) => line.replace(CRI_LINE, '')).sort()).toEqual(['err', 'out']);
  });

  it('writes times with nanoseconds, in order, and prints them with timestamps', async () => {
    const { runtime } = await runtimes.make();
    const { id } = await runtimes.run(runtime, ['sh', '-c', 'for i in 1 2 3 4 5; do echo line$i; done']);
    await waitForExit(runtime, id);
    const stamped = lines(await readAll(await runtime.logs(id, { follow: false, timestamps: true })));
    expect(stamped.map((line) => line.split(' ')[1])).toEqual(['line1', 'line2', 'line3', 'line4', 'line5']);
    const times = stamped.map((line) => line.split(' ')[0] ?? '');
    for (const time of times) expect(time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/);
    expect(times.some((time) => /\.\d{4,9}Z$/.test(time))).toBe(true);
    expect([...times].sort()).toEqual(times);
  });

  it('splits lines longer than 16 KiB into partial records and prints them whole, and keeps a missing final newline', async () => {
    const { runtime, stateDir } = await runtimes.make();
    const { id } = await runtimes.run(runtime, ['sh', '-c', 'head -c 40000 /dev/zero | tr "\\0" x; echo; printf tail']);
    await waitForExit(runtime, id);
    const text = await readAll(await runtime.logs(id, { follow: false, timestamps: false }));
    expect(text).toBe(`${'x'.repeat(40000)}\ntail`);
    const tags = lines(await readFile(join(stateDir, 'process-runtime', 'containers', id, 'container.log'), 'utf8')).map((line) => line.split(' ')[2]);
    expect(tags).toEqual(['P', 'P', 'F', 'P']);
    expect(await readAll(await runtime.logs(id, { follow: false, tailLines: 1, timestamps: false }))).toBe('tail');
  });

  it('follows the log of a running container until it exits', async () => {
    const { runtime } = await runtimes.make();
    const { id } = await runtimes.run(runtime, ['sh', '-c', 'echo a; sleep 0.5; echo b; sleep 0.5; echo c']);
    const text = await readAll(await runtime.logs(id, { follow: true, tailLines: 10, timestamps: false }), 10_000);
    expect(text).toBe('a\nb\nc\n');
    expect((await runtime.inspectContainer(id)).state).toBe('exited');
  });

  it.each([
    { command: ['sleep', '30'], signal: undefined, exitCode: 143 },
    { command: ['sh', '-c', 'sleep 30'], signal: 'SIGKILL' as const, exitCode: 137 },
    { command: ['sh', '-c', 'trap "exit 9" HUP; while true; do sleep 1; done'], signal: 'SIGHUP' as const, exitCode: 9 },
  ])('stops $command with $signal: exit code $exitCode, as Docker reports it', async ({ command, signal, exitCode }) => {
    const { runtime } = await runtimes.make();
    const { id } = await runtimes.run(runtime, command);
    await runtime.stopContainer(id, 5, signal);
    expect(await runtime.inspectContainer(id)).toMatchObject({ state: 'exited', exitCode, reason: 'Error' });
  });

  it('signals the whole process group: background children die with the container', async () => {
    const { runtime, stateDir } = await runtimes.make();
    const { id } = await runtimes.run(runtime, ['sh', '-c', 'sleep 300 & sleep 301 & echo up; wait']);
    await waitForLogs(runtime, id, (text) => text.includes('up'));
    const pid = await pidOf(stateDir, id);
    expect(groupAlive(pid)).toBe(true);
    await runtime.stopContainer(id, 5);
    expect(groupAlive(pid)).toBe(false);
  });

  it('kills what the command left behind when it exits, as a pid namespace would', async () => {
    const { runtime, stateDir } = await runtimes.make();
    const { id } = await runtimes.run(runtime, ['sh', '-c', 'sleep 300 & echo bye; exit 0']);
    const info = await waitForExit(runtime, id, 5_000);
    expect(info).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(groupAlive(await pidOf(stateDir, id))).toBe(false);
    expect(await waitForLogs(runtime, id, (text) => text.includes('bye'))).toBe('bye\n');
  });

  it.each([
    { what: 'a missing executable', overrides: { command: ['kubernel-no-such-command'] }, exitCode: 127, message: 'exec: "kubernel-no-such-command": executable file not found in $PATH' },
    { what: 'a missing workingDir', overrides: { command: ['pwd'], workingDir: '/kubernel/no/such/dir' }, exitCode: 128, message: 'chdir to cwd ("/kubernel/no/such/dir")' },
  ])('fails to start with $what: RUNTIME_ERR_CREATE, exited with StartError', async ({ overrides, exitCode, message }) => {
    const { runtime } = await runtimes.make();
    const sandbox = await runtime.runPodSandbox(sandboxSpec());
    const id = await runtime.createContainer(containerSpec(sandbox, IMAGE, overrides));
    const error: unknown = await runtime.startContainer(id).catch((e: unknown) => e);
    expect(isRuntimeError(error, 'RUNTIME_ERR_CREATE')).toBe(true);
    expect(String(error)).toContain(message);
    const info = await runtime.inspectContainer(id);
    expect(info).toMatchObject({ state: 'exited', exitCode, reason: 'StartError' });
    expect(info.message).toContain(message);
  });

  it('refuses what it cannot create: no command, a missing sandbox, a second start', async () => {
    const { runtime } = await runtimes.make();
    const sandbox = await runtime.runPodSandbox(sandboxSpec());
    const noCommand: unknown = await runtime.createContainer(containerSpec(sandbox, IMAGE)).catch((e: unknown) => e);
    expect(isRuntimeError(noCommand, 'RUNTIME_ERR_CREATE')).toBe(true);
    expect(String(noCommand)).toContain('process runtime needs a command');
    const noSandbox: unknown = await runtime.createContainer(containerSpec({ ...sandbox, id: 'f'.repeat(64) }, IMAGE, { command: ['true'] })).catch((e: unknown) => e);
    expect(isRuntimeError(noSandbox, 'RUNTIME_ERR_CREATE')).toBe(true);
    const { id } = await runtimes.run(runtime, ['true']);
    await waitForExit(runtime, id);
    expect(isRuntimeError(await runtime.startContainer(id).catch((e: unknown) => e), 'RUNTIME_ERR_CREATE')).toBe(true);
  });

  it('runs in the container directory by default, with the pod hostname as $HOSTNAME', async () => {
    const { runtime, stateDir } = await runtimes.make();
    const sandbox = await runtime.runPodSandbox(sandboxSpec({ hostname: 'web-7' }));
    const id = await runtime.createContainer(containerSpec(sandbox, IMAGE, { command: ['sh', '-c', 'pwd; echo "$HOSTNAME"'] }));
    await runtime.startContainer(id);
    await waitForExit(runtime, id);
    expect(lines(await waitForLogs(runtime, id, (text) => text.includes('web-7')))).toEqual([join(stateDir, 'process-runtime', 'containers', id, 'work'), 'web-7']);
    expect(sandbox.ip).toBe('127.0.0.1');
  });

  it('accepts any valid image reference whatever the policy, and refuses an invalid one', async () => {
    const { runtime } = await runtimes.make();
    await expect(runtime.ensureImage('kubernel/never-pulled:v1', 'Never')).resolves.toEqual({ image: 'kubernel/never-pulled:v1', imageId: 'process://kubernel/never-pulled:v1' });
    const error: unknown = await runtime.ensureImage('Not A Valid::Image', 'IfNotPresent').catch((e: unknown) => e);
    expect(isRuntimeError(error, 'RUNTIME_ERR_INVALID_IMAGE_NAME')).toBe(true);
  });

  it.skipIf(process.platform !== 'linux')('spawns one supervisor for concurrent starts of one container', async () => {
    const { runtime, stateDir } = await runtimes.make();
    const sandbox = await runtime.runPodSandbox(sandboxSpec());
    const id = await runtime.createContainer(containerSpec(sandbox, IMAGE, { command: ['sleep', '30'] }));
    await Promise.all([runtime.startContainer(id), runtime.startContainer(id), runtime.startContainer(id)]);
    const containerDir = join(stateDir, 'process-runtime', 'containers', id);
    expect(supervisorsOf(containerDir)).toHaveLength(1);
  });

  it('removes a running container after killing it', async () => {
    const { runtime, stateDir } = await runtimes.make();
    const { id } = await runtimes.run(runtime, ['sleep', '30']);
    const pid = await pidOf(stateDir, id);
    await runtime.removeContainer(id);
    expect(groupAlive(pid)).toBe(false);
    expect(isRuntimeError(await runtime.inspectContainer(id).catch((e: unknown) => e), 'RUNTIME_ERR_NOT_FOUND')).toBe(true);
  });

  describe('exec and stats', () => {
    it('execs with the container environment and working directory', async () => {
      const { runtime } = await runtimes.make();
      const { id } = await runtimes.run(runtime, ['sleep', '30'], { env: [{ name: 'COLOR', value: 'blue' }], workingDir: '/tmp' });
      const session = await runtime.exec?.(id, { command: ['sh', '-c', 'echo "$COLOR $(pwd)"'], tty: false, stdin: false });
      expect(await readAll(session?.stdout ?? process.stdin)).toBe('blue /tmp\n');
      expect(await session?.exitCode).toBe(0);
    });

    it('merges stderr into stdout for a tty, reports 127 for a missing command and refuses a stopped container', async () => {
      const { runtime } = await runtimes.make();
      const { id } = await runtimes.run(runtime, ['sleep', '30']);
      const tty = await runtime.exec?.(id, { command: ['sh', '-c', 'echo out; echo err >&2'], tty: true, stdin: false });
      expect(tty?.stderr).toBeUndefined();
      expect(lines(await readAll(tty?.stdout ?? process.stdin)).sort()).toEqual(['err', 'out']);
      const missing = await runtime.exec?.(id, { command: ['kubernel-no-such-command'], tty: false, stdin: false });
      expect(await missing?.exitCode).toBe(127);
      expect(await readAll(missing?.stderr ?? process.stdin)).toContain('executable file not found');
      await runtime.stopContainer(id, 0);
      await expect(runtime.exec?.(id, { command: ['true'], tty: false, stdin: false })).rejects.toThrow(/is not running \(state exited\)/);
    });

    it('ends exec sessions when the container stops', async () => {
      const { runtime } = await runtimes.make();
      const { id } = await runtimes.run(runtime, ['sleep', '30']);
      const session = await runtime.exec?.(id, { command: ['sleep', '30'], tty: false, stdin: false });
      await runtime.stopContainer(id, 0);
      expect(await session?.exitCode).toBe(137);
    });

    it.skipIf(process.platform !== 'linux')('measures CPU of a busy container and memory of its processes', async () => {
      const { runtime } = await runtimes.make();
      const { id: busy } = await runtimes.run(runtime, ['sh', '-c', 'while :; do :; done']);
      const { id: idle } = await runtimes.run(runtime, ['sleep', '30']);
      await waitForContainer(runtime, busy, (c) => c.state === 'running', 'running');
      const busyStats = await runtime.stats?.(busy);
      const idleStats = await runtime.stats?.(idle);
      expect(busyStats?.cpuUsageNanoCores).toBeGreaterThan(50_000_000);
      expect(idleStats?.cpuUsageNanoCores).toBeLessThan(50_000_000);
      expect(idleStats?.memoryWorkingSetBytes).toBeGreaterThan(100_000);
      await runtime.stopContainer(busy, 0);
      expect(await runtime.stats?.(busy)).toMatchObject({ cpuUsageNanoCores: 0, memoryWorkingSetBytes: 0 });
    });
  });
});
