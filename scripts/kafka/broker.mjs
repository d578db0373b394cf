// A real, single-node Apache Kafka broker (KRaft: broker + controller in one JVM) for tests and
// benchmarks, run from Maven Central's jars: no Docker, no mock.
//
//   import { startBroker } from '../scripts/kafka/broker.mjs';
//   const broker = await startBroker();      // { brokers: '127.0.0.1:<port>', stop(), ... }
//   ...
//   await broker.stop();                     // stops the JVM and removes its temp dir
//
// The jars are resolved once per version with Maven into a cache outside the repo
// (~/.cache/roster/kafka/<version>/libs, or $ROSTER_KAFKA_CACHE/<version>/libs) from the pom
// template beside this file. Java comes from PATH (Kafka 4.x brokers need Java 17+).
// `npm run kafka:start` / `npm run kafka:stop` (cli.mjs) wrap the same code for a long-lived broker.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import kafkajs from 'kafkajs';

const { Kafka, logLevel } = kafkajs;

/** The broker version we test against (see scripts/kafka/README.md for why this one). */
export const KAFKA_VERSION = process.env.ROSTER_KAFKA_VERSION || '4.2.2';
/** Log4j2 backend for the broker's slf4j 1.7 API (the broker's POM brings no backend). */
export const LOG4J_VERSION = '2.24.3';

const here = dirname(fileURLToPath(import.meta.url));
const POM_TEMPLATE = join(here, 'pom.template.xml');
const LOG4J2_CONFIG = join(here, 'log4j2.properties');

/** Root of the jar cache: $ROSTER_KAFKA_CACHE, else $XDG_CACHE_HOME/roster/kafka, else ~/.cache/roster/kafka. */
export function cacheRoot() {
  if (process.env.ROSTER_KAFKA_CACHE) return process.env.ROSTER_KAFKA_CACHE;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'roster', 'kafka');
}

const noop = () => {};

/**
 * Resolves the broker's runtime classpath into the cache once per version and returns the libs dir.
 * Safe against concurrent callers: each resolves into its own temp dir and renames it into place.
 */
export async function ensureJars({ version = KAFKA_VERSION, log = noop } = {}) {
  const dir = join(cacheRoot(), version);
  const libs = join(dir, 'libs');
  const marker = join(libs, '.resolved');
  if (existsSync(marker)) return libs;

  await mkdir(dir, { recursive: true });
  const pom = (await readFile(POM_TEMPLATE, 'utf8'))
    .replaceAll('@KAFKA_VERSION@', version)
    .replaceAll('@LOG4J_VERSION@', LOG4J_VERSION);
  const work = await mkdtemp(join(dir, 'resolve-'));
  await writeFile(join(work, 'pom.xml'), pom);
  log(`kafka: resolving org.apache.kafka:kafka_2.13:${version} and its runtime jars with Maven (once)…`);
  const started = Date.now();
  const mvn = spawnSync(
    'mvn',
    ['-q', '-B', 'dependency:copy-dependencies', '-DincludeScope=runtime', '-DoutputDirectory=libs'],
    { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 10 * 60_000 },
  );
  if (mvn.error || mvn.status !== 0) {
    await rm(work, { recursive: true, force: true });
    const why = mvn.error ? mvn.error.message : `exit ${mvn.status}`;
    throw new Error(
      `kafka: Maven could not resolve the broker jars (${why}):\n${(mvn.stdout + mvn.stderr).slice(-4000)}`,
    );
  }
  const jars = readdirSync(join(work, 'libs')).filter((f) => f.endsWith('.jar'));
  await writeFile(join(work, 'libs', '.resolved'), jars.sort().join('\n') + '\n');
  await writeFile(join(dir, 'pom.xml'), pom);
  try {
    await rename(join(work, 'libs'), libs);
  } catch (error) {
    // Someone else finished first: theirs is as good as ours.
    if (!existsSync(marker)) throw error;
  }
  await rm(work, { recursive: true, force: true });
  log(`kafka: ${jars.length} jars cached in ${libs} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return libs;
}

/** n distinct TCP ports free on 127.0.0.1 now (all held open together, then released for the broker). */
export async function freePorts(n) {
  const servers = [];
  try {
    for (let i = 0; i < n; i++) {
      const server = createServer();
      servers.push(server);
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
    }
    return servers.map((server) => server.address().port);
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(() => resolve()))));
  }
}

/** A KRaft cluster id: 16 random bytes, base64url, 22 chars; never starting with '-' (like Kafka's own). */
export function clusterId() {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** Alive and not a zombie. */
export function isAlive(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}

/** True when pid is a Kafka broker JVM started by us with this log dir. */
export function isOurBroker(pid, logDir) {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('kafka.Kafka') && cmdline.includes(logDir) && isAlive(pid);
  } catch {
    return false;
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function serverProperties({ port, controllerPort, dataDir }) {
  return `# Single-node KRaft test broker written by scripts/kafka/broker.mjs
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${controllerPort}
listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}
advertised.listeners=PLAINTEXT://127.0.0.1:${port}
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=${dataDir}

# One node: every internal topic must live with replication factor 1.
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1

# Tests: rebalance at once, create topics explicitly.
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false

# Two shared cores: few threads.
num.network.threads=2
num.io.threads=2
background.threads=2
num.recovery.threads.per.data.dir=1
num.replica.fetchers=1
log.cleaner.threads=1
`;
}

function tail(file, bytes = 6000) {
  try {
    const text = readFileSync(file, 'utf8');
    return text.slice(-bytes);
  } catch {
    return '(none)';
  }
}

/** Waits until the broker answers a kafkajs admin describeCluster, or throws. */
async function waitUntilReady({ brokers, pid, deadline, logDir }) {
  const kafka = new Kafka({
    clientId: 'roster-kafka-probe',
    brokers: [brokers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 3000,
    retry: { retries: 0 },
  });
  let lastError;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) {
      throw new Error(
        `kafka: the broker (pid ${pid}) exited during start-up.\n--- server.log ---\n` +
          `${tail(join(logDir, 'server.log'))}\n--- stdout.log ---\n${tail(join(logDir, 'stdout.log'))}`,
      );
    }
    const admin = kafka.admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (cluster.brokers.length > 0 && cluster.controller !== null) return cluster;
    } catch (error) {
      lastError = error;
    } finally {
      await admin.disconnect().catch(noop);
    }
    await sleep(250);
  }
  throw new Error(
    `kafka: the broker did not answer within the start-up timeout (${lastError?.message ?? 'no answer'}).\n` +
      `--- server.log ---\n${tail(join(logDir, 'server.log'))}`,
  );
}

/**
 * Readiness beyond "answers Metadata": the group coordinator (__consumer_offsets is created and
 * loaded on first use) and the producer-id manager answer at once after this, so the first test's
 * consumer does not crash-and-restart on COORDINATOR_LOAD_IN_PROGRESS / GROUP_COORDINATOR_NOT_AVAILABLE
 * and the first idempotent producer does not retry InitProducerId.
 */
async function warmUp({ brokers, deadline }) {
  const kafka = new Kafka({
    clientId: 'roster-kafka-warmup',
    brokers: [brokers],
    logLevel: logLevel.NOTHING,
    retry: { retries: 2, initialRetryTime: 100 },
  });
  const admin = kafka.admin();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  let lastError;
  try {
    await admin.connect();
    for (let groupReady = false, producerReady = false; !(groupReady && producerReady); await sleep(100)) {
      if (Date.now() > deadline) {
        throw new Error(`kafka: coordinators not ready in time (${lastError?.message ?? 'no answer'})`);
      }
      try {
        if (!groupReady) {
          const { groups } = await admin.describeGroups(['roster-kafka-warmup']);
          groupReady = groups.length === 1 && groups[0].errorCode === 0;
        }
        if (!producerReady) {
          await producer.connect(); // an idempotent producer sends InitProducerId on connect
          producerReady = true;
        }
      } catch (error) {
        lastError = error;
      }
    }
  } finally {
    await producer.disconnect().catch(noop);
    await admin.disconnect().catch(noop);
  }
}

/** Sends SIGTERM, waits up to graceMs, then SIGKILL. Resolves once the process is gone. */
export async function stopProcess(pid, { graceMs = 10_000 } = {}) {
  if (!isAlive(pid)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
    while (isAlive(pid)) await sleep(50);
  }
}

/**
 * Starts a broker and resolves once kafkajs can talk to it.
 *
 * Options:
 * - version: Kafka version (default KAFKA_VERSION).
 * - startTimeoutMs: bound on JVM start-up after the jars are cached (default 60 s).
 * - watchOwner: when true (default), a tiny `sh` watchdog kills the broker and removes its temp dir if
 *   this process dies without calling stop() (a crashed jest run leaves no orphan JVM); a pid watches
 *   that process instead (jest's main process, for a broker shared by its workers). The CLI passes
 *   false so the broker outlives `npm run kafka:start`.
 * - log: progress lines (default: none).
 *
 * Returns { brokers, port, controllerPort, pid, watchdogPid, logDir, clusterId, version, startupMs, stop,
 * pause, resume }: pause() stops the JVM keeping its data and ports (an outage), resume() starts it again.
 */
export async function startBroker({
  version = KAFKA_VERSION,
  startTimeoutMs = 60_000,
  watchOwner = true,
  log = noop,
  javaOpts = process.env.ROSTER_KAFKA_JAVA_OPTS,
} = {}) {
  const libs = await ensureJars({ version, log });
  // Java from PATH (Kafka 4.x needs 17+); $ROSTER_KAFKA_JAVA names another one.
  const java = process.env.ROSTER_KAFKA_JAVA || 'java';

  // The ports are free when picked; if the broker loses the race for one, try again with new ones.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce({ version, libs, java, startTimeoutMs, watchOwner, log, javaOpts });
    } catch (error) {
      if (attempt >= 3 || !/Address already in use|BindException/.test(String(error?.message))) throw error;
      log(`kafka: a port was taken meanwhile, retrying (${attempt})`);
    }
  }
}

async function startOnce({ version, libs, java, startTimeoutMs, watchOwner, log, javaOpts }) {
  const started = Date.now();
  const logDir = await mkdtemp(join(tmpdir(), 'roster-kafka-'));
  const dataDir = join(logDir, 'data');
  const [port, controllerPort] = await freePorts(2);
  const props = join(logDir, 'server.properties');
  await writeFile(props, serverProperties({ port, controllerPort, dataDir }));
  const id = clusterId();

  const jvm = [
    '-Xms128m',
    '-Xmx512m',
    // Start-up and CPU over peak throughput: two shared cores. Override with ROSTER_KAFKA_JAVA_OPTS.
    ...(javaOpts ? javaOpts.split(/\s+/).filter(Boolean) : ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1']),
    '-Djava.awt.headless=true',
    `-Dkafka.logs.dir=${logDir}`,
    `-Dlog4j2.configurationFile=${LOG4J2_CONFIG}`,
    '-cp',
    join(libs, '*'),
  ];

  const format = spawnSync(
    java,
    [...jvm, 'kafka.tools.StorageTool', 'format', '-t', id, '-c', props, '--ignore-formatted'],
    { encoding: 'utf8', timeout: startTimeoutMs },
  );
  if (format.error || format.status !== 0) {
    await rm(logDir, { recursive: true, force: true });
    throw new Error(
      format.error
        ? `kafka: cannot run ${java} (${format.error.message}); Kafka needs Java 17+ on PATH`
        : `kafka: StorageTool format failed (exit ${format.status}):\n${format.stdout}${format.stderr}`,
    );
  }

  const ownerPid = typeof watchOwner === 'number' ? watchOwner : process.pid;
  const launch = () => launchJvm({ java, jvm, props, logDir, watch: watchOwner !== false, ownerPid });
  let { pid, watchdogPid } = launch();
  if (pid === undefined) {
    await rm(logDir, { recursive: true, force: true });
    throw new Error(`kafka: could not run ${java}`);
  }

  /** Stops the JVM (and its watchdog, which would remove the data), keeping data and ports. */
  const halt = async () => {
    if (watchdogPid !== undefined && isAlive(watchdogPid)) {
      try {
        process.kill(watchdogPid, 'SIGTERM');
      } catch {
        /* gone */
      }
    }
    await stopProcess(pid);
  };
  const stop = async () => {
    await halt();
    await rm(logDir, { recursive: true, force: true });
  };

  const brokers = `127.0.0.1:${port}`;
  try {
    await waitUntilReady({ brokers, pid, deadline: started + startTimeoutMs, logDir });
    await warmUp({ brokers, deadline: started + startTimeoutMs });
  } catch (error) {
    await stop();
    throw error;
  }
  const startupMs = Date.now() - started;
  log(`kafka: broker ${version} up on ${brokers} in ${(startupMs / 1000).toFixed(1)} s (pid ${pid})`);
  return {
    brokers,
    port,
    controllerPort,
    get pid() {
      return pid;
    },
    get watchdogPid() {
      return watchdogPid;
    },
    logDir,
    clusterId: id,
    version,
    startupMs,
    stop,
    // An outage: the JVM stops (clients see connections refused), the data and ports stay.
    pause: halt,
    // The same broker again (same data, same ports), once it answers.
    async resume() {
      if (isAlive(pid)) return;
      ({ pid, watchdogPid } = launch());
      const deadline = Date.now() + startTimeoutMs;
      await waitUntilReady({ brokers, pid, deadline, logDir });
      await warmUp({ brokers, deadline });
    },
  };
}

/** Spawns the broker JVM detached, and (when `watch`) the watchdog that stops it if `ownerPid` dies. */
function launchJvm({ java, jvm, props, logDir, watch, ownerPid }) {
  const out = openSync(join(logDir, 'stdout.log'), 'a');
  const child = spawn(java, [...jvm, 'kafka.Kafka', props], {
    detached: true, // own process group: survives the CLI, and Ctrl-C in a terminal does not reach it
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  child.unref();
  child.on('error', noop);
  const pid = child.pid;
  let watchdogPid;
  if (watch && pid !== undefined) {
    // Polls every 2 s; costs nothing. Ends by itself once the broker is gone.
    const script =
      'while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 2; done; ' +
      'if kill -0 "$2" 2>/dev/null; then kill "$2"; i=0; ' +
      'while kill -0 "$2" 2>/dev/null && [ $i -lt 20 ]; do sleep 0.5; i=$((i+1)); done; ' +
      'kill -9 "$2" 2>/dev/null; fi; rm -rf "$3"';
    const watchdog = spawn(
      'sh',
      ['-c', script, 'roster-kafka-watchdog', String(ownerPid), String(pid), logDir],
      {
        detached: true,
        stdio: 'ignore',
      },
    );
    watchdog.unref();
    watchdog.on('error', noop);
    watchdogPid = watchdog.pid;
  }
  return { pid, watchdogPid };
}
