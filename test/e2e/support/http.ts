import { Agent, request } from 'undici';
import { afterAll, beforeAll } from 'vitest';
import { startCluster, type TestCluster } from './cluster.ts';

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

/** Raw HTTPS requests to a test cluster with its CA and admin token, for what kubectl cannot send (bad bodies, exact headers). */
export class ApiHttp {
  private readonly agent: Agent;

  constructor(private readonly cluster: TestCluster) {
    this.agent = new Agent({ connect: { ca: cluster.plane.caCertPem } });
  }

  async send(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body?: string | Buffer,
    headers: Record<string, string> = {},
    auth = true,
  ): Promise<HttpResult> {
    const response = await request(`${this.cluster.plane.url}${path}`, {
      method,
      dispatcher: this.agent,
      headers: {
        ...(auth ? { authorization: `Bearer ${this.cluster.plane.adminToken}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.body.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.statusCode, headers: response.headers, text, json };
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

/** A test cluster started before the file's tests and stopped after them, with raw HTTPS to it; read its members inside tests. */
export function clusterWithHttp(): { readonly cluster: TestCluster; readonly http: ApiHttp } {
  let cluster: TestCluster | undefined;
  let http: ApiHttp | undefined;
  beforeAll(async () => {
    cluster = await startCluster();
    http = new ApiHttp(cluster);
  });
  afterAll(async () => {
    await http?.close();
    await cluster?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the test cluster is not started (read it inside a test)');
    return value;
  };
  return {
    get cluster() {
      return started(cluster);
    },
    get http() {
      return started(http);
    },
  };
}
