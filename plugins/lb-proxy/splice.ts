import type { Socket } from 'node:net';

/**
 * Joins a client's socket and its endpoint's, both ways. pipe() gives
 * backpressure (a slow reader pauses the other side) and passes each side's
 * FIN on as end(), so a half-closed connection (a client that shut down its
 * writing and waits for the answer) keeps working; both sockets must be
 * allowHalfOpen. A reset or error on either side destroys both: the other
 * peer must not wait for bytes that will never come.
 */
export function splice(client: Socket, upstream: Socket): void {
  client.pipe(upstream);
  upstream.pipe(client);
  const destroyBoth = (): void => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', destroyBoth);
  upstream.on('error', destroyBoth);
  // a clean close means both directions finished; only an abrupt one cuts the other side
  client.once('close', (hadError) => {
    if (hadError || !upstream.writableEnded) upstream.destroy();
  });
  upstream.once('close', (hadError) => {
    if (hadError || !client.writableEnded) client.destroy();
  });
}
