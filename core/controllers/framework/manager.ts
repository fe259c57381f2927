import type { Logger } from 'pino';
import type { ApiClient } from '../../client/api-client.ts';
import type { Controller } from './controller.ts';
import { EventRecorder } from './event-recorder.ts';
import { InformerFactory } from './informer-factory.ts';
import { LeaderElector, type LeaderElectionOptions } from './leader-election.ts';

/** What a controller's setup function gets: the client, shared informers, an event recorder and a logger. */
export interface ControllerContext {
  client: ApiClient;
  informers: InformerFactory;
  events(component: string): EventRecorder;
  logger: Logger;
}

/** Builds one controller, wiring its informers' handlers to its queue; runs before informers start. */
export type ControllerSetup = (context: ControllerContext) => Controller;

/**
 * Starts informers, waits until they have synced, then starts the
 * controllers; with leader election, only while this process holds the Lease.
 */
export class ControllerManager {
  readonly informers: InformerFactory;
  private readonly controllers: Controller[] = [];
  private elector: LeaderElector | undefined;
  private running = false;

  constructor(
    private readonly client: ApiClient,
    private readonly logger: Logger,
    private readonly leaderElection?: Omit<LeaderElectionOptions, 'namespace'> & { namespace?: string },
  ) {
    this.informers = new InformerFactory(client, logger);
  }

  add(setup: ControllerSetup): Controller {
    const context: ControllerContext = {
      client: this.client,
      informers: this.informers,
      events: (component) => new EventRecorder(this.client, component, this.logger),
      logger: this.logger,
    };
    const controller = setup(context);
    this.controllers.push(controller);
    return controller;
  }

  start(): void {
    if (this.leaderElection === undefined) {
      void this.run();
      return;
    }
    this.elector = new LeaderElector(this.client, { namespace: 'kube-system', ...this.leaderElection }, this.logger, {
      onStartedLeading: () => void this.run(),
      onStoppedLeading: () => void this.halt(),
    });
    this.elector.start();
  }

  async stop(): Promise<void> {
    await this.elector?.stop();
    await this.halt();
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.informers.start();
    await this.informers.waitForSync();
    if (!this.running) return;
    for (const controller of this.controllers) controller.start();
  }

  private async halt(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.informers.stop();
    await Promise.all(this.controllers.map((c) => c.stop()));
  }
}
