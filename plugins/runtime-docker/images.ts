import type Docker from 'dockerode';
import { RuntimeError, type ImagePullPolicy, type ImageRef } from '../../core/index.ts';
import { dockerMessageOf, isDockerNotFound } from './docker-errors.ts';
import { imageIdOf, parseImageReference, withDefaultTag } from './image-reference.ts';

/** Makes `image` present as the pull policy says, with kubelet's messages. */
export async function ensureImage(docker: Docker, image: string, policy: ImagePullPolicy): Promise<ImageRef> {
  const parsed = parseImageReference(image);
  if ('error' in parsed) {
    throw new RuntimeError('RUNTIME_ERR_INVALID_IMAGE_NAME', `Failed to apply default image tag "${image}": couldn't parse image reference "${image}": ${parsed.error}`);
  }
  const reference = withDefaultTag(parsed);
  if (policy !== 'Always') {
    const present = await inspectImage(docker, reference);
    if (present !== undefined) return { image: reference, imageId: imageIdOf(present) };
    if (policy === 'Never') {
      throw new RuntimeError('RUNTIME_ERR_IMAGE_NEVER_PULL', `Container image "${image}" is not present with pull policy of Never`);
    }
  }
  await pull(docker, image, reference);
  const pulled = await inspectImage(docker, reference);
  if (pulled === undefined) throw new RuntimeError('RUNTIME_ERR_IMAGE_PULL', `Failed to pull image "${image}": the engine reported success but has no image ${reference}`);
  return { image: reference, imageId: imageIdOf(pulled) };
}

async function inspectImage(docker: Docker, reference: string): Promise<Docker.ImageInspectInfo | undefined> {
  try {
    return await docker.getImage(reference).inspect();
  } catch (error) {
    if (isDockerNotFound(error)) return undefined;
    throw error;
  }
}

/** Pulls and waits for the end of the progress stream, whose lines may carry the failure instead of the HTTP status. */
async function pull(docker: Docker, image: string, reference: string): Promise<void> {
  const failed = (detail: string, cause?: unknown): RuntimeError =>
    new RuntimeError('RUNTIME_ERR_IMAGE_PULL', `Failed to pull image "${image}": Error response from daemon: ${detail}`, { cause });
  let stream: NodeJS.ReadableStream;
  try {
    stream = await docker.pull(reference);
  } catch (error) {
    throw failed(dockerMessageOf(error), error);
  }
  const output = await new Promise<unknown[]>((resolve, reject) => {
    docker.modem.followProgress(stream, (error: Error | null, result: unknown[]) => (error === null ? resolve(result) : reject(failed(error.message, error))));
  });
  for (const event of output) {
    if (typeof event === 'object' && event !== null && 'error' in event && typeof event.error === 'string') throw failed(event.error);
  }
}
