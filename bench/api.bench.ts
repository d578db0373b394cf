/**
 * The API against its own ceilings, each measured in the same run on the same storage:
 *   1. add-membership over HTTP at 64 clients vs single-event appends through the EventStore port
 *      by 64 appenders (the same number of appends, the same stream shape); beside it, the API's
 *      cheapest authenticated request (GET instance) against the same appends: the ratio's ceiling;
 *   2. user creation over HTTP at 64 clients vs the bare argon2id hashing rate (the API's own
 *      hasher class, the production parameters, 64 callers);
 *   3. command → read-model-visible latency at moderate load (evenly paced adds): the write's
 *      response and an independent reader polling on another connection, vs an append + projector
 *      wait straight on the store at the same pace under the same load; at least 200 samples each.
 * `npm run bench:api`; the API runs in this process on a fresh PGlite data dir, or on PostgreSQL
 * with BENCH_STORE=postgres (DATABASE_URL, a schema of its own that is dropped after). The load
 * generators (autocannon, the paced clients) run in worker threads, off the server's event loop.
 * Knobs: BENCH_SECONDS (3) per measured phase, BENCH_ROUNDS (3), BENCH_GROUPS (256 per round),
 * BENCH_LOAD (0.25: the latency phase's load as a share of the measured add-membership rate);
 * BENCH_SQL_TRACE=1 also prints the SQL statements per request of each phase's last round.
 */
/* oxlint-disable no-console -- a benchmark reports on the console */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CommandBus } from '@nestjs/cqrs';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import autocannon, { type Result } from 'autocannon';
import pg from 'pg';
import type { EventMetadata, EventStore } from '#event-store';
import { loadConfig } from '#platform';
import type { ProjectionProgress } from '#read-models';
import { createApp } from '../apps/api/src/create-app.js';
import { EVENT_STORE } from '../apps/api/src/infrastructure/event-store.token.js';
import { PROJECTION_PROGRESS } from '../apps/api/src/infrastructure/projection-progress.token.js';
import { Argon2PasswordHasher } from '../apps/api/src/passwords/argon2-password-hasher.js';
import type { Runtime } from '../apps/api/src/infrastructure/runtime.js';
import { RUNTIME } from '../apps/api/src/infrastructure/runtime.token.js';
import type { ProbeInput, ProbeOutput } from './api-bench-probe.js';
import { requestsPerConnection, type MembershipPlan, type Plan } from './api-bench-requests.js';
import { tracePglite, tracePostgres, type SqlTrace } from './sql-trace.js';

const seconds = Number(process.env['BENCH_SECONDS'] ?? 3);
const roundCount = Number(process.env['BENCH_ROUNDS'] ?? 3);
const groupsPerRound = Number(process.env['BENCH_GROUPS'] ?? 256);
const loadShare = Number(process.env['BENCH_LOAD'] ?? 0.25);
const storeKind = process.env['BENCH_STORE'] === 'postgres' ? 'postgres' : 'pglite';
const databaseUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const traceSql = process.env['BENCH_SQL_TRACE'] === '1';

const CLIENTS = 64;
const INSTANCE = 'bench';
const PASSWORD = 'bench-password-1';
/** The production parameters (DESIGN.md): the API and the baseline hasher both use them. */
const ARGON2 = { memoryKib: 19456, passes: 2 };
const PROBE_GROUPS = 16;
/** Samples per latency measure (at most 10 probes a second): enough that p99 is not just the slowest. */
const LATENCY_SAMPLES = 200;
const requestsModule = fileURLToPath(new URL('./api-bench-requests.js', import.meta.url));
const probeModule = new URL('./api-bench-probe.js', import.meta.url);

if (groupsPerRound % CLIENTS !== 0) throw new Error(`BENCH_GROUPS must be a multiple of ${CLIENTS}`);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const median = (values: readonly number[]) =>
  values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)]!;
const percentile = (values: readonly number[], p: number) => {
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const rate = (perSecond: number) => `${Math.round(perSecond).toLocaleString('en-US')}/s`;
const ms = (value: number) => `${value.toFixed(1)} ms`;
const load = () =>
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} on ${availableParallelism()} CPUs`;

/**
 * How busy the server's event loop (where the API, the projector and PGlite all run) was from
 * now until the returned function is called, and how late its timers fired (stalls).
 */
interface LoopWatch {
  readonly busy: number;
  readonly delayP99: number;
  readonly delayMax: number;
  /** Garbage-collection pauses of this thread: their sum and the longest (milliseconds). */
  readonly gcMs: number;
  readonly gcMaxMs: number;
}

function watchLoop(): () => LoopWatch {
  const start = performance.eventLoopUtilization();
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  let gcMs = 0;
  let gcMaxMs = 0;
  const gc = new PerformanceObserver((entries) => {
    for (const entry of entries.getEntries()) {
      gcMs += entry.duration;
      gcMaxMs = Math.max(gcMaxMs, entry.duration);
    }
  });
  gc.observe({ entryTypes: ['gc'] });
  return () => {
    delay.disable();
    gc.disconnect();
    return {
      busy: performance.eventLoopUtilization(start).utilization,
      delayP99: delay.percentile(99) / 1e6,
      delayMax: delay.max / 1e6,
      gcMs,
      gcMaxMs,
    };
  };
}
const busy = (loop: { busy: number }) => `loop ${(loop.busy * 100).toFixed(0)}% busy`;

/** The running API and what the bench watches in it. */
interface Server {
  readonly app: NestFastifyApplication;
  readonly url: string;
  readonly accountKey: string;
  readonly store: EventStore;
  readonly progress: ProjectionProgress;
  /** Responses by status since the last `take()`, and how many said `X-Consistency: eventual`. */
  readonly responses: { byStatus: Map<number, number>; eventual: number };
  /** With BENCH_SQL_TRACE=1. */
  readonly sql: SqlTrace | null;
  /** Waits until no command runs and the projector has passed everything appended so far. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

async function startServer(): Promise<Server> {
  const accountKey = `bench-account-${randomBytes(16).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'roster-bench-'));
  const schema = `bench_api_${randomBytes(4).toString('hex')}`;
  const env: Record<string, string> = {
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '0',
    ARGON2_MEMORY_KIB: String(ARGON2.memoryKib),
    ARGON2_PASSES: String(ARGON2.passes),
    ROSTER_ACCOUNT_KEY: accountKey,
    DATA_DIR: dataDir,
    ...(storeKind === 'postgres' && {
      EVENT_STORE: 'postgres',
      DATABASE_URL: databaseUrl,
      DATABASE_SCHEMA: schema,
      ROSTER_SECRET: randomBytes(32).toString('hex'),
    }),
  };
  const app = await createApp(loadConfig(env));
  const responses = { byStatus: new Map<number, number>(), eventual: 0 };
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', async (_request, reply, payload) => {
      responses.byStatus.set(reply.statusCode, (responses.byStatus.get(reply.statusCode) ?? 0) + 1);
      if (reply.getHeader('x-consistency') === 'eventual') responses.eventual += 1;
      return payload;
    });
  // Commands still running after autocannon dropped their connections (a hash queued behind
  // others) must not spill into the next measurement: count them.
  const commands = app.get(CommandBus);
  const execute = commands.execute.bind(commands);
  let running = 0;
  commands.execute = (async (command: Parameters<typeof execute>[0]) => {
    running += 1;
    try {
      return await execute(command);
    } finally {
      running -= 1;
    }
  }) as typeof commands.execute;
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as AddressInfo;
  const store = app.get<EventStore>(EVENT_STORE);
  const progress = app.get<ProjectionProgress>(PROJECTION_PROGRESS);
  const { database } = app.get<Runtime>(RUNTIME).storage;
  const sql = !traceSql ? null : database.kind === 'pglite' ? tracePglite(database.pglite) : tracePostgres();
  return {
    app,
    sql,
    url: `http://127.0.0.1:${port}`,
    accountKey,
    store,
    progress,
    responses,
    async drain() {
      const commandsRunning = () => running > 0;
      while (commandsRunning()) await sleep(10);
      const { position } = await store.append('bench-barrier', [benchEvent('BenchBarrier', {})], 'any');
      if (!(await progress.waitFor(position, 30_000))) throw new Error('the projector did not catch up');
      await sleep(50);
    },
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (storeKind === 'postgres') {
        const client = new pg.Client({ connectionString: databaseUrl });
        await client.connect();
        try {
          await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        } finally {
          await client.end();
        }
      }
    },
  };
}

const metadata = (): EventMetadata => ({
  actor: { kind: 'account', id: 'account' },
  requestId: randomUUID(),
  correlationId: randomUUID(),
  causationId: null,
  occurredAt: new Date().toISOString().replace('Z', '000Z'),
  schemaVersion: 1,
});
const benchEvent = (type: string, data: Record<string, unknown>) => ({
  id: randomUUID(),
  type,
  data,
  metadata: metadata(),
});

/** A small HTTP client for the setup (not measured). */
async function call(server: Server, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      'x-api-key': server.accountKey,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return text === '' ? null : JSON.parse(text);
}

async function createGroups(server: Server, count: number, prefix: string): Promise<number[]> {
  const ids: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < count) {
        const n = next++;
        const group = (await call(server, 'POST', `/v1.1/instances/${INSTANCE}/groups/`, {
          label: `${prefix} ${n}`,
        })) as { id: number };
        ids[n] = group.id;
      }
    }),
  );
  return ids;
}

async function userIds(server: Server): Promise<number[]> {
  const ids: number[] = [];
  let path: string | null = `/v1.1/instances/${INSTANCE}/users/?page_size=1000`;
  while (path !== null) {
    const page = (await call(server, 'GET', path)) as { objects: { id: number }[]; next: string | null };
    ids.push(...page.objects.map((user) => user.id));
    path = page.next;
  }
  return ids;
}

function cannon(
  server: Server,
  plan: Plan,
  options: { connections: number; duration: number; maxConnectionRequests?: number },
): Promise<Result> {
  return Promise.resolve(
    autocannon({
      url: server.url,
      workers: 1,
      timeout: 30,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': server.accountKey },
      requests: [{ setupRequest: requestsModule, plan, state: { sent: 0 } }],
      ...options,
    }),
  );
}

/**
 * The API's cheapest authenticated request at 64 clients: GET of the instance (the key's lookup
 * answered from its cache, one primary-key read, no write). No write can be answered faster, so
 * its rate over the raw append rate bounds what the add-membership ratio can reach.
 */
async function floorRate(server: Server): Promise<number> {
  const result = await autocannon({
    url: `${server.url}/v1.1/instances/${INSTANCE}/`,
    workers: 1,
    timeout: 30,
    connections: CLIENTS,
    duration: seconds,
    headers: { 'x-api-key': server.accountKey },
  });
  return httpRate(result, 'floor');
}

/** 2xx responses per second of an autocannon run; anything else is reported, not hidden. */
function httpRate(result: Result, label: string): number {
  const other = Object.entries(result.statusCodeStats).filter(([status]) => !status.startsWith('2'));
  if (other.length > 0 || result.errors > 0) {
    console.log(
      `  ${label}: ${other.map(([s, { count }]) => `${count}×${s}`).join(' ')} ${result.errors} errors ${result.timeouts} timeouts`,
    );
  }
  return result['2xx'] / result.duration;
}

/** `total` single-event appends by `CLIENTS` appenders, each owning `streams / CLIENTS` streams. */
async function appendRate(store: EventStore, total: number, streams: number, tag: string): Promise<number> {
  const revisions = Array.from({ length: streams }, () => -1);
  const owned = streams / CLIENTS;
  let issued = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, appender) => {
      for (let n = 0; issued < total; n++) {
        issued += 1;
        const s = appender + CLIENTS * (n % owned);
        const revision = revisions[s]!;
        await store.append(
          `benchappend-${tag}-${s}`,
          [benchEvent('MembershipAdded', { groupId: s, userId: Math.floor(n / owned) + 1 })],
          revision < 0 ? 'no_stream' : BigInt(revision),
        );
        revisions[s] = revision + 1;
      }
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

/**
 * CPU time from now until the returned function is called, in milliseconds: the whole process
 * (every thread: argon2id's, autocannon's) and this thread (the server's) alone.
 */
function watchCpu(): () => { processMs: number; threadMs: number } {
  const processStart = process.cpuUsage();
  const threadStart = process.threadCpuUsage();
  return () => {
    const all = process.cpuUsage(processStart);
    const own = process.threadCpuUsage(threadStart);
    return { processMs: (all.user + all.system) / 1000, threadMs: (own.user + own.system) / 1000 };
  };
}

/**
 * Hashes per second by `CLIENTS` callers sharing one hasher, as the API's requests share its own,
 * and the CPU each hash took. With every core busy, hashes per second are cores / CPU per hash, and
 * users per second cores / CPU per user: the ratio of the two rates is that of the two CPU costs.
 */
async function hashRate(): Promise<{ rate: number; cpuMs: number }> {
  const hasher = new Argon2PasswordHasher(ARGON2);
  const countFrom = performance.now() + 300;
  const stopAt = countFrom + seconds * 1000;
  let count = 0;
  let hashes = 0;
  const cpu = watchCpu();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < stopAt) {
        await hasher.hash(PASSWORD);
        hashes += 1;
        const now = performance.now();
        if (now >= countFrom && now < stopAt) count += 1;
      }
    }),
  );
  return { rate: count / seconds, cpuMs: cpu().processMs / hashes };
}

/** Appends + projector waits straight on the store, one at a time at the probe's pace. */
async function storeVisibility(server: Server, duration: number, periodMs: number) {
  const response: number[] = [];
  const visible: number[] = [];
  const startedAt = performance.now();
  for (let n = 0; performance.now() < startedAt + duration * 1000; n++) {
    await sleep(startedAt + n * periodMs - performance.now());
    const started = performance.now();
    const { position } = await server.store.append(
      `benchlatency-${n}`,
      [benchEvent('MembershipAdded', { groupId: n, userId: 1 })],
      'no_stream',
    );
    response.push(performance.now() - started);
    if (!(await server.progress.waitFor(position, 10_000))) throw new Error('projector stalled');
    visible.push(performance.now() - started);
  }
  return { response, visible };
}

function runProbe(input: ProbeInput): Promise<ProbeOutput> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(probeModule, { workerData: input });
    worker.once('message', (output: ProbeOutput) => resolve(output));
    worker.once('error', reject);
  });
}

/** With BENCH_SQL_TRACE=1: from here to the returned function, what the API's requests ran. */
function traceFrom(server: Server, round: number): (label: string) => void {
  if (server.sql === null || round !== roundCount - 1) return () => undefined;
  server.sql.reset();
  server.responses.byStatus.clear();
  return (label) => {
    const requests = [...server.responses.byStatus.values()].reduce((a, b) => a + b, 0);
    console.log(`  SQL of ${label} (last round, ${requests} responses; the drain's barrier included):`);
    for (const line of server.sql!.report(requests)) console.log(line);
  };
}

interface Row {
  readonly measure: string;
  readonly baseline: string;
  readonly api: string;
  readonly ratio: number;
  readonly aim: string;
}

function printTable(rows: readonly Row[]): void {
  const header = { measure: 'measure', baseline: 'baseline', api: 'API', ratio: 'ratio', aim: 'aim' };
  const width = (key: keyof typeof header) =>
    Math.max(header[key].length, ...rows.map((row) => String(row[key]).length));
  const columns = (['measure', 'baseline', 'api'] as const).map((key) => [key, width(key)] as const);
  const line = (cells: Record<string, string>) =>
    [...columns.map(([key, w]) => cells[key]!.padEnd(w)), cells['ratio']!.padStart(6), cells['aim']!].join(
      '  ',
    );
  console.log(line(header));
  console.log('-'.repeat(line(header).length + 6));
  for (const row of rows) console.log(line({ ...row, ratio: row.ratio.toFixed(2) }));
}

/** 2. User creation vs the hashing ceiling, rounds alternating the two. */
async function userCreation(server: Server): Promise<Row> {
  const rounds: { hash: number; http: number }[] = [];
  for (let round = 0; round < roundCount; round++) {
    const { rate: hash, cpuMs: hashCpuMs } = await hashRate();
    const plan: Plan = { kind: 'user', instance: INSTANCE, tag: `r${round}`, password: PASSWORD };
    const traced = traceFrom(server, round);
    const loop = watchLoop();
    const cpu = watchCpu();
    const result = await cannon(server, plan, { connections: CLIENTS, duration: seconds });
    const used = cpu();
    const during = loop();
    const http = httpRate(result, 'users');
    await server.drain();
    traced('POST users/');
    rounds.push({ hash, http });
    const perUser = (value: number) => ms(value / Math.max(1, result['2xx'] + result.non2xx));
    console.log(
      `  users round ${round + 1}: argon2id ${rate(hash)}; POST users/ ${rate(http)} (${busy(during)}); ` +
        `CPU per hash ${ms(hashCpuMs)}, per user ${perUser(used.processMs)} (server thread ${perUser(used.threadMs)})`,
    );
  }
  return {
    measure: `create user, ${CLIENTS} clients (argon2id m=${ARGON2.memoryKib} t=${ARGON2.passes})`,
    baseline: `hash ${rate(median(rounds.map((r) => r.hash)))}`,
    api: rate(median(rounds.map((r) => r.http))),
    ratio: median(rounds.map((r) => r.http / r.hash)),
    aim: '>= 0.90',
  };
}

interface Shape {
  readonly users: readonly number[];
  /** Fresh groups per round: every round folds streams of the same length. */
  readonly rounds: readonly (readonly number[])[];
  readonly warm: readonly number[];
  readonly load: readonly number[];
  readonly probe: readonly number[];
}

const membershipPlan = (shape: Shape, groups: readonly number[], connections: number): MembershipPlan => ({
  kind: 'membership',
  instance: INSTANCE,
  connections,
  groups,
  users: shape.users,
});

/** 1. Add-membership vs as many raw appends, rounds alternating the two. */
async function addMembership(server: Server, shape: Shape) {
  const warm = membershipPlan(shape, shape.warm, CLIENTS);
  await cannon(server, warm, {
    connections: CLIENTS,
    duration: 1,
    maxConnectionRequests: requestsPerConnection(warm),
  });
  await server.drain();
  const rounds: { raw: number; http: number; floor: number; p99: number }[] = [];
  for (let round = 0; round < roundCount; round++) {
    const plan = membershipPlan(shape, shape.rounds[round]!, CLIENTS);
    const traced = traceFrom(server, round);
    const loop = watchLoop();
    const httpCpu = watchCpu();
    const result = await cannon(server, plan, {
      connections: CLIENTS,
      duration: seconds,
      maxConnectionRequests: requestsPerConnection(plan),
    });
    const httpUsed = httpCpu();
    const httpLoop = loop();
    const http = httpRate(result, 'memberships');
    await server.drain();
    traced('POST groups/{id}/users/');
    const rawWatch = watchLoop();
    const rawCpu = watchCpu();
    const raw = await appendRate(server.store, result['2xx'], groupsPerRound, `r${round}`);
    const rawUsed = rawCpu();
    const rawLoop = rawWatch();
    await server.drain();
    const floor = await floorRate(server);
    rounds.push({ raw, http, floor, p99: result.latency.p99 });
    console.log(
      `  memberships round ${round + 1}: ${result['2xx']} adds, ≤ ${Math.ceil(result['2xx'] / groupsPerRound)} per group; ` +
        `HTTP ${rate(http)} (p50 ${ms(result.latency.p50)}, p99 ${ms(result.latency.p99)}, ${busy(httpLoop)}); ` +
        `raw append ${rate(raw)} (${busy(rawLoop)}); GET instance ${rate(floor)}; server thread CPU ` +
        `per add ${ms(httpUsed.threadMs / result['2xx'])}, per raw append ${ms(rawUsed.threadMs / result['2xx'])}`,
    );
  }
  const peak = median(rounds.map((r) => r.http));
  const row: Row = {
    measure: `add membership, ${CLIENTS} clients, ${groupsPerRound} groups`,
    baseline: `append ${rate(median(rounds.map((r) => r.raw)))}`,
    api: rate(peak),
    ratio: median(rounds.map((r) => r.http / r.raw)),
    aim: '>= 0.70',
  };
  const floor: Row = {
    measure: `ceiling: GET instance (no write), ${CLIENTS} clients`,
    baseline: row.baseline,
    api: rate(median(rounds.map((r) => r.floor))),
    ratio: median(rounds.map((r) => r.floor / r.raw)),
    aim: 'no write answers faster',
  };
  return { rows: [row, floor], peak, p99: median(rounds.map((r) => r.p99)) };
}

/**
 * 3. Command → read-model-visible latency at moderate load (`loadShare` of the measured peak, made
 * of background adds and the probe's own writes), then the store's own append → projected
 * latency at the same pace under the same background.
 */
async function visibility(server: Server, shape: Shape, peak: number, peakP99: number): Promise<Row[]> {
  const target = peak * loadShare;
  const probeRate = Math.max(1, Math.min(10, target / 2));
  const loadRate = Math.max(1, target - probeRate);
  const probeSeconds = Math.max(seconds + 1, LATENCY_SAMPLES / probeRate);
  const storeSeconds = Math.max(seconds, LATENCY_SAMPLES / probeRate);
  // The background runs through the probes and the store's own measure, after half a second alone.
  const loadSeconds = 0.5 + probeSeconds + storeSeconds;
  const client = (kind: ProbeInput['kind'], groups: readonly number[], duration: number, perSecond: number) =>
    runProbe({
      kind,
      port: Number(new URL(server.url).port),
      accountKey: server.accountKey,
      instance: INSTANCE,
      groups,
      users: shape.users,
      seconds: duration,
      periodMs: 1000 / perSecond,
    });
  const background = client('load', shape.load, loadSeconds, loadRate);
  await sleep(500);
  const probeWatch = watchLoop();
  const probeCpu = watchCpu();
  const answered = (status: number) => server.responses.byStatus.get(status) ?? 0;
  const [writesBefore, readsBefore] = [answered(201), answered(200)];
  const probe = await client('probe', shape.probe, probeSeconds, probeRate);
  const probeLoop = probeWatch();
  const probeUsed = probeCpu();
  const [writes, reads] = [answered(201) - writesBefore, answered(200) - readsBefore];
  const direct = await storeVisibility(server, storeSeconds, 1000 / probeRate);
  const paced = await background;
  await server.drain();

  for (const [name, output] of [
    ['probe', probe],
    ['load', paced],
  ] as const) {
    const other = Object.entries(output.statuses).filter(([status]) => status !== '201');
    if (other.length > 0 || output.eventual > 0 || output.failures.length > 0) {
      console.log(
        `  ${name}: ${other.map(([status, count]) => `${count}×${status}`).join(' ')} ` +
          `${output.eventual} eventual; ${output.failures.join('; ')}`,
      );
    }
  }
  const samples = probe.samples;
  const p = (values: readonly number[]) => ({ p50: percentile(values, 50), p99: percentile(values, 99) });
  const store = p(direct.visible);
  const response = p(samples.map((s) => s.response));
  const seen = p(samples.map((s) => s.visible));
  const pacedLatency = p(paced.responses);
  console.log(
    `  latency: ${samples.length} probes (the reader saw the row before the write's response ` +
      `${samples.filter((s) => s.visible < s.response).length}×, after ${median(samples.map((s) => s.polls))} ` +
      `GET(s) median, the answering one sent ${ms(median(samples.map((s) => s.visibleSent)))} after the write); ` +
      `load: ${rate(paced.responses.length / loadSeconds)} background adds, evenly paced, + ` +
      `${rate(probeRate)} probes = ${(loadShare * 100).toFixed(0)}% of the measured peak`,
  );
  console.log(
    `  server loop during the probes: ${busy(probeLoop)}, timers late by p99 ${ms(probeLoop.delayP99)}, ` +
      `max ${ms(probeLoop.delayMax)} (a stall delays every request in flight); GC ${ms(probeLoop.gcMs)} ` +
      `in all, longest pause ${ms(probeLoop.gcMaxMs)}; server thread CPU ${ms(probeUsed.threadMs / writes)} ` +
      `per write (${writes} writes, ${reads} reads; the projector's work included)`,
  );
  console.log(
    `  store alone (${direct.visible.length} appends + projector waits): append p50 ${ms(p(direct.response).p50)} ` +
      `p99 ${ms(p(direct.response).p99)}; projected p50 ${ms(store.p50)} p99 ${ms(store.p99)}`,
  );
  const row = (measure: string, values: { p50: number; p99: number }, which: 'p50' | 'p99'): Row => ({
    measure: `${measure} ${which}`,
    baseline: `store ${ms(store[which])}`,
    api: ms(values[which]),
    ratio: store[which] / values[which],
    aim: which === 'p99' ? `<= 20 ms: ${values.p99 <= 20 ? 'met' : 'MISSED'}` : '',
  });
  return [
    row(`write → its response (= visible), n=${samples.length}`, response, 'p50'),
    row(`write → its response (= visible), n=${samples.length}`, response, 'p99'),
    row(`write → other reader sees it, n=${samples.length}`, seen, 'p50'),
    row(`write → other reader sees it, n=${samples.length}`, seen, 'p99'),
    row(`background writes → response, n=${paced.responses.length}`, pacedLatency, 'p50'),
    {
      ...row(`background writes → response, n=${paced.responses.length}`, pacedLatency, 'p99'),
      aim: `<= 20 ms: ${pacedLatency.p99 <= 20 ? 'met' : 'MISSED'} (64 clients: ${ms(peakP99)})`,
    },
  ];
}

async function main(): Promise<void> {
  const began = performance.now();
  console.log(`API bench on ${storeKind}, ${roundCount} rounds of ${seconds} s, ${CLIENTS} clients`);
  console.log(`start: ${load()}`);
  const server = await startServer();
  const rows: Row[] = [];
  try {
    await call(server, 'POST', '/v1.1/instances/', { name: INSTANCE });
    // Users first: they are the memberships' users.
    const users = await userCreation(server);
    const ids = await userIds(server);
    const groups = await createGroups(server, roundCount * groupsPerRound + 2 * CLIENTS + PROBE_GROUPS, 'g');
    const after = roundCount * groupsPerRound;
    const shape: Shape = {
      users: ids,
      rounds: Array.from({ length: roundCount }, (_, r) =>
        groups.slice(r * groupsPerRound, (r + 1) * groupsPerRound),
      ),
      warm: groups.slice(after, after + CLIENTS),
      load: groups.slice(after + CLIENTS, after + 2 * CLIENTS),
      probe: groups.slice(after + 2 * CLIENTS),
    };
    console.log(
      `  setup: ${ids.length} users, ${groups.length} groups (${groupsPerRound} per round, ` +
        `${groupsPerRound / CLIENTS} per client) after ${((performance.now() - began) / 1000).toFixed(0)} s`,
    );
    const memberships = await addMembership(server, shape);
    rows.push(...memberships.rows, users);
    rows.push(...(await visibility(server, shape, memberships.peak, memberships.p99)));
  } finally {
    await server.close();
  }
  console.log('');
  console.log('ratio = API / baseline for rates, baseline / API for latencies (1.00 = no overhead)');
  printTable(rows);
  console.log(`end: ${load()}; ${((performance.now() - began) / 1000).toFixed(0)} s`);
}

await main();
