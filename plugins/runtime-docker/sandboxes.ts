import type Docker from 'dockerode';
import { RuntimeError, RuntimeLabels, type PodSandbox, type PodSandboxSpec, type PortMapping } from '../../core/index.ts';
import { dockerMessageOf, ignoringMissing, isDockerNotFound } from './docker-errors.ts';
import { ensureImage } from './images.ts';
import { labelFilter, SANDBOX_ID_LABEL, SANDBOX_TYPE, sandboxLabels, sandboxName } from './labels.ts';
import { hostNetworkIP, type DockerRuntimeSettings } from './settings.ts';

/**
 * A pod sandbox is a container that only holds the pod's namespaces: its
 * containers join its network (and IPC) namespace, and see its hostname and
 * resolv.conf, as dockershim did with the pause container.
 */
export async function runPodSandbox(settings: DockerRuntimeSettings, spec: PodSandboxSpec): Promise<PodSandbox> {
  const { docker } = settings;
  let image: string;
  try {
    image = (await ensureImage(docker, settings.sandboxImage, 'IfNotPresent')).image;
  } catch (error) {
    throw new RuntimeError('RUNTIME_ERR_CREATE', `Failed to create pod sandbox: sandbox image "${settings.sandboxImage}": ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  // A pod gets a new sandbox when its old one died; the attempt keeps the names apart.
  const earlier = await docker.listContainers({ all: true, filters: { label: labelFilter(nodeSandboxLabels(settings, { [RuntimeLabels.podUid]: spec.podUid })) } });
  let container: Docker.Container;
  try {
    container = await docker.createContainer(sandboxConfig(settings, spec, image, earlier.length));
  } catch (error) {
    throw new RuntimeError('RUNTIME_ERR_CREATE', `Failed to create pod sandbox: ${dockerMessageOf(error)}`, { cause: error });
  }
  try {
    await container.start();
  } catch (error) {
    await ignoringMissing(() => container.remove({ force: true }));
    throw new RuntimeError('RUNTIME_ERR_CREATE', `Failed to start pod sandbox: ${dockerMessageOf(error)}`, { cause: error });
  }
  return sandboxFromInspect(settings, await container.inspect());
}

function sandboxConfig(settings: DockerRuntimeSettings, spec: PodSandboxSpec, image: string, attempt: number): Docker.ContainerCreateOptions {
  const ports = spec.hostNetwork ? [] : spec.portMappings;
  const hostConfig: Docker.HostConfig = {
    NetworkMode: spec.hostNetwork ? 'host' : 'bridge',
    // containers join it with IpcMode container:<sandbox>
    IpcMode: 'shareable',
    PortBindings: portBindings(ports, settings.hostIP),
    RestartPolicy: { Name: 'no' },
  };
  // a hostNetwork pod has the node's hostname, as kubelet gives it
  if (spec.hostNetwork) hostConfig.UTSMode = 'host';
  if (spec.dns !== undefined && spec.dns.nameservers.length > 0) {
    hostConfig.Dns = spec.dns.nameservers;
    hostConfig.DnsSearch = spec.dns.searches;
    hostConfig.DnsOptions = spec.dns.options;
  }
  const config: Docker.ContainerCreateOptions = {
    name: sandboxName(spec, attempt),
    Image: image,
    Labels: sandboxLabels(spec, settings.nodeName),
    ExposedPorts: Object.fromEntries(ports.map((p) => [portKey(p), {}])),
    HostConfig: hostConfig,
  };
  if (!spec.hostNetwork) config.Hostname = spec.hostname;
  if (settings.sandboxCommand.length > 0) {
    config.Entrypoint = settings.sandboxCommand;
    config.Cmd = [];
  }
  return config;
}

function portKey(port: PortMapping): string {
  return `${port.containerPort}/${port.protocol.toLowerCase()}`;
}

/** `-p hostIP:hostPort:containerPort/proto` for every mapping that names a hostPort; '' publishes on the runtime's hostIP. */
export function portBindings(ports: PortMapping[], defaultHostIP: string): Record<string, { HostIp: string; HostPort: string }[]> {
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const port of ports) {
    if (port.hostPort <= 0) continue;
    const key = portKey(port);
    (bindings[key] ??= []).push({ HostIp: port.hostIP === '' ? defaultHostIP : port.hostIP, HostPort: String(port.hostPort) });
  }
  return bindings;
}

function nodeSandboxLabels(settings: DockerRuntimeSettings, extra: Record<string, string> = {}): Record<string, string> {
  return { [RuntimeLabels.node]: settings.nodeName, [RuntimeLabels.type]: SANDBOX_TYPE, ...extra };
}

interface SandboxFacts {
  id: string;
  labels: Record<string, string>;
  running: boolean;
  networkMode: string | undefined;
  networks: Record<string, { IPAddress: string }> | undefined;
  createdAt: Date;
}

/** A sandbox as the contract shows it, from an inspect or a listing alike. */
function sandboxOf(settings: DockerRuntimeSettings, facts: SandboxFacts): PodSandbox {
  const bridgeIP = Object.values(facts.networks ?? {}).find((n) => n.IPAddress !== '')?.IPAddress;
  return {
    id: facts.id,
    podUid: facts.labels[RuntimeLabels.podUid] ?? '',
    namespace: facts.labels[RuntimeLabels.podNamespace] ?? '',
    name: facts.labels[RuntimeLabels.podName] ?? '',
    state: facts.running ? 'ready' : 'notready',
    ip: !facts.running ? undefined : facts.networkMode === 'host' ? hostNetworkIP(settings.hostIP) : bridgeIP || undefined,
    createdAt: facts.createdAt,
    labels: facts.labels,
  };
}

function sandboxFromInspect(settings: DockerRuntimeSettings, inspect: Docker.ContainerInspectInfo): PodSandbox {
  return sandboxOf(settings, {
    id: inspect.Id,
    labels: inspect.Config.Labels ?? {},
    running: inspect.State.Running,
    networkMode: inspect.HostConfig.NetworkMode,
    networks: inspect.NetworkSettings.Networks,
    createdAt: new Date(inspect.Created),
  });
}

function sandboxFromListing(settings: DockerRuntimeSettings, item: Docker.ContainerInfo): PodSandbox {
  return sandboxOf(settings, {
    id: item.Id,
    labels: item.Labels ?? {},
    running: item.State === 'running',
    networkMode: item.HostConfig.NetworkMode,
    networks: item.NetworkSettings.Networks,
    createdAt: new Date(item.Created * 1000),
  });
}

/** This node's sandboxes, newest first (the engine lists that way). */
export async function listPodSandboxes(settings: DockerRuntimeSettings): Promise<PodSandbox[]> {
  const items = await settings.docker.listContainers({ all: true, filters: { label: labelFilter(nodeSandboxLabels(settings)) } });
  return items.map((item) => sandboxFromListing(settings, item));
}

/** Kills what still runs in the sandbox, then the sandbox (busybox `sleep` as PID 1 ignores SIGTERM, so no grace). */
export async function stopPodSandbox(settings: DockerRuntimeSettings, id: string): Promise<void> {
  const { docker } = settings;
  if (!(await isOwnSandbox(settings, id))) return;
  const running = await docker.listContainers({ filters: { label: [`${SANDBOX_ID_LABEL}=${id}`, `${RuntimeLabels.node}=${settings.nodeName}`] } });
  await Promise.all(running.map((c) => ignoringMissing(() => docker.getContainer(c.Id).kill({ signal: 'SIGKILL' }))));
  await ignoringMissing(() => docker.getContainer(id).kill({ signal: 'SIGKILL' }));
}

/** Removes the sandbox's containers and then the sandbox; what is gone already is no error. */
export async function removePodSandbox(settings: DockerRuntimeSettings, id: string): Promise<void> {
  const { docker } = settings;
  if (!(await isOwnSandbox(settings, id))) return;
  const members = await docker.listContainers({ all: true, filters: { label: [`${SANDBOX_ID_LABEL}=${id}`, `${RuntimeLabels.node}=${settings.nodeName}`] } });
  await Promise.all(members.map((c) => ignoringMissing(() => docker.getContainer(c.Id).remove({ force: true }))));
  await ignoringMissing(() => docker.getContainer(id).remove({ force: true }));
}

/** Whether `id` is a sandbox of this node; another node's (sharing the engine) is as good as missing here. */
async function isOwnSandbox(settings: DockerRuntimeSettings, id: string): Promise<boolean> {
  try {
    const labels = (await settings.docker.getContainer(id).inspect()).Config.Labels ?? {};
    return labels[RuntimeLabels.node] === settings.nodeName && labels[RuntimeLabels.type] === SANDBOX_TYPE;
  } catch (error) {
    if (isDockerNotFound(error)) return false;
    throw error;
  }
}
