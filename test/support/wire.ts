import nock from 'nock';

/**
 * Wire tests of the cloud providers (nock): nock 15 intercepts through
 * @mswjs/interceptors 0.44, which calls Promise.withResolvers; Node 22 has it
 * and Node 20, the engine Kubernel supports, does not. Installed before the
 * first intercepted request.
 */
export function installPromiseWithResolvers(): void {
  if ('withResolvers' in Promise) return;
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T>() {
      let resolve: (value: T | PromiseLike<T>) => void = () => undefined;
      let reject: (reason?: unknown) => void = () => undefined;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

/** No request of a wire test may leave the machine: only 127.0.0.1 is let through. */
export function isolateNetwork(): void {
  installPromiseWithResolvers();
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
}

export function restoreNetwork(): void {
  nock.cleanAll();
  nock.enableNetConnect();
}
