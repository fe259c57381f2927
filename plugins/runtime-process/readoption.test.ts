import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { containerSpec, lines, readAll, readUntil, sandboxSpec, waitForExit, waitForLogs } from '../../test/conformance/runtime-harness.ts';
import { isSameProcessAlive } from './host-process.ts';
import { StateDir } from './state-dir.ts';
import { groupAlive, IMAGE, useProcessRuntimes } from './testing.ts';

/**
 * An agent restarts while its containers keep running: the runtime it
 * creates on the same state directory finds them, with their ids, states and
 * exits, because each runs under a detached supervisor that outlives it.
 */
describe('ProcessRuntime after an agent restart', () => {
  const runtimes = useProcessRuntimes();

  it('re-adopts a running container: listed running with the same id, stopped from the new instance', async () => {
    const first = await runtimes.make();
    const { id, sandbox } = await runtimes.run(first.runtime, ['sleep', '30']);
    await first.runtime.close?.();

    const second = await runtimes.make({ stateDir: first.stateDir, nodeName: first.nodeName });
    const listed = await second.runtime.listContainers();
    expect(listed.map((c) => [c.id, c.state, c.podUid])).toEqual([[id, 'running', sandbox.podUid]]);
    expect((await second.runtime.listPodSandboxes()).map((s) => s.id)).toEqual([sandbox.id]);

    await second.runtime.stopContainer(id, 5);
    expect(await second.runtime.inspectContainer(id)).toMatchObject({ state: 'exited', exitCode: 143 });
  });

  it('learns the exit of a container that ended while no agent ran', async () => {
    const first = await runtimes.make();
    const { id } = await runtimes.run(first.runtime, ['sh', '-c', 'echo before; sleep 0.3; echo after; exit 7']);
    await first.runtime.close?.();
    await new Promise((resolve) => setTimeout(resolve, 800));

    const second = await runtimes.make({ stateDir: first.stateDir, nodeName: first.nodeName });
    const info = await second.runtime.inspectContainer(id);
    expect(info).toMatchObject({ state: 'exited', exitCode: 7, reason: 'Error' });
    expect((info.finishedAt?.getTime() ?? 0) - (info.startedAt?.getTime() ?? 0)).toBeGreaterThanOrEqual(250);
    expect(await readAll(await second.runtime.logs(id, { follow: false, timestamps: false }))).toBe('before\nafter\n');
  });

  it('keeps a container running when the agent process is killed with SIGKILL', async () => {
    const { stateDir, nodeName, runtime } = await runtimes.make();
    // A separate agent process that starts a container, says its id and waits to be killed.
    const script = join(stateDir, 'agent.mts');
    await writeFile(
      script,
      `import pino from ${JSON.stringify(createRequire(import.meta.url).resolve('pino'))};
import { processRuntimeFactory } from ${JSON.stringify(join(import.meta.dirname, 'index.ts'))};
import { containerSpec, sandboxSpec } from ${JSON.stringify(join(import.meta.dirname, '../../test/conformance/runtime-harness.ts'))};
const runtime = await processRuntimeFactory.create({}, { nodeName: ${JSON.stringify(nodeName)}, stateDir: ${JSON.stringify(stateDir)}, logger: pino({ level: 'silent' }) });
const sandbox = await runtime.runPodSandbox(sandboxSpec());
const id = await runtime.createContainer(containerSpec(sandbox, ${JSON.stringify(IMAGE)}, { command: ['sh', '-c', 'echo up; sleep 1; echo done; exit 4'] }));
await runtime.startContainer(id);
process.stdout.write(id + '\\n');
setInterval(() => {}, 1000);
`,
    );
    const agent = spawn(process.execPath, ['--import', 'tsx', script], { cwd: join(import.meta.dirname, '../..'), stdio: ['ignore', 'pipe', 'inherit'] });
    const id = (await readUntil(agent.stdout, (text) => text.endsWith('\n'), 20_000)).trim();
    agent.kill('SIGKILL');
    await new Promise((resolve) => agent.once('exit', resolve));

    expect((await runtime.inspectContainer(id)).state).toBe('running');
    expect(await waitForExit(runtime, id, 10_000)).toMatchObject({ exitCode: 4 });
    expect(lines(await waitForLogs(runtime, id, (text) => text.includes('done')))).toEqual(['up', 'done']);
  });

  it('records exit code 255 for a container whose process died with its supervisor (a reboot)', async () => {
    const { runtime, stateDir } = await runtimes.make();
    const sandbox = await runtime.runPodSandbox(sandboxSpec());
    const id = await runtime.createContainer(containerSpec(sandbox, IMAGE, { command: ['sleep', '30'] }));
    await runtime.startContainer(id);
    const started = await new StateDir(stateDir).readStarted(id);
    if (started === undefined) throw new Error('not started');
    process.kill(started.supervisorPid, 'SIGKILL');
    process.kill(-started.pid, 'SIGKILL');
    const deadline = Date.now() + 5_000;
    while ((await isSameProcessAlive(started.supervisorPid, started.supervisorProcStart, null)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const info = await waitForExit(runtime, id);
    expect(info).toMatchObject({ state: 'exited', exitCode: 255, reason: 'Error' });
    expect(info.message).toContain('without its exit status being recorded');
    expect(groupAlive(started.pid)).toBe(false);
    // the deduced exit is written down: a later look gives the same finish time
    expect((await runtime.inspectContainer(id)).finishedAt).toEqual(info.finishedAt);
  });
});
