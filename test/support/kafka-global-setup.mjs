// Jest global setup of the int project: no broker yet. It only names the state file through which
// the Kafka suites of this run share one broker (the first that needs it starts it, see
// test/support/kafka.ts), and the pid the broker's watchdog follows (jest's main process).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default async function kafkaGlobalSetup() {
  if (process.env.KAFKA_BROKERS) return;
  const dir = await mkdtemp(join(tmpdir(), 'roster-jest-kafka-'));
  process.env.ROSTER_TEST_KAFKA_STATE = join(dir, 'broker.json');
  process.env.ROSTER_TEST_KAFKA_OWNER = String(process.pid);
}
