import { mkdir, mkdtemp, readFile, realpath, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContainerConfigError } from '../env/object-source.ts';
import { mountsFor, type MountableVolume } from './mounts.ts';
import { PodVolumes } from './pod-volumes.ts';
import { facts, failingTmpfs, podWith, TestObjects } from './test-fixtures.ts';

let base: string;
let volumeRoot: string;
beforeEach(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), 'kubernel-mounts-')));
  volumeRoot = join(base, 'vol');
  await mkdir(volumeRoot, { mode: 0o750 });
  await writeFile(join(volumeRoot, 'file.txt'), 'x');
  await symlink('/etc', join(volumeRoot, 'escape'));
  await symlink('file.txt', join(volumeRoot, 'inside-link'));
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

const pod = podWith([]);
const container = (volumeMounts: Record<string, unknown>[]): Record<string, unknown> => ({ name: 'app', volumeMounts });
const volumes = (): Map<string, MountableVolume> =>
  new Map([
    ['data', { hostPath: volumeRoot, readOnly: false }],
    ['config', { hostPath: volumeRoot, readOnly: true }],
  ]);

function configError(run: () => unknown): ContainerConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ContainerConfigError) return error;
    throw error;
  }
  throw new Error('no ContainerConfigError');
}

describe('mountsFor', () => {
  it.each<[string, Record<string, unknown>, { hostPath: string; readOnly: boolean }]>([
    ['a whole volume', { name: 'data', mountPath: '/data' }, { hostPath: 'vol', readOnly: false }],
    ['readOnly from the mount', { name: 'data', mountPath: '/data', readOnly: true }, { hostPath: 'vol', readOnly: true }],
    ['readOnly forced by the volume', { name: 'config', mountPath: '/cfg', readOnly: false }, { hostPath: 'vol', readOnly: true }],
    ['a subPath file', { name: 'data', mountPath: '/f', subPath: 'file.txt' }, { hostPath: 'vol/file.txt', readOnly: false }],
    ['a subPath symlink resolved inside the volume', { name: 'data', mountPath: '/f', subPath: 'inside-link' }, { hostPath: 'vol/file.txt', readOnly: false }],
    ['a subPath with ./ and //', { name: 'data', mountPath: '/f', subPath: './sub//file' }, { hostPath: 'vol/sub/file', readOnly: false }],
  ])('%s', (_name, mount, expected) => {
    const [result] = mountsFor(pod, container([mount]), volumes());
    expect(result).toEqual({ hostPath: join(base, expected.hostPath), containerPath: mount['mountPath'], readOnly: expected.readOnly });
  });

  it('creates a missing subPath directory with the volume mode', async () => {
    const [result] = mountsFor(pod, container([{ name: 'data', mountPath: '/logs', subPath: 'logs/app' }]), volumes());
    expect(result?.hostPath).toBe(join(volumeRoot, 'logs/app'));
    const info = await stat(join(volumeRoot, 'logs/app'));
    expect(info.isDirectory() && (info.mode & 0o777) === 0o750).toBe(true);
  });

  it('expands subPathExpr from the container env', () => {
    const env = [{ name: 'POD_NAME', value: 'web-0' }];
    const [result] = mountsFor(pod, container([{ name: 'data', mountPath: '/logs', subPathExpr: 'logs/$(POD_NAME)' }]), volumes(), env);
    expect(result?.hostPath).toBe(join(volumeRoot, 'logs/web-0'));
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an unknown volume', { name: 'nope', mountPath: '/x' }, 'cannot find volume "nope" to mount into container "app"'],
    ['an absolute subPath', { name: 'data', mountPath: '/x', subPath: '/etc' }, 'error SubPath `/etc` must not be an absolute path'],
    ['a subPath with ..', { name: 'data', mountPath: '/x', subPath: 'a/../../etc' }, "unable to provision SubPath `a/../../etc`: must not contain '..'"],
    ['a symlink out of the volume', { name: 'data', mountPath: '/x', subPath: 'escape/passwd' }, 'failed to prepare subPath for volumeMount "data" of container "app"'],
    ['a subPathExpr with an unset variable', { name: 'data', mountPath: '/x', subPathExpr: '$(B)/$(A)' }, 'missing value for A, B'],
  ])('refuses %s', (_name, mount, message) => {
    expect(configError(() => mountsFor(pod, container([mount]), volumes())).message).toBe(message);
  });
});

describe('mountsFor on a configMap volume', () => {
  it('a subPath points into the current version and keeps its content after an update', async () => {
    const objects = new TestObjects();
    objects.setConfigMap('cfg', { 'app.conf': 'v1' });
    const podVolumes = new PodVolumes({ tmpfs: failingTmpfs() });
    const withCm = podWith([{ name: 'c', configMap: { name: 'cfg' } }]);
    const podDir = join(base, 'pod');
    const prepared = await podVolumes.prepare(withCm, objects, facts, podDir);
    const spec = container([
      { name: 'c', mountPath: '/etc/app.conf', subPath: 'app.conf' },
      { name: 'c', mountPath: '/etc/app' },
    ]);
    const [fileMount, dirMount] = podVolumes.mountsFor(withCm, spec, prepared);
    expect(fileMount?.hostPath).toMatch(/\/\.\.\d{4}_\d{2}_\d{2}_\d{2}_\d{2}_\d{2}\.\d{9}\/app\.conf$/);
    expect(fileMount?.readOnly).toBe(true);

    objects.setConfigMap('cfg', { 'app.conf': 'v2' });
    await podVolumes.prepare(withCm, objects, facts, podDir);
    expect(await readFile(join(dirMount?.hostPath ?? '', 'app.conf'), 'utf8')).toBe('v2');
    expect(await readFile(fileMount?.hostPath ?? '', 'utf8')).toBe('v1');
  });
});
