import { createSecureContext, type SecureContext } from 'node:tls';

const secureContexts = new Map<string, SecureContext>();

/**
 * One TLS context per cluster CA, shared by every connection: building it
 * parses the CA each time, which for 1,000 watch connections costs seconds.
 */
export function trustingClusterCa(caPem: string): { secureContext: SecureContext } {
  let context = secureContexts.get(caPem);
  if (context === undefined) {
    context = createSecureContext({ ca: caPem });
    secureContexts.set(caPem, context);
  }
  return { secureContext: context };
}
