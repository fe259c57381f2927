import { z } from 'zod';

/**
 * `--runtime docker` options. The sandbox image holds each pod's network
 * namespace; Kubernetes uses the tiny `pause` image for it. Here no registry
 * is reachable, so the default is the local busybox test image running
 * `sleep`; a real deployment sets `sandboxImage` to a pause image it has.
 */
export const dockerRuntimeOptionsSchema = z
  .object({
    /** the engine's unix socket; defaults to DOCKER_HOST (unix://...) or /var/run/docker.sock */
    socketPath: z.string().min(1).optional(),
    sandboxImage: z.string().min(1).default('kubernel/busybox:latest'),
    /** what the sandbox runs; busybox needs a command, a pause image wants [] (its own entrypoint) */
    sandboxCommand: z.array(z.string().min(1)).default(['sleep', '2147483647']),
    /** where `hostPort`s are published when a port names no hostIP: a local node listens on loopback only */
    hostIP: z.string().min(1).default('127.0.0.1'),
  })
  .strict();

export type DockerRuntimeOptions = z.output<typeof dockerRuntimeOptionsSchema>;

export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

/** The socket to dial: the option, else DOCKER_HOST when it names a unix socket, else the default. */
export function resolveSocketPath(options: Pick<DockerRuntimeOptions, 'socketPath'>, env: NodeJS.ProcessEnv = process.env): string {
  if (options.socketPath !== undefined) return options.socketPath;
  const host = env.DOCKER_HOST;
  if (host?.startsWith('unix://') === true) return host.slice('unix://'.length);
  return DEFAULT_DOCKER_SOCKET;
}
