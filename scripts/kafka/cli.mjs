#!/usr/bin/env node
// npm run kafka:start  → starts one long-lived test broker (or reports the running one) and prints
//                        KAFKA_BROKERS=127.0.0.1:<port> on stdout; progress goes to stderr.
// npm run kafka:stop   → stops it and removes its temp dir.
// node scripts/kafka/cli.mjs status → prints the address if one is running (exit 1 if none).
//
// The state (pid, ports, log dir) lives beside the jar cache: ~/.cache/roster/kafka/broker.json.
import { openSync, closeSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { cacheRoot, isAlive, isOurBroker, startBroker, stopProcess } from './broker.mjs';

const stateFile = () => join(cacheRoot(), 'broker.json');
const lockFile = () => join(cacheRoot(), 'broker.lock');
const say = (line) => process.stderr.write(`${line}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function readState() {
  try {
    return JSON.parse(readFileSync(stateFile(), 'utf8'));
  } catch {
    return null;
  }
}

/** The running broker's state, or null (a stale state file is cleaned up). */
async function running() {
  const state = readState();
  if (!state) return null;
  if (isOurBroker(state.pid, state.logDir)) return state;
  say(`kafka: broker pid ${state.pid} from ${state.startedAt} is gone; cleaning up`);
  await rm(state.logDir, { recursive: true, force: true });
  await rm(stateFile(), { force: true });
  return null;
}

/** One start/stop at a time (two terminals, or two scripts). */
async function withLock(fn) {
  await mkdir(cacheRoot(), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      closeSync(openSync(lockFile(), 'wx'));
      writeFileSync(lockFile(), String(process.pid));
      break;
    } catch (error) {
      if (error?.code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lockFile(), 'utf8')) || 0;
      if (holder && !isAlive(holder)) await rm(lockFile(), { force: true });
      else if (Date.now() > deadline) throw new Error(`kafka: ${lockFile()} held by pid ${holder}`);
      else await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lockFile(), { force: true });
  }
}

async function start() {
  const existing = await running();
  if (existing) {
    say(
      `kafka: already running (pid ${existing.pid}, Kafka ${existing.version}, logs in ${existing.logDir})`,
    );
    process.stdout.write(`KAFKA_BROKERS=${existing.brokers}\n`);
    return;
  }
  const broker = await startBroker({ watchOwner: false, log: say });
  const state = {
    pid: broker.pid,
    brokers: broker.brokers,
    port: broker.port,
    controllerPort: broker.controllerPort,
    logDir: broker.logDir,
    clusterId: broker.clusterId,
    version: broker.version,
    startupMs: broker.startupMs,
    startedAt: new Date().toISOString(),
  };
  writeFileSync(stateFile(), JSON.stringify(state, null, 2) + '\n');
  say(`kafka: logs in ${broker.logDir}/server.log; stop with npm run kafka:stop`);
  process.stdout.write(`KAFKA_BROKERS=${broker.brokers}\n`);
}

async function stop() {
  const state = await running();
  if (!state) {
    say('kafka: no broker running');
    return;
  }
  await stopProcess(state.pid);
  await rm(state.logDir, { recursive: true, force: true });
  await rm(stateFile(), { force: true });
  say(`kafka: stopped broker pid ${state.pid} (${state.brokers}) and removed ${state.logDir}`);
}

async function status() {
  const state = await running();
  if (!state) {
    say('kafka: no broker running');
    process.exitCode = 1;
    return;
  }
  say(`kafka: running (pid ${state.pid}, Kafka ${state.version}, since ${state.startedAt})`);
  process.stdout.write(`KAFKA_BROKERS=${state.brokers}\n`);
}

// kafkajs 2.2.4 schedules a negative timeout on recent Node (harmless: Node uses 1 ms); keep the CLI quiet.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name !== 'TimeoutNegativeWarning') say(`${warning.name}: ${warning.message}`);
});

const commands = { start: () => withLock(start), stop: () => withLock(stop), status };
const command = commands[process.argv[2]];
if (!command) {
  say('usage: node scripts/kafka/cli.mjs start|stop|status');
  process.exit(2);
}
try {
  await command();
} catch (error) {
  say(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
