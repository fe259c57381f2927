/**
 * Carrying out a plan: deleting claims (the NodeClaim lifecycle then cordons
 * and drains the node through pods/eviction and removes the machine) and
 * starting replacements. Every action is explained by an Event on the claim
 * (and its node) and a log line.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { isApiError } from '../../../api/errors.ts';
import type { NodeClaimObject } from '../../../api/kinds/nodepool/types.ts';
import type { KubeObject } from '../../../api/types/meta.ts';
import type { ApiClient } from '../../../client/api-client.ts';
import { Resources } from '../../../client/resources.ts';
import type { EventRecorder } from '../../framework/event-recorder.ts';
import type { ClaimView } from './cluster-view.ts';
import { DisruptionEventReasons, disruptingMessage, launchingMessage } from './events.ts';
import type { DeleteCommand, DisruptionCommand, ReplaceCommand } from './plan.ts';
import { DisruptionKeys } from './resources.ts';

export interface ActionDeps {
  client: ApiClient;
  events: EventRecorder;
  logger: Logger;
}

/** generateName's suffix: five lowercase letters and digits */
export function replacementName(pool: string): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  const bytes = randomBytes(5);
  return `${pool}-${[...bytes].map((b) => alphabet[b % alphabet.length]).join('')}`;
}

/** deletes the claim (only that very claim: uid precondition); false when it was gone already */
export async function deleteClaim(view: ClaimView, explanation: string, deps: ActionDeps): Promise<boolean> {
  try {
    await deps.client.delete(Resources.nodeClaims, undefined, view.name, { preconditions: { uid: view.claim.metadata.uid ?? '' } });
  } catch (error) {
    if (isApiError(error, 'NotFound') || isApiError(error, 'Conflict')) return false;
    throw error;
  }
  announceTermination(view, explanation, deps);
  return true;
}

export function announceTermination(view: ClaimView, explanation: string, deps: ActionDeps): void {
  deps.events.record(view.claim, 'Normal', DisruptionEventReasons.terminating, disruptingMessage('NodeClaim', explanation));
  if (view.node !== undefined) deps.events.record(view.node, 'Normal', DisruptionEventReasons.terminating, disruptingMessage('Node', explanation));
  deps.logger.info({ nodeclaim: view.name, node: view.nodeName, nodepool: view.poolName, pods: view.reschedulable.length }, disruptingMessage('NodeClaim', explanation));
}

/** sets or (null) removes the replaced-by annotation; with `resourceVersion`, only on the claim as it was seen */
export async function markReplacedBy(client: ApiClient, claim: NodeClaimObject, replacement: string | null, resourceVersion?: string): Promise<void> {
  const metadata: Record<string, unknown> = { annotations: { [DisruptionKeys.replacedBy]: replacement } };
  if (resourceVersion !== undefined) metadata['resourceVersion'] = resourceVersion;
  await client.patch(Resources.nodeClaims, undefined, claim.metadata.name ?? '', 'merge', { metadata });
}

/**
 * Starts a replacement: first the old claim records the new one's name (so a
 * restart finds the replacement under way), then the new claim is created.
 * The old one is deleted once the new one is Ready (see replacements.ts).
 */
async function startReplacement(command: ReplaceCommand, deps: ActionDeps): Promise<void> {
  const { view } = command.candidate;
  const name = replacementName(view.poolName);
  await markReplacedBy(deps.client, view.claim, name, view.claim.metadata.resourceVersion);
  let created: KubeObject;
  try {
    const metadata = { ...command.replacement.metadata, name };
    delete metadata.generateName;
    created = await deps.client.create(Resources.nodeClaims, { ...command.replacement, metadata });
  } catch (error) {
    // Nothing launches: the old claim goes back into service.
    await markReplacedBy(deps.client, view.claim, null).catch(() => undefined);
    throw error;
  }
  deps.events.record(view.claim, 'Normal', DisruptionEventReasons.launching, disruptingMessage('NodeClaim', command.explanation));
  deps.events.record(created, 'Normal', DisruptionEventReasons.launching, launchingMessage('Underutilized'));
  deps.logger.info(
    { nodeclaim: view.name, node: view.nodeName, nodepool: view.poolName, replacement: name, instanceTypes: command.types.map((t) => t.name) },
    disruptingMessage('NodeClaim', command.explanation),
  );
}

export async function executeCommand(command: DisruptionCommand, deps: ActionDeps): Promise<void> {
  if (command.kind === 'replace') {
    await startReplacement(command, deps);
    return;
  }
  await executeDelete(command, deps);
}

async function executeDelete(command: DeleteCommand, deps: ActionDeps): Promise<void> {
  await deleteClaim(command.candidate.view, command.explanation, deps);
}
