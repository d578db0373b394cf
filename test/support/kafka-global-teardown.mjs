// Jest global teardown of the int project: stops the broker the Kafka suites shared, if one started.
import { readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isAlive, stopProcess } from '../../scripts/kafka/broker.mjs';

export default async function kafkaGlobalTeardown() {
  const stateFile = process.env.ROSTER_TEST_KAFKA_STATE;
  if (!stateFile) return;
  try {
    const state = JSON.parse(await readFile(stateFile, 'utf8'));
    if (state.watchdogPid && isAlive(state.watchdogPid)) process.kill(state.watchdogPid, 'SIGTERM');
    await stopProcess(state.pid);
    await rm(state.logDir, { recursive: true, force: true });
  } catch (error) {
    if (error?.code !== 'ENOENT') throw error;
  } finally {
    await rm(dirname(stateFile), { recursive: true, force: true });
  }
}
