import { describe, expect, it } from 'vitest';
import { alreadyExists } from '../../api/errors.ts';
import { RecordingClient } from '../recording-client.ts';
import { createBootstrapToken } from './create-bootstrap-token.ts';
import { isBootstrapToken, parseBootstrapToken } from './token-format.ts';
import { secretData } from './token-secret.ts';

const now = (): Date => new Date('2024-06-01T12:00:00.900Z');

describe('createBootstrapToken', () => {
  it('creates the token Secret in kube-system and returns the token', async () => {
    const client = new RecordingClient();
    const created = await createBootstrapToken(client, { ttlMs: 15 * 60_000, description: 'node n1', extraGroups: ['system:bootstrappers:pool-a'], now });
    expect(isBootstrapToken(created.token)).toBe(true);
    expect(created.expiresAt.toISOString()).toBe('2024-06-01T12:15:00.000Z');
    const [write] = client.creates;
    expect(write?.resource.plural).toBe('secrets');
    const secret = write?.object ?? { metadata: {} };
    expect(created.secretName).toBe(`bootstrap-token-${parseBootstrapToken(created.token)?.id ?? ''}`);
    expect(secret.metadata).toEqual({ name: created.secretName, namespace: 'kube-system' });
    expect(secretData(secret, 'token-secret')).toBe(parseBootstrapToken(created.token)?.secret);
    expect(secretData(secret, 'expiration')).toBe('2024-06-01T12:15:00Z');
    expect(secretData(secret, 'auth-extra-groups')).toBe('system:bootstrappers:pool-a');
  });

  it('takes another id when one is taken', async () => {
    const client = new RecordingClient();
    client.createErrors = [alreadyExists('secrets', '', 'bootstrap-token-x')];
    const created = await createBootstrapToken(client, { ttlMs: 60_000, description: 'retry', now });
    expect(client.creates).toHaveLength(1);
    expect(client.creates[0]?.object.metadata.name).toBe(created.secretName);
  });

  it('refuses a token that would never be valid', async () => {
    await expect(createBootstrapToken(new RecordingClient(), { ttlMs: 0, description: 'x' })).rejects.toThrow('positive ttlMs');
  });
});
