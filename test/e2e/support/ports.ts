export { freePort } from '../../bench/support/ports.ts';

/** GET http://127.0.0.1:PORT/PATH; the body, or throws (for `eventually`). */
export async function httpGetText(port: number, path: string): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(2_000) });
  if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status}`);
  return response.text();
}
