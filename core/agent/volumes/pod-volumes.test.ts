import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VolumeSetupError } from '../env/object-source.ts';
import { PodVolumes } from './pod-volumes.ts';
import { facts, failingTmpfs, podWith, TestObjects } from './test-fixtures.ts';
import { isTmpfsMountPoint, mountTable, systemTmpfs } from './tmpfs.ts';

let base: string;
let podDir: string;
let objects: TestObjects;
beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'kubernel-podvol-'));
  podDir = join(base, 'pods', 'uid-1');
  objects = new TestObjects();
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

const modeOf = async (path: string): Promise<number> => (await stat(path)).mode & 0o7777;
const visible = async (dir: string): Promise<string[]> => (await readdir(dir)).filter((n) => !n.startsWith('..')).sort();

async function prepareError(volumes: PodVolumes, pod: ReturnType<typeof podWith>): Promise<VolumeSetupError> {
  try {
    await volumes.prepare(pod, objects, facts, podDir);
  } catch (error) {
    if (error instanceof VolumeSetupError) return error;
    throw error;
  }
  throw new Error('prepare did not fail');
}

describe('PodVolumes.prepare: emptyDir and hostPath', () => {
  it('emptyDir: a 0777 directory where kubelet puts it; changed only when created', async () => {
    const volumes = new PodVolumes({ tmpfs: failingTmpfs() });
    const pod = podWith([{ name: 'cache', emptyDir: {} }]);
    const first = (await volumes.prepare(pod, objects, facts, podDir)).get('cache');
    expect(first).toEqual({ hostPath: join(podDir, 'volumes/kubernetes.io~empty-dir/cache'), readOnly: false, changed: true });
    expect(await modeOf(first?.hostPath ?? '')).toBe(0o777);
    expect((await volumes.prepare(pod, objects, facts, podDir)).get('cache')?.changed).toBe(false);
  });

  it('emptyDir medium Memory without tmpfs: a plain directory, the size it asked for, and a warning', async () => {
    const tmpfs = failingTmpfs();
    const volumes = new PodVolumes({ tmpfs });
    const pod = podWith([{ name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit: '16Mi' } }]);
    const prepared = (await volumes.prepare(pod, objects, facts, podDir)).get('scratch');
    expect(prepared?.medium).toBe('Memory');
    expect(prepared?.warning).toBe(
      'emptyDir volume "scratch" asked for medium Memory but is a plain directory on disk: tmpfs is not available in this test',
    );
    expect((await stat(prepared?.hostPath ?? '')).isDirectory()).toBe(true);
    expect(tmpfs.calls).toEqual([{ dir: prepared?.hostPath, size: 16n * 1024n * 1024n }]);
  });

  it('emptyDir medium Memory when not root: the default mounter does not try', async () => {
    const volumes = new PodVolumes({ tmpfs: systemTmpfs({ runningAsRoot: false }) });
    const prepared = (await volumes.prepare(podWith([{ name: 'm', emptyDir: { medium: 'Memory' } }]), objects, facts, podDir)).get('m');
    expect(prepared?.warning).toContain('does not run as root');
    expect(existsSync(prepared?.hostPath ?? '')).toBe(true);
  });

  it.skipIf(process.getuid?.() !== 0)('as root: emptyDir Memory and secret volumes are real tmpfs mounts, updated in place, unmounted by cleanup', async () => {
    const volumes = new PodVolumes();
    objects.setSecret('creds', { pw: 'one' });
    const pod = podWith([{ name: 'm', emptyDir: { medium: 'Memory', sizeLimit: '8Mi' } }, { name: 's', secret: { secretName: 'creds' } }]);
    try {
      const all = await volumes.prepare(pod, objects, facts, podDir);
      const prepared = all.get('m');
      const secretDir = all.get('s')?.hostPath ?? '';
      expect(all.get('s')?.warning).toBeUndefined();
      expect(await isTmpfsMountPoint(secretDir)).toBe(true);
      expect(await readFile(join(secretDir, 'pw'), 'utf8')).toBe('one');
      expect(prepared?.warning).toBeUndefined();
      expect(await isTmpfsMountPoint(prepared?.hostPath ?? '')).toBe(true);
      expect((await mountTable()).find((e) => e.mountPoint === prepared?.hostPath)?.options).toContain('size=8192k');
      const again = (await volumes.prepare(pod, objects, facts, podDir)).get('m');
      expect(again).toMatchObject({ changed: false });
      expect(again?.warning).toBeUndefined();
      expect((await mountTable()).filter((e) => e.mountPoint === prepared?.hostPath)).toHaveLength(1);
      objects.setSecret('creds', { pw: 'two' });
      expect((await volumes.prepare(pod, objects, facts, podDir)).get('s')?.changed).toBe(true);
      expect(await readFile(join(secretDir, 'pw'), 'utf8')).toBe('two');
      expect((await mountTable()).filter((e) => e.mountPoint === secretDir)).toHaveLength(1);
    } finally {
      await volumes.cleanup(podDir);
    }
    expect(existsSync(podDir)).toBe(false);
    expect((await mountTable()).some((e) => e.mountPoint.startsWith(podDir))).toBe(false);
  });

  it('hostPath: the path itself, created by DirectoryOrCreate', async () => {
    const volumes = new PodVolumes({ tmpfs: failingTmpfs() });
    const path = join(base, 'host/data');
    const prepared = await volumes.prepare(podWith([{ name: 'h', hostPath: { path, type: 'DirectoryOrCreate' } }]), objects, facts, podDir);
    expect(prepared.get('h')).toEqual({ hostPath: path, readOnly: false, changed: true });
    expect((await stat(path)).isDirectory()).toBe(true);
  });

  it('hostPath type mismatch: VolumeSetupError with kubelet message and FailedMount text', async () => {
    const error = await prepareError(new PodVolumes(), podWith([{ name: 'h', hostPath: { path: '/dev/null', type: 'Directory' } }]));
    expect(error.message).toBe('hostPath type check failed: /dev/null is not a directory');
    expect(error.volumeName).toBe('h');
    expect(error.eventMessage).toBe('MountVolume.SetUp failed for volume "h" : hostPath type check failed: /dev/null is not a directory');
  });

  it('an unsupported source fails that volume', async () => {
    const error = await prepareError(new PodVolumes(), podWith([{ name: 'data', persistentVolumeClaim: { claimName: 'c' } }]));
    expect(error.message).toBe('no volume plugin matched: this node agent cannot set up persistentVolumeClaim volumes');
  });
});

describe('PodVolumes.prepare: configMap and secret', () => {
  it('configMap: every key as a read-only file with defaultMode, binaryData decoded', async () => {
    objects.setConfigMap('cfg', { 'app.conf': 'a=1', mode: 'prod' }, { 'logo.bin': Buffer.from([0, 1, 2]).toString('base64') });
    const volumes = new PodVolumes({ tmpfs: failingTmpfs() });
    const prepared = (await volumes.prepare(podWith([{ name: 'c', configMap: { name: 'cfg', defaultMode: 0o440 } }]), objects, facts, podDir)).get('c');
    const dir = join(podDir, 'volumes/kubernetes.io~configmap/c');
    expect(prepared).toEqual({ hostPath: dir, readOnly: true, changed: true });
    expect(await visible(dir)).toEqual(['app.conf', 'logo.bin', 'mode']);
    expect(await readFile(join(dir, 'app.conf'), 'utf8')).toBe('a=1');
    expect([...(await readFile(join(dir, 'logo.bin')))]).toEqual([0, 1, 2]);
    expect(await modeOf(join(dir, 'mode'))).toBe(0o440);
  });

  it('configMap items: chosen keys at their paths, per-item mode over defaultMode (0644 when unset)', async () => {
    objects.setConfigMap('cfg', { 'app.conf': 'a=1', mode: 'prod', unused: 'x' });
    const volume = { name: 'c', configMap: { name: 'cfg', items: [{ key: 'app.conf', path: 'etc/app.conf', mode: 0o600 }, { key: 'mode', path: 'mode.txt' }] } };
    const dir = (await new PodVolumes({ tmpfs: failingTmpfs() }).prepare(podWith([volume]), objects, facts, podDir)).get('c')?.hostPath ?? '';
    expect(await visible(dir)).toEqual(['etc', 'mode.txt']);
    expect(await readFile(join(dir, 'etc/app.conf'), 'utf8')).toBe('a=1');
    expect(await modeOf(join(dir, 'etc/app.conf'))).toBe(0o600);
    expect(await modeOf(join(dir, 'mode.txt'))).toBe(0o644);
  });

  it.each([
    [{ name: 'c', configMap: { name: 'missing' } }, 'configmap "missing" not found'],
    [{ name: 's', secret: { secretName: 'missing' } }, 'secret "missing" not found'],
    [{ name: 'c', configMap: { name: 'cfg', items: [{ key: 'nope', path: 'x' }] } }, 'configmap references non-existent config key: nope'],
  ])('%j fails with %s', async (volume, message) => {
    objects.setConfigMap('cfg', { a: '1' });
    const error = await prepareError(new PodVolumes({ tmpfs: failingTmpfs() }), podWith([volume]));
    expect(error.message).toBe(message);
  });

  it('optional and missing: an empty volume, filled in place once the object appears', async () => {
    const volumes = new PodVolumes({ tmpfs: failingTmpfs() });
    const pod = podWith([
      { name: 'c', configMap: { name: 'later', optional: true } },
      { name: 's', secret: { secretName: 'later', optional: true } },
    ]);
    const first = await volumes.prepare(pod, objects, facts, podDir);
    expect(await visible(first.get('c')?.hostPath ?? '')).toEqual([]);
    expect(await visible(first.get('s')?.hostPath ?? '')).toEqual([]);

    objects.setConfigMap('later', { k: 'v' });
    const second = await volumes.prepare(pod, objects, facts, podDir);
    expect(second.get('c')?.changed).toBe(true);
    expect(second.get('s')?.changed).toBe(false);
    expect(await readFile(join(second.get('c')?.hostPath ?? '', 'k'), 'utf8')).toBe('v');
  });

  it('secret: decoded files with modes, memory medium, and a warning when it could not be tmpfs', async () => {
    objects.setSecret('creds', { password: 's3cret', user: 'admin' });
    const volume = { name: 's', secret: { secretName: 'creds', defaultMode: 0o400, items: [{ key: 'password', path: 'pw' }, { key: 'user', path: 'user', mode: 0o444 }] } };
    const prepared = (await new PodVolumes({ tmpfs: failingTmpfs() }).prepare(podWith([volume]), objects, facts, podDir)).get('s');
    const dir = join(podDir, 'volumes/kubernetes.io~secret/s');
    expect(prepared).toMatchObject({ hostPath: dir, medium: 'Memory', readOnly: true, changed: true });
    expect(prepared?.warning).toBe('secret volume "s" is not memory-backed, so its files are on disk: tmpfs is not available in this test');
    expect(await readFile(join(dir, 'pw'), 'utf8')).toBe('s3cret');
    expect(await modeOf(join(dir, 'pw'))).toBe(0o400);
    expect(await modeOf(join(dir, 'user'))).toBe(0o444);
  });

  it('keeps preparing the other volumes when one fails, and lists every failure', async () => {
    objects.setConfigMap('cfg', { a: '1' });
    const pod = podWith([
      { name: 'bad1', secret: { secretName: 'nope' } },
      { name: 'good', configMap: { name: 'cfg' } },
      { name: 'bad2', configMap: { name: 'nope' } },
    ]);
    const error = await prepareError(new PodVolumes({ tmpfs: failingTmpfs() }), pod);
    expect(error.volumeName).toBe('bad1');
    expect(error.failures).toEqual([
      { volumeName: 'bad1', message: 'secret "nope" not found' },
      { volumeName: 'bad2', message: 'configmap "nope" not found' },
    ]);
    expect(await readFile(join(podDir, 'volumes/kubernetes.io~configmap/good/a'), 'utf8')).toBe('1');
  });
});

describe('PodVolumes.prepare: downwardAPI, projected, updates', () => {
  it('downwardAPI: fields and maps as kubelet renders them, refreshed when labels change', async () => {
    const volumes = new PodVolumes({ tmpfs: failingTmpfs() });
    const volume = {
      name: 'info',
      downwardAPI: {
        defaultMode: 0o644,
        items: [
          { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
          { path: 'annotations', fieldRef: { fieldPath: 'metadata.annotations' }, mode: 0o600 },
          { path: 'name', fieldRef: { fieldPath: 'metadata.name' } },
          { path: 'mem_limit', resourceFieldRef: { containerName: 'app', resource: 'limits.memory', divisor: '1Mi' } },
        ],
      },
    };
    const pod = podWith([volume]);
    const dir = (await volumes.prepare(pod, objects, facts, podDir)).get('info')?.hostPath ?? '';
    expect(dir).toBe(join(podDir, 'volumes/kubernetes.io~downward-api/info'));
    expect(await readFile(join(dir, 'labels'), 'utf8')).toBe('app="web"\ntier="front"');
    expect(await readFile(join(dir, 'annotations'), 'utf8')).toBe('owner="team-a"');
    expect(await modeOf(join(dir, 'annotations'))).toBe(0o600);
    expect(await readFile(join(dir, 'name'), 'utf8')).toBe('web-0');
    expect(await readFile(join(dir, 'mem_limit'), 'utf8')).toBe('1024'); // no limit: node allocatable

    expect((await volumes.prepare(pod, objects, facts, podDir)).get('info')?.changed).toBe(false);
    pod.metadata.labels = { app: 'web', tier: 'back', version: '2' };
    expect((await volumes.prepare(pod, objects, facts, podDir)).get('info')?.changed).toBe(true);
    expect(await readFile(join(dir, 'labels'), 'utf8')).toBe('app="web"\ntier="back"\nversion="2"');
  });

  it('projected: sources merged into one read-only volume; the token is skipped with a warning', async () => {
    objects.setConfigMap('kube-root-ca.crt', { 'ca.crt': 'CERT' });
    const volume = {
      name: 'kube-api-access',
      projected: {
        defaultMode: 0o644,
        sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
          { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
          { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
        ],
      },
    };
    const prepared = (await new PodVolumes({ tmpfs: failingTmpfs() }).prepare(podWith([volume]), objects, facts, podDir)).get('kube-api-access');
    const dir = join(podDir, 'volumes/kubernetes.io~projected/kube-api-access');
    expect(prepared).toMatchObject({ hostPath: dir, medium: 'Memory', readOnly: true });
    expect(await visible(dir)).toEqual(['ca.crt', 'namespace']);
    expect(await readFile(join(dir, 'namespace'), 'utf8')).toBe('shop');
    expect(prepared?.warning).toContain('projected volume "kube-api-access": this node agent does not project serviceAccountToken (path "token")');
  });

  it('a ConfigMap update rewrites its volume in place and only that volume reports a change', async () => {
    objects.setConfigMap('cfg', { a: '1', b: '2' });
    objects.setSecret('sec', { s: 'x' });
    const volumes = new PodVolumes({ tmpfs: failingTmpfs() });
    const pod = podWith([{ name: 'c', configMap: { name: 'cfg' } }, { name: 's', secret: { secretName: 'sec' } }, { name: 'e', emptyDir: {} }]);
    const first = await volumes.prepare(pod, objects, facts, podDir);
    const dir = first.get('c')?.hostPath ?? '';

    objects.setConfigMap('cfg', { a: 'one', c: '3' });
    const second = await volumes.prepare(pod, objects, facts, podDir);
    expect([...second].map(([name, v]) => [name, v.changed])).toEqual([['c', true], ['s', false], ['e', false]]);
    expect(second.get('c')?.hostPath).toBe(dir);
    expect(await visible(dir)).toEqual(['a', 'c']);
    expect(await readFile(join(dir, 'a'), 'utf8')).toBe('one');
  });

  it('cleanup removes the pod directory (and is fine when it is gone)', async () => {
    const volumes = new PodVolumes({ tmpfs: failingTmpfs() });
    await volumes.prepare(podWith([{ name: 'e', emptyDir: {} }]), objects, facts, podDir);
    await volumes.cleanup(podDir);
    expect(existsSync(podDir)).toBe(false);
    await expect(volumes.cleanup(podDir)).resolves.toBeUndefined();
  });
});
