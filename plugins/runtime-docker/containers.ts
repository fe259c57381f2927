import type Docker from 'dockerode';
import { RuntimeError, RuntimeLabels, type ContainerFilter, type ContainerInfo, type ContainerSpec } from '../../core/index.ts';
import { toContainerInfo } from './container-info.ts';
import { dockerMessageOf, ignoringMissing, isDockerNotFound, orNotFound } from './docker-errors.ts';
import { imageIdOf } from './image-reference.ts';
import { CONTAINER_TYPE, containerLabels, containerName, labelFilter, SANDBOX_ID_LABEL } from './labels.ts';
import { resourceHostConfig } from './resources.ts';
import type { DockerRuntimeSettings } from './settings.ts';

export async function createContainer(settings: DockerRuntimeSettings, spec: ContainerSpec): Promise<string> {
  const { docker } = settings;
  const sandbox = await docker.getContainer(spec.sandboxId).inspect().catch((error: unknown) => {
    if (isDockerNotFound(error)) return undefined;
    throw error;
  });
  if (sandbox === undefined) throw new RuntimeError('RUNTIME_ERR_CREATE', `pod sandbox ${spec.sandboxId} not found`);
  if (!sandbox.State.Running) throw new RuntimeError('RUNTIME_ERR_CREATE', `pod sandbox ${spec.sandboxId} is not running`);
  const image = await docker.getImage(spec.image).inspect().catch((error: unknown) => {
    if (isDockerNotFound(error)) throw new RuntimeError('RUNTIME_ERR_CREATE', `No such image: ${spec.image}`, { cause: error });
    throw error;
  });
  try {
    const container = await docker.createContainer(containerConfig(settings, spec, imageIdOf(image)));
    return container.id;
  } catch (error) {
    throw new RuntimeError('RUNTIME_ERR_CREATE', dockerMessageOf(error), { cause: error });
  }
}

/**
 * Kubernetes' command semantics on Docker's: `command` replaces ENTRYPOINT
 * and `args` CMD; with a command set, Docker ignores the image's CMD, so
 * command-without-args runs the command alone.
 */
export function containerConfig(settings: Pick<DockerRuntimeSettings, 'nodeName'>, spec: ContainerSpec, imageId: string): Docker.ContainerCreateOptions {
  const config: Docker.ContainerCreateOptions = {
    name: containerName(spec),
    Image: spec.image,
    Env: spec.env.map((e) => `${e.name}=${e.value}`),
    Labels: containerLabels(spec, settings.nodeName, imageId),
    Tty: spec.tty,
    OpenStdin: spec.stdin,
    StdinOnce: spec.stdinOnce,
    HostConfig: {
      // the pod's containers share the sandbox's network (and with it hostname, hosts and resolv.conf) and IPC
      NetworkMode: `container:${spec.sandboxId}`,
      IpcMode: `container:${spec.sandboxId}`,
      Binds: spec.mounts.map((m) => `${m.hostPath}:${m.containerPath}${m.readOnly ? ':ro' : ''}`),
      RestartPolicy: { Name: 'no' },
      // `logs` reads what the engine kept; json-file keeps it whatever the daemon's default driver
      LogConfig: { Type: 'json-file', Config: {} },
      ...resourceHostConfig(spec.resources),
    },
  };
  if (spec.command.length > 0) config.Entrypoint = spec.command;
  if (spec.args.length > 0) config.Cmd = spec.args;
  if (spec.workingDir !== undefined && spec.workingDir !== '') config.WorkingDir = spec.workingDir;
  return config;
}

export async function startContainer(settings: DockerRuntimeSettings, id: string): Promise<void> {
  try {
    await settings.docker.getContainer(id).start();
  } catch (error) {
    if (isDockerNotFound(error)) throw new RuntimeError('RUNTIME_ERR_NOT_FOUND', `container ${id} not found: ${dockerMessageOf(error)}`, { cause: error });
    // kubelet shows this as RunContainerError with the engine's words (e.g. executable file not found)
    throw new Error(`failed to start container ${id}: ${dockerMessageOf(error)}`, { cause: error });
  }
}

/**
 * Docker's stop (its StopSignal, then SIGKILL after t seconds); with another
 * signal, the same done by hand, since the engine's stop takes a signal only
 * from API 1.42.
 */
export async function stopContainer(settings: DockerRuntimeSettings, id: string, gracePeriodSeconds: number, signal?: NodeJS.Signals): Promise<void> {
  const container = settings.docker.getContainer(id);
  const grace = Math.max(0, Math.floor(gracePeriodSeconds));
  if (signal === undefined || signal === 'SIGTERM') {
    await ignoringMissing(() => container.stop({ t: grace }));
    return;
  }
  await ignoringMissing(() => container.kill({ signal }));
  const exited = await waitNotRunning(container, grace * 1000);
  if (!exited) await ignoringMissing(() => container.kill({ signal: 'SIGKILL' }));
  await waitNotRunning(container, 10_000);
}

/** Whether the container stopped (or is gone) within `timeoutMs`. */
async function waitNotRunning(container: Docker.Container, timeoutMs: number): Promise<boolean> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    await container.wait({ condition: 'not-running', abortSignal: abort.signal });
    return true;
  } catch (error) {
    return isDockerNotFound(error);
  } finally {
    clearTimeout(timer);
  }
}

export async function removeContainer(settings: DockerRuntimeSettings, id: string): Promise<void> {
  await ignoringMissing(() => settings.docker.getContainer(id).remove({ force: true }));
}

export async function inspectContainer(settings: DockerRuntimeSettings, id: string): Promise<ContainerInfo> {
  return toContainerInfo(await orNotFound(`container ${id}`, () => settings.docker.getContainer(id).inspect()));
}

/**
 * This node's containers, newest first as the engine lists them. A listing
 * lacks exit codes and times, so each is inspected; one removed meanwhile is
 * left out.
 */
export async function listContainers(settings: DockerRuntimeSettings, filter: ContainerFilter = {}): Promise<ContainerInfo[]> {
  const labels: Record<string, string> = { ...filter.labels, [RuntimeLabels.node]: settings.nodeName, [RuntimeLabels.type]: CONTAINER_TYPE };
  if (filter.podUid !== undefined) labels[RuntimeLabels.podUid] = filter.podUid;
  if (filter.sandboxId !== undefined) labels[SANDBOX_ID_LABEL] = filter.sandboxId;
  const items = await settings.docker.listContainers({ all: true, filters: { label: labelFilter(labels) } });
  const { inspections } = settings;
  const infos = await Promise.all(
    items.map(async (item) => {
      // A listing lacks exit codes and times; an inspect only changes when the state does, so one per state is kept.
      const key = `${item.Id}:${item.State}`;
      const known = inspections.get(key);
      if (known !== undefined) return known;
      try {
        const info = toContainerInfo(await settings.docker.getContainer(item.Id).inspect());
        // A container still being created or started is inspected again next time.
        if (info.state === item.State || (info.state === 'exited' && item.State === 'exited')) {
          for (const stale of inspections.keys()) if (stale.startsWith(`${item.Id}:`)) inspections.delete(stale);
          inspections.set(key, info);
        }
        return info;
      } catch (error) {
        if (isDockerNotFound(error)) return undefined;
        throw error;
      }
    }),
  );
  if (filter.podUid === undefined && filter.sandboxId === undefined && filter.labels === undefined) {
    // A full listing shows which containers are gone: forget them.
    const present = new Set(items.map((item) => item.Id));
    for (const key of inspections.keys()) if (!present.has(key.slice(0, key.indexOf(':')))) inspections.delete(key);
  }
  return infos.filter((info): info is ContainerInfo => info !== undefined);
}
