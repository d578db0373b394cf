/**
 * The API bench's latency probe, a worker thread (its own event loop, so the server's work does
 * not delay its clock). One probe at a time: send an add-membership on one connection and, at the
 * same moment, poll GET of that membership on another connection until it answers 200. Records
 * the write's response time and when the independent reader first saw the row.
 */
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { spreadUser } from './api-bench-requests.js';

export interface ProbeInput {
  readonly port: number;
  readonly accountKey: string;
  readonly instance: string;
  readonly groups: readonly number[];
  readonly users: readonly number[];
  readonly seconds: number;
  /** Probes start this far apart (one at a time: a slow one delays the next). */
  readonly periodMs: number;
}

export interface ProbeSample {
  /** Send → the write's response (milliseconds). */
  readonly response: number;
  /** Send → the reader's first 200 arrived. */
  readonly visible: number;
  /** Send → that GET was sent (the row was visible at some moment between the two). */
  readonly visibleSent: number;
  readonly polls: number;
  readonly status: number;
  readonly eventual: boolean;
}

export interface ProbeOutput {
  readonly samples: readonly ProbeSample[];
  readonly failures: readonly string[];
}

interface Answer {
  readonly status: number;
  readonly eventual: boolean;
}

const input = workerData as ProbeInput;
const writer = new Agent({ keepAlive: true, maxSockets: 1 });
const reader = new Agent({ keepAlive: true, maxSockets: 1 });

function send(agent: Agent, method: string, path: string, body?: unknown): Promise<Answer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const call = request(
      {
        agent,
        host: '127.0.0.1',
        port: input.port,
        method,
        path,
        headers: {
          'x-api-key': input.accountKey,
          ...(payload !== undefined && {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
          }),
        },
      },
      (response) => {
        response.resume();
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            eventual: response.headers['x-consistency'] === 'eventual',
          }),
        );
        response.on('error', reject);
      },
    );
    call.on('error', reject);
    call.end(payload);
  });
}

async function probe(group: number, user: number): Promise<ProbeSample> {
  const base = `/v1.1/instances/${input.instance}/groups/${group}/users/`;
  const started = performance.now();
  const write = send(writer, 'POST', base, { user }).then((answer) => ({
    ...answer,
    at: performance.now() - started,
  }));
  const read = (async () => {
    for (let polls = 1; ; polls++) {
      const sent = performance.now() - started;
      const { status } = await send(reader, 'GET', `${base}${user}/`);
      const at = performance.now() - started;
      if (status === 200) return { at, sent, polls };
      if (status !== 404) throw new Error(`reader: GET answered ${status}`);
      if (at > 10_000) throw new Error('reader: not visible after 10 s');
    }
  })();
  const [written, seen] = await Promise.all([write, read]);
  return {
    response: written.at,
    visible: seen.at,
    visibleSent: seen.sent,
    polls: seen.polls,
    status: written.status,
    eventual: written.eventual,
  };
}

async function main(): Promise<ProbeOutput> {
  const samples: ProbeSample[] = [];
  const failures: string[] = [];
  const startedAt = performance.now();
  const stopAt = startedAt + input.seconds * 1000;
  for (let n = 0; performance.now() < stopAt; n++) {
    const due = startedAt + n * input.periodMs - performance.now();
    if (due > 0) await new Promise((resolve) => setTimeout(resolve, due));
    const groups = input.groups.length;
    const users = input.users.length;
    if (Math.floor(n / groups) >= users) break;
    const group = input.groups[n % groups]!;
    const user = input.users[spreadUser(n % groups, Math.floor(n / groups), groups, users)]!;
    try {
      samples.push(await probe(group, user));
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
  }
  writer.destroy();
  reader.destroy();
  return { samples, failures };
}

parentPort!.postMessage(await main(), []);
