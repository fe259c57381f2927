import { PassThrough, type Readable } from 'node:stream';
import type { LogOptions } from '../../core/index.ts';
import { orNotFound } from './docker-errors.ts';
import { FrameParser, parseFrames } from './frames.ts';
import type { DockerRuntimeSettings } from './settings.ts';

/** `docker logs` options for LogOptions; `since` is whole seconds, as the engine takes it. */
export function dockerLogOptions(options: LogOptions, now: number = Date.now()): { stdout: true; stderr: true; timestamps: boolean; tail?: number; since?: number } {
  const query: { stdout: true; stderr: true; timestamps: boolean; tail?: number; since?: number } = { stdout: true, stderr: true, timestamps: options.timestamps };
  if (options.tailLines !== undefined) query.tail = Math.max(0, options.tailLines);
  if (options.sinceSeconds !== undefined) query.since = Math.floor(now / 1000 - options.sinceSeconds);
  return query;
}

/**
 * The container's stdout and stderr in one stream, as written. Following
 * ends when the container stops (the engine ends the stream) or the signal
 * aborts.
 */
export async function containerLogs(settings: DockerRuntimeSettings, id: string, options: LogOptions, signal?: AbortSignal): Promise<Readable> {
  const container = settings.docker.getContainer(id);
  const inspect = await orNotFound(`container ${id}`, () => container.inspect());
  const tty = inspect.Config.Tty;
  const query = dockerLogOptions(options);
  if (!options.follow) {
    const buffer = await orNotFound(`container ${id}`, () => container.logs({ ...query, follow: false }));
    const output = tty ? buffer : Buffer.concat(parseFrames(buffer).map((f) => f.payload));
    const stream = new PassThrough();
    stream.end(output);
    return stream;
  }
  const source = await orNotFound(`container ${id}`, () => container.logs({ ...query, follow: true, ...(signal === undefined ? {} : { abortSignal: signal }) }));
  const output = new PassThrough();
  const parser = new FrameParser();
  source.on('data', (chunk: Buffer) => {
    if (tty) output.write(chunk);
    else for (const frame of parser.push(chunk)) output.write(frame.payload);
  });
  const finish = (): void => {
    if (!output.writableEnded && !output.destroyed) output.end();
  };
  source.once('end', finish);
  source.once('close', finish);
  // an aborted request errors; for the reader it is just the end of the log
  source.on('error', finish);
  const stop = (): void => {
    if ('destroy' in source && typeof source.destroy === 'function') source.destroy();
    finish();
  };
  if (signal?.aborted === true) stop();
  signal?.addEventListener('abort', stop, { once: true });
  // the reader giving up closes the engine's stream too
  output.once('close', stop);
  return output;
}
