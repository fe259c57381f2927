/** Test support: the port a server listening on an ephemeral port got. */
import type { AddressInfo } from 'node:net';

export function listeningPort(server: { address(): AddressInfo | string | null }): number {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the server does not listen on a TCP port');
  return address.port;
}
