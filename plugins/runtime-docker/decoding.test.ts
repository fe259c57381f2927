import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { containerStateOf, toContainerInfo, type InspectedContainer } from './container-info.ts';
import { dockerMessageOf } from './docker-errors.ts';
import { FrameParser, parseFrames } from './frames.ts';
import { dockerLogOptions } from './logs.ts';
import { containerStatsOf } from './stats.ts';

function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

describe('FrameParser', () => {
  it('splits multiplexed output into frames whatever the chunk boundaries', () => {
    const bytes = Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n'), frame(1, 'more\n')]);
    const parser = new FrameParser();
    const frames = [];
    for (let i = 0; i < bytes.length; i += 3) frames.push(...parser.push(bytes.subarray(i, i + 3)));
    expect(frames.map((f) => [f.stream, f.payload.toString()])).toEqual([['stdout', 'out\n'], ['stderr', 'err\n'], ['stdout', 'more\n']]);
  });

  it('keeps an incomplete frame until the rest arrives', () => {
    const bytes = frame(2, 'hello');
    expect(parseFrames(bytes.subarray(0, 10))).toEqual([]);
  });
});

function inspectOf(state: Partial<Docker.ContainerInspectInfo['State']>, labels: Record<string, string> = {}): InspectedContainer {
  return {
    Id: 'c1',
    Created: '2024-05-01T10:00:00.5Z',
    Name: '/k8s_app_web_default_u_0',
    Image: 'sha256:img',
    Config: { Image: 'busybox:latest', Labels: labels },
    State: { Status: 'exited', Running: false, Paused: false, Restarting: false, OOMKilled: false, Dead: false, Pid: 0, ExitCode: 0, Error: '', StartedAt: '2024-05-01T10:00:01Z', FinishedAt: '2024-05-01T10:00:02Z', ...state },
  };
}

describe('toContainerInfo', () => {
  it.each([
    [{ ExitCode: 0 }, { state: 'exited', exitCode: 0, reason: 'Completed' }],
    [{ ExitCode: 2 }, { state: 'exited', exitCode: 2, reason: 'Error' }],
    [{ ExitCode: 137, OOMKilled: true }, { state: 'exited', exitCode: 137, reason: 'OOMKilled' }],
    [{ ExitCode: 127, Error: 'exec: "nope": executable file not found' }, { reason: 'Error', message: 'exec: "nope": executable file not found' }],
  ])('maps an exited state %j', (state, expected) => {
    expect(toContainerInfo(inspectOf(state))).toMatchObject(expected);
  });

  it('never reports a start after the finish, which the engine stamps for a process that exits at once', () => {
    const info = toContainerInfo(inspectOf({ ExitCode: 0, StartedAt: '2024-05-01T10:00:02.5Z', FinishedAt: '2024-05-01T10:00:02.4Z' }));
    expect(info.startedAt).toEqual(new Date('2024-05-01T10:00:02.4Z'));
    expect(info.finishedAt).toEqual(new Date('2024-05-01T10:00:02.4Z'));
  });

  it('reads identity from the labels and has no exit data while running or before start', () => {
    const labels = {
      'io.kubernetes.pod.uid': 'u',
      'io.kubernetes.pod.namespace': 'default',
      'io.kubernetes.pod.name': 'web',
      'io.kubernetes.container.name': 'app',
      'io.kubernetes.container.restartCount': '4',
      'io.kubernetes.sandbox.id': 's1',
      'kubernel.dev/image-id': 'docker-pullable://busybox@sha256:d',
    };
    const running = toContainerInfo(inspectOf({ Status: 'running', Running: true, FinishedAt: '0001-01-01T00:00:00Z' }, labels));
    expect(running).toMatchObject({ id: 'c1', sandboxId: 's1', podUid: 'u', namespace: 'default', podName: 'web', name: 'app', attempt: 4, image: 'busybox:latest', imageId: 'docker-pullable://busybox@sha256:d', state: 'running' });
    expect(running.startedAt).toEqual(new Date('2024-05-01T10:00:01Z'));
    expect(running.exitCode).toBeUndefined();
    expect(running.finishedAt).toBeUndefined();
    const created = toContainerInfo(inspectOf({ Status: 'created', StartedAt: '0001-01-01T00:00:00Z' }));
    expect(created).toMatchObject({ state: 'created', imageId: 'docker://sha256:img', name: 'k8s_app_web_default_u_0', attempt: 0 });
    expect(created.startedAt).toBeUndefined();
  });

  it.each([
    ['created', 'created'],
    ['running', 'running'],
    ['paused', 'running'],
    ['restarting', 'running'],
    ['exited', 'exited'],
    ['dead', 'exited'],
    ['removing', 'unknown'],
  ])('docker status %s is %s', (status, state) => {
    expect(containerStateOf(status)).toBe(state);
  });
});

describe('containerStatsOf', () => {
  it('computes the CPU rate between the two readings and the working set without inactive files (cgroup v2)', () => {
    const stats = containerStatsOf({
      read: '2024-05-01T10:00:01Z',
      preread: '2024-05-01T10:00:00Z',
      cpu_stats: { cpu_usage: { total_usage: 1_500_000_000 }, system_cpu_usage: 20e9, online_cpus: 4 },
      precpu_stats: { cpu_usage: { total_usage: 1_000_000_000 }, system_cpu_usage: 16e9 },
      memory_stats: { usage: 10_000_000, stats: { inactive_file: 4_000_000 } },
    });
    expect(stats).toEqual({ timestamp: new Date('2024-05-01T10:00:01Z'), cpuUsageNanoCores: 500_000_000, memoryWorkingSetBytes: 6_000_000 });
  });

  it('falls back to the system counters without a previous read time, and reads cgroup v1 names', () => {
    const stats = containerStatsOf({
      read: '2024-05-01T10:00:01Z',
      preread: '0001-01-01T00:00:00Z',
      cpu_stats: { cpu_usage: { total_usage: 2e9 }, system_cpu_usage: 12e9, online_cpus: 2 },
      precpu_stats: { cpu_usage: { total_usage: 1e9 }, system_cpu_usage: 8e9 },
      memory_stats: { usage: 5_000, stats: { total_inactive_file: 9_000 } },
    });
    expect(stats.cpuUsageNanoCores).toBe(500_000_000);
    expect(stats.memoryWorkingSetBytes).toBe(0);
  });

  it('reports no CPU use without a previous sample', () => {
    expect(containerStatsOf({ cpu_stats: { cpu_usage: { total_usage: 5 } }, precpu_stats: {} }).cpuUsageNanoCores).toBe(0);
  });
});

describe('dockerLogOptions', () => {
  it('maps tailLines, sinceSeconds and timestamps', () => {
    expect(dockerLogOptions({ follow: false, timestamps: true, tailLines: 5, sinceSeconds: 10 }, 1_000_500)).toEqual({ stdout: true, stderr: true, timestamps: true, tail: 5, since: 990 });
    expect(dockerLogOptions({ follow: true, timestamps: false })).toEqual({ stdout: true, stderr: true, timestamps: false });
  });
});

describe('dockerMessageOf', () => {
  it.each([
    [Object.assign(new Error('(HTTP code 404) no such container - No such container: x '), { statusCode: 404, json: { message: 'No such container: x' } }), 'No such container: x'],
    [Object.assign(new Error('(HTTP code 500) server error - boom '), { statusCode: 500 }), 'boom'],
    [new Error('connect ENOENT /var/run/docker.sock'), 'connect ENOENT /var/run/docker.sock'],
    ['plain', 'plain'],
  ])('reads %s', (error, expected) => {
    expect(dockerMessageOf(error)).toBe(expected);
  });
});
