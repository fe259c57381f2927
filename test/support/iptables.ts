/**
 * Whether the tests that write real iptables rules can run (root or
 * CAP_NET_ADMIN, and the iptables tools). As with Docker: with CI=true a host
 * that cannot is an error, since CI must run them; elsewhere they are skipped
 * with a visible message.
 */
import { iptablesUnavailable } from '../../plugins/lb-iptables/iptables-command.ts';

let answer: Promise<boolean> | undefined;

async function probe(): Promise<boolean> {
  const reason = await iptablesUnavailable();
  if (reason === undefined) return true;
  if (process.env.CI === 'true') throw new Error(`CI=true but lb/iptables cannot run here (${reason}); run the tests as root with iptables installed`);
  console.warn(`[kubernel tests] SKIPPING lb/iptables tests: ${reason}`);
  return false;
}

export function iptablesAvailable(): Promise<boolean> {
  answer ??= probe();
  return answer;
}
