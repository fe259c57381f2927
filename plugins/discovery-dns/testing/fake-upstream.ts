import { createSocket, type Socket } from 'node:dgram';
import * as packet from 'dns-packet';
import type { Answer } from 'dns-packet';

/**
 * A DNS server on 127.0.0.1 standing in for the host's resolver: answers the
 * names it was given, NXDOMAIN for others, nothing at all for `silent` ones,
 * and remembers every question it got.
 */
export class FakeUpstream {
  readonly questions: string[] = [];

  private constructor(
    private readonly socket: Socket,
    private readonly answers: ReadonlyMap<string, Answer[]>,
    private readonly silent: ReadonlySet<string>,
  ) {
    socket.on('message', (message, client) => this.reply(message, client.port, client.address));
  }

  static start(answers: Record<string, Answer[]>, silent: readonly string[] = []): Promise<FakeUpstream> {
    const socket = createSocket('udp4');
    return new Promise((resolve) =>
      socket.bind(0, '127.0.0.1', () => resolve(new FakeUpstream(socket, new Map(Object.entries(answers)), new Set(silent)))),
    );
  }

  get address(): string {
    return `127.0.0.1:${this.socket.address().port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }

  private reply(message: Buffer, port: number, address: string): void {
    const query = packet.decode(message);
    const question = query.questions?.[0];
    if (question === undefined) return;
    this.questions.push(`${question.name} ${question.type}`);
    if (this.silent.has(question.name)) return;
    const answers = (this.answers.get(question.name) ?? []).filter((a) => a.type === question.type || a.type === 'CNAME');
    const known = this.answers.has(question.name);
    const response = packet.encode({
      type: 'response',
      id: query.id ?? 0,
      flags: packet.RECURSION_DESIRED | packet.RECURSION_AVAILABLE | (known ? 0 : 3),
      questions: query.questions ?? [],
      answers,
    });
    this.socket.send(response, port, address);
  }
}
