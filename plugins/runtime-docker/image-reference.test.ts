import { describe, expect, it } from 'vitest';
import { imageIdOf, parseImageReference, withDefaultTag } from './image-reference.ts';

describe('parseImageReference and withDefaultTag', () => {
  it.each([
    ['busybox', 'busybox:latest'],
    ['kubernel/busybox:1.35', 'kubernel/busybox:1.35'],
    ['registry.local:5000/team/app:v1.2-rc_3', 'registry.local:5000/team/app:v1.2-rc_3'],
    ['localhost/app', 'localhost/app:latest'],
    [`app@sha256:${'a'.repeat(64)}`, `app@sha256:${'a'.repeat(64)}`],
    [`app:v1@sha256:${'b'.repeat(64)}`, `app:v1@sha256:${'b'.repeat(64)}`],
    ['my__app/x.y-z', 'my__app/x.y-z:latest'],
  ])('accepts %s as %s', (reference, expected) => {
    const parsed = parseImageReference(reference);
    if ('error' in parsed) throw new Error(parsed.error);
    expect(withDefaultTag(parsed)).toBe(expected);
  });

  it.each([
    ['Busybox', 'invalid reference format: repository name must be lowercase'],
    ['Not A Valid::Image', 'invalid reference format'],
    ['busybox:', 'invalid reference format'],
    ['-busybox', 'invalid reference format'],
    ['busybox@sha256:short', 'invalid reference format'],
    ['', 'invalid reference format'],
    [`busybox:${'t'.repeat(129)}`, 'invalid reference format'],
  ])('refuses %j: %s', (reference, error) => {
    expect(parseImageReference(reference)).toEqual({ error });
  });

  it('refuses a name over 255 characters', () => {
    expect(parseImageReference(`a/${'b'.repeat(260)}`)).toEqual({ error: 'repository name must not be more than 255 characters' });
  });
});

describe('imageIdOf', () => {
  it.each([
    [{ Id: 'sha256:abc', RepoDigests: [] }, 'docker://sha256:abc'],
    [{ Id: 'sha256:abc' }, 'docker://sha256:abc'],
    [{ Id: 'sha256:abc', RepoDigests: ['busybox@sha256:def'] }, 'docker-pullable://busybox@sha256:def'],
  ])('shows %j as %s', (image, expected) => {
    expect(imageIdOf(image)).toBe(expected);
  });
});
