/**
 * A container's mounts from its volumeMounts (kubelet's makeMounts). A subPath
 * is resolved through symlinks and must stay inside the volume, and the
 * resolved path is what gets mounted, as kubelet bind-mounts it. For a
 * configMap, secret, downwardAPI or projected volume that path lies inside the
 * current `..2026_…` version directory, so a subPath mount keeps the content it
 * started with and does not follow later updates — exactly Kubernetes'
 * documented behaviour. Missing subPath directories are created, as kubelet's
 * SafeMakeDir does, with the volume's own mode.
 */
import { lstatSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { KubeObject } from '../../api/types/meta.ts';
import type { Mount } from '../../contracts/runtime.ts';
import { expand } from '../env/expansion.ts';
import { ContainerConfigError } from '../env/object-source.ts';
import { parseContainer } from '../env/pod-parts.ts';
import type { EnvVarValue } from '../env/resolve-env.ts';

/** What mountsFor needs of a prepared volume. */
export interface MountableVolume {
  hostPath: string;
  readOnly: boolean;
}

/** Throws ContainerConfigError (the container waits with CreateContainerConfigError) for a mount it cannot make. */
export function mountsFor(
  _pod: KubeObject,
  container: Record<string, unknown>,
  prepared: ReadonlyMap<string, MountableVolume>,
  env: readonly EnvVarValue[] = [],
): Mount[] {
  const spec = parseContainer(container);
  const containerName = spec.name ?? '';
  const mounts: Mount[] = [];
  for (const mount of spec.volumeMounts ?? []) {
    const volumeName = mount.name ?? '';
    const volume = prepared.get(volumeName);
    if (volume === undefined) {
      throw new ContainerConfigError(`cannot find volume "${volumeName}" to mount into container "${containerName}"`);
    }
    const subPath = mount.subPathExpr !== undefined && mount.subPathExpr !== '' ? expandSubPathExpr(mount.subPathExpr, env) : (mount.subPath ?? '');
    let hostPath = volume.hostPath;
    if (subPath !== '') {
      if (isAbsolute(subPath)) throw new ContainerConfigError(`error SubPath \`${subPath}\` must not be an absolute path`);
      if (subPath.split('/').includes('..')) {
        throw new ContainerConfigError(`unable to provision SubPath \`${subPath}\`: must not contain '..'`);
      }
      try {
        hostPath = resolveSubPath(volume.hostPath, subPath);
      } catch (error) {
        // kubelet keeps the details (host paths) out of the pod's status
        throw new ContainerConfigError(`failed to prepare subPath for volumeMount "${volumeName}" of container "${containerName}"`, { cause: error });
      }
    }
    mounts.push({ hostPath, containerPath: mount.mountPath ?? '', readOnly: mount.readOnly === true || volume.readOnly });
  }
  return mounts;
}

/** ExpandContainerVolumeMounts: every referenced variable must be set and non-empty. */
function expandSubPathExpr(expression: string, env: readonly EnvVarValue[]): string {
  const values = new Map(env.map((e) => [e.name, e.value]));
  const missing = new Set<string>();
  const expanded = expand(expression, (name) => {
    const value = values.get(name);
    if (value === undefined || value === '') missing.add(name);
    return value ?? '';
  });
  if (missing.size > 0) throw new ContainerConfigError(`missing value for ${[...missing].sort().join(', ')}`);
  return expanded;
}

/**
 * Walks `subPath` below the volume one name at a time: symlinks are followed
 * only while they stay inside the volume, missing directories are created.
 */
function resolveSubPath(volumePath: string, subPath: string): string {
  const root = realpathSync(volumePath);
  const mode = statSync(root).mode & 0o7777;
  let current = root;
  const names = subPath.split('/').filter((name) => name !== '' && name !== '.');
  for (const [i, name] of names.entries()) {
    const next = join(current, name);
    let info;
    try {
      info = lstatSync(next);
    } catch {
      mkdirSync(next, { mode });
      current = next;
      continue;
    }
    current = info.isSymbolicLink() ? realpathSync(next) : next;
    const rel = relative(root, current);
    if (rel === '..' || rel.startsWith('../') || isAbsolute(rel)) throw new Error(`subpath "${subPath}" leaves volume path "${volumePath}"`);
    if (i < names.length - 1 && !statSync(current).isDirectory()) throw new Error(`subpath "${subPath}": ${name} is not a directory`);
  }
  return current;
}
