/**
 * The API bench's paced clients, each a worker thread (its own event loop, so the server's work
 * does not delay its clock):
 * - `probe`: one probe at a time, `periodMs` apart: send an add-membership on one connection and,
 *   at the same moment, poll GET of that membership on another connection until it answers 200.
 *   Records the write's response time and when the independent reader first saw the row.
 * - `load`: an add-membership every `periodMs`, evenly paced and open-loop (a slow answer does not
 *   hold the next request back), each on a free keep-alive connection. Records response times.
 * Group n % G gets its next user on the n-th write; with G groups a group is written every
 * G × periodMs, so writes to one group's stream do not overlap unless one takes that long.
 */
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { spreadUser } from './api-bench-requests.js';

export interface ProbeInput {
  readonly kind: 'probe' | 'load';
  readonly port: number;
  readonly accountKey: string;
  readonly instance: string;
  readonly groups: readonly number[];
  readonly users: readonly number[];
  readonly seconds: number;
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
}

export interface ProbeOutput {
  /** Probes only. */
  readonly samples: readonly ProbeSample[];
  /** Every write's response time (milliseconds). */
  readonly responses: readonly number[];
  /** Writes by status. */
  readonly statuses: Readonly<Record<number, number>>;
  /** Writes answered with `X-Consistency: eventual`. */
  readonly eventual: number;
  readonly failures: readonly string[];
}

interface Answer {
  readonly status: number;
  readonly eventual: boolean;
}

const input = workerData as ProbeInput;

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

/** The n-th write's membership path and user, or null once every pair was used. */
function pair(n: number): { path: string; user: number } | null {
  const groups = input.groups.length;
  const users = input.users.length;
  if (Math.floor(n / groups) >= users) return null;
  const group = input.groups[n % groups]!;
  const user = input.users[spreadUser(n % groups, Math.floor(n / groups), groups, users)]!;
  return { path: `/v1.1/instances/${input.instance}/groups/${group}/users/`, user };
}

async function main(): Promise<ProbeOutput> {
  const writer = new Agent({ keepAlive: true, maxSockets: input.kind === 'probe' ? 1 : 64 });
  const reader = new Agent({ keepAlive: true, maxSockets: 1 });
  const samples: ProbeSample[] = [];
  const responses: number[] = [];
  const statuses: Record<number, number> = {};
  let eventual = 0;
  const failures: string[] = [];

  const write = async (path: string, user: number): Promise<number> => {
    const started = performance.now();
    const answer = await send(writer, 'POST', path, { user });
    const took = performance.now() - started;
    statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
    if (answer.eventual) eventual += 1;
    responses.push(took);
    return took;
  };
  const probe = async (path: string, user: number): Promise<void> => {
    const started = performance.now();
    const written = write(path, user);
    for (let polls = 1; ; polls++) {
      const visibleSent = performance.now() - started;
      const { status } = await send(reader, 'GET', `${path}${user}/`);
      const visible = performance.now() - started;
      if (status === 200) {
        samples.push({ response: await written, visible, visibleSent, polls });
        return;
      }
      if (status !== 404) throw new Error(`reader: GET answered ${status}`);
      if (visible > 10_000) throw new Error('reader: not visible after 10 s');
    }
  };

  const inFlight: Promise<void>[] = [];
  const startedAt = performance.now();
  for (let n = 0; performance.now() < startedAt + input.seconds * 1000; n++) {
    const next = pair(n);
    if (next === null) break;
    const due = startedAt + n * input.periodMs - performance.now();
    if (due > 0) await new Promise((resolve) => setTimeout(resolve, due));
    const recorded = (
      input.kind === 'probe' ? probe(next.path, next.user) : write(next.path, next.user)
    ).then(
      () => undefined,
      (error: unknown) => void failures.push(error instanceof Error ? error.message : String(error)),
    );
    // A probe waits for its own answer before the next; the load does not.
    if (input.kind === 'probe') await recorded;
    else inFlight.push(recorded);
  }
  await Promise.all(inFlight);
  writer.destroy();
  reader.destroy();
  return { samples, responses, statuses, eventual, failures };
}

parentPort!.postMessage(await main(), []);
