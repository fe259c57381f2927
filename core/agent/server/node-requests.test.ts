import { describe, expect, it } from 'vitest';
import { isApiError } from '../../api/errors.ts';
import { execRequestFrom, logRequestFrom, parseContainerTarget } from './node-requests.ts';

describe('parseContainerTarget', () => {
  it.each([
    ['/containerLogs/default/web/app?follow=true', { endpoint: 'containerLogs', namespace: 'default', pod: 'web', container: 'app' }],
    ['/exec/kube-system/dns-1/coredns?command=ls', { endpoint: 'exec', namespace: 'kube-system', pod: 'dns-1', container: 'coredns' }],
    ['/exec/default/web', undefined],
    ['/attach/default/web/app', undefined],
    ['/containerLogs/default/web/app/extra', undefined],
    ['/containerLogs/default/%E0%A4%A/app', undefined],
  ])('reads %s', (url, expected) => {
    const target = parseContainerTarget(url);
    expect(target === undefined ? undefined : { endpoint: target.endpoint, namespace: target.namespace, pod: target.pod, container: target.container }).toEqual(expected);
  });
});

describe('logRequestFrom', () => {
  const now = new Date('2024-05-01T10:00:00Z');
  it.each([
    ['', { options: { follow: false, timestamps: false }, previous: false, limitBytes: undefined }],
    ['follow=true&timestamps=1&previous=True', { options: { follow: true, timestamps: true }, previous: true, limitBytes: undefined }],
    ['tailLines=10&limitBytes=500&sinceSeconds=30', { options: { follow: false, timestamps: false, tailLines: 10, sinceSeconds: 30 }, previous: false, limitBytes: 500 }],
    ['sinceTime=2024-05-01T09:59:00Z', { options: { follow: false, timestamps: false, sinceSeconds: 60 }, previous: false, limitBytes: undefined }],
  ])('reads ?%s', (query, expected) => {
    expect(logRequestFrom(new URLSearchParams(query), now)).toEqual(expected);
  });
});

describe('execRequestFrom', () => {
  it.each([
    ['kubelet names', 'command=ls&command=-l&input=1&output=1&error=1', { command: ['ls', '-l'], stdin: true, stdout: true, stderr: true, tty: false }],
    ['API names', 'command=ls&stdin=true&stdout=true&stderr=true', { command: ['ls'], stdin: true, stdout: true, stderr: true, tty: false }],
    ['a TTY, which has no stderr of its own', 'command=sh&input=1&output=1&error=1&tty=1', { command: ['sh'], stdin: true, stdout: true, stderr: false, tty: true }],
  ])('reads %s', (_what, query, expected) => {
    expect(execRequestFrom(new URLSearchParams(query))).toEqual(expected);
  });

  it.each([
    ['command=ls', 'you must specify at least 1 of stdin, stdout, stderr'],
    ['command=ls&error=1&tty=1', 'you must specify at least 1 of stdin, stdout, stderr'],
    ['output=1', 'you must specify at least one command for the container'],
  ])('refuses ?%s', (query, message) => {
    let caught: unknown;
    try {
      execRequestFrom(new URLSearchParams(query));
    } catch (error) {
      caught = error;
    }
    expect(isApiError(caught, 'BadRequest') && caught.message).toBe(message);
  });
});
