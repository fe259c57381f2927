import type Docker from 'dockerode';
import { RuntimeLabels, type ContainerInfo, type ContainerState } from '../../core/index.ts';
import { IMAGE_ID_LABEL, SANDBOX_ID_LABEL } from './labels.ts';

/** Docker writes `0001-01-01T00:00:00Z` for a time that has not come yet. */
export function dockerTime(value: string | undefined): Date | undefined {
  if (value === undefined || value === '' || value.startsWith('0001-01-01')) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function containerStateOf(status: string): ContainerState {
  switch (status) {
    case 'created':
      return 'created';
    case 'running':
    case 'paused':
    case 'restarting':
      return 'running';
    case 'exited':
    case 'dead':
      return 'exited';
    default:
      return 'unknown';
  }
}

/** kubelet's terminated reasons: OOMKilled wins, then Completed for 0, else Error. */
export function terminatedReason(exitCode: number, oomKilled: boolean): string {
  if (oomKilled) return 'OOMKilled';
  return exitCode === 0 ? 'Completed' : 'Error';
}

/** `docker://sha256:...` when the container's image was not recorded at creation. */
export function fallbackImageId(imageSha: string): string {
  return imageSha.startsWith('sha256:') ? `docker://${imageSha}` : imageSha;
}

function attemptOf(labels: Record<string, string>): number {
  const value = Number(labels[RuntimeLabels.attempt] ?? '0');
  return Number.isInteger(value) && value >= 0 ? value : 0;
}

/** The parts of `docker inspect` a ContainerInfo comes from. */
export type InspectedContainer = Pick<Docker.ContainerInspectInfo, 'Id' | 'Created' | 'Name' | 'Image' | 'State'> & {
  Config: Pick<Docker.ContainerInspectInfo['Config'], 'Image' | 'Labels'>;
};

export function toContainerInfo(inspect: InspectedContainer): ContainerInfo {
  const labels = inspect.Config.Labels ?? {};
  const state = containerStateOf(inspect.State.Status);
  const info: ContainerInfo = {
    id: inspect.Id,
    sandboxId: labels[SANDBOX_ID_LABEL] ?? '',
    podUid: labels[RuntimeLabels.podUid] ?? '',
    namespace: labels[RuntimeLabels.podNamespace] ?? '',
    podName: labels[RuntimeLabels.podName] ?? '',
    name: labels[RuntimeLabels.containerName] ?? inspect.Name.replace(/^\//, ''),
    attempt: attemptOf(labels),
    image: inspect.Config.Image,
    imageId: labels[IMAGE_ID_LABEL] ?? fallbackImageId(inspect.Image),
    state,
    createdAt: dockerTime(inspect.Created) ?? new Date(0),
    labels,
  };
  const startedAt = dockerTime(inspect.State.StartedAt);
  if (startedAt !== undefined) info.startedAt = startedAt;
  if (state === 'exited') {
    const finishedAt = dockerTime(inspect.State.FinishedAt);
    if (finishedAt !== undefined) {
      info.finishedAt = finishedAt;
      // the engine stamps StartedAt once start returns, which a process exiting at once can beat
      if (info.startedAt !== undefined && info.startedAt > finishedAt) info.startedAt = finishedAt;
    }
    info.exitCode = inspect.State.ExitCode;
    info.reason = terminatedReason(inspect.State.ExitCode, inspect.State.OOMKilled);
    if (inspect.State.Error !== '') info.message = inspect.State.Error;
  }
  return info;
}
