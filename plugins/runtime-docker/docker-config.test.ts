import { describe, expect, it } from 'vitest';
import { containerSpec, sandboxSpec } from '../../test/conformance/runtime-harness.ts';
import type { PodSandbox } from '../../core/index.ts';
import { containerConfig } from './containers.ts';
import { containerName, sandboxName } from './labels.ts';
import { resolveSocketPath } from './options.ts';
import { cpuSharesOf, resourceHostConfig } from './resources.ts';
import { portBindings } from './sandboxes.ts';

const spec = sandboxSpec({ name: 'web', namespace: 'default', podUid: '1111-2222' });
const sandbox: PodSandbox = { id: 'sandbox-id', podUid: spec.podUid, namespace: spec.namespace, name: spec.name, state: 'ready', ip: '172.17.0.2', createdAt: new Date(), labels: {} };

describe('cpuSharesOf (kubelet milliCPUToShares)', () => {
  it.each([
    [undefined, 2],
    [0, 2],
    [1, 2],
    [100, 102],
    [250, 256],
    [1000, 1024],
    [1_000_000, 262_144],
  ])('%s millicores → %s shares', (millis, shares) => {
    expect(cpuSharesOf(millis)).toBe(shares);
  });
});

describe('resourceHostConfig', () => {
  it('limits CPU by quota and memory without swap', () => {
    expect(resourceHostConfig({ cpuRequestMillis: 500, cpuLimitMillis: 1500, memoryLimitBytes: 128 * 2 ** 20 })).toEqual({
      CpuShares: 512,
      NanoCpus: 1_500_000_000,
      Memory: 128 * 2 ** 20,
      MemorySwap: 128 * 2 ** 20,
    });
  });

  it('sets no limit when none is given and raises a tiny CPU limit to kubelet’s minimum', () => {
    expect(resourceHostConfig({})).toEqual({ CpuShares: 2 });
    expect(resourceHostConfig({ cpuLimitMillis: 1 }).NanoCpus).toBe(10_000_000);
  });
});

describe('containerConfig', () => {
  it.each([
    { command: [], args: [], entrypoint: undefined, cmd: undefined },
    { command: ['sh', '-c'], args: [], entrypoint: ['sh', '-c'], cmd: undefined },
    { command: [], args: ['--verbose'], entrypoint: undefined, cmd: ['--verbose'] },
    { command: ['app'], args: ['--port', '80'], entrypoint: ['app'], cmd: ['--port', '80'] },
  ])('command $command and args $args become Entrypoint $entrypoint and Cmd $cmd', ({ command, args, entrypoint, cmd }) => {
    const config = containerConfig({ nodeName: 'n1' }, containerSpec(sandbox, 'busybox:latest', { command, args }), 'docker://sha256:x');
    expect(config.Entrypoint).toEqual(entrypoint);
    expect(config.Cmd).toEqual(cmd);
  });

  it('joins the sandbox, binds mounts and passes env, workingDir and stdin settings', () => {
    const config = containerConfig(
      { nodeName: 'n1' },
      containerSpec(sandbox, 'busybox:latest', {
        env: [{ name: 'A', value: 'x=y' }],
        workingDir: '/work',
        mounts: [{ hostPath: '/h/a', containerPath: '/a', readOnly: true }, { hostPath: '/h/b', containerPath: '/b', readOnly: false }],
        tty: true,
        stdin: true,
        stdinOnce: true,
      }),
      'docker://sha256:x',
    );
    expect(config).toMatchObject({ Env: ['A=x=y'], WorkingDir: '/work', Tty: true, OpenStdin: true, StdinOnce: true });
    expect(config.HostConfig).toMatchObject({ NetworkMode: 'container:sandbox-id', IpcMode: 'container:sandbox-id', Binds: ['/h/a:/a:ro', '/h/b:/b'] });
    expect(config.Labels).toMatchObject({ 'kubernel.dev/node': 'n1', 'io.kubernetes.sandbox.id': 'sandbox-id', 'kubernel.dev/image-id': 'docker://sha256:x' });
  });

  it('lets no extra label override the runtime’s own', () => {
    const config = containerConfig({ nodeName: 'n1' }, containerSpec(sandbox, 'busybox:latest', { labels: { 'kubernel.dev/node': 'other' } }), 'id');
    expect(config.Labels?.['kubernel.dev/node']).toBe('n1');
  });
});

describe('names', () => {
  it('names containers and sandboxes as dockershim did', () => {
    expect(containerName({ name: 'app', podName: 'web', namespace: 'default', podUid: 'u-1', attempt: 3 })).toBe('k8s_app_web_default_u-1_3');
    expect(sandboxName({ name: 'web', namespace: 'default', podUid: 'u-1' }, 0)).toBe('k8s_POD_web_default_u-1_0');
  });
});

describe('portBindings', () => {
  it('publishes hostPorts on the default hostIP unless a port names one, and skips ports without a hostPort', () => {
    expect(
      portBindings(
        [
          { containerPort: 80, hostPort: 8080, protocol: 'TCP', hostIP: '' },
          { containerPort: 53, hostPort: 5353, protocol: 'UDP', hostIP: '127.0.0.2' },
          { containerPort: 9000, hostPort: 0, protocol: 'TCP', hostIP: '' },
        ],
        '127.0.0.1',
      ),
    ).toEqual({ '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }], '53/udp': [{ HostIp: '127.0.0.2', HostPort: '5353' }] });
  });
});

describe('resolveSocketPath', () => {
  it.each([
    [{ socketPath: '/run/custom.sock' }, { DOCKER_HOST: 'unix:///other.sock' }, '/run/custom.sock'],
    [{}, { DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }, '/run/user/1000/docker.sock'],
    [{}, { DOCKER_HOST: 'tcp://10.0.0.1:2375' }, '/var/run/docker.sock'],
    [{}, {}, '/var/run/docker.sock'],
  ])('options %j with env %j → %s', (options, env, expected) => {
    expect(resolveSocketPath(options, env)).toBe(expected);
  });
});
