import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort, isListening } from './ports.ts';

describe('ports', () => {
  it('finds a port nothing listens on, and sees a listener once one binds it', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    expect(await isListening('127.0.0.1', port)).toBe(false);
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      expect(await isListening('127.0.0.1', port)).toBe(true);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
