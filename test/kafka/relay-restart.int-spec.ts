// The standalone relay (apps/relay) as a real process on PostgreSQL beside the API, on a REAL broker:
// SIGKILLed mid-stream and started again, it loses nothing (duplicates on the wire only), and a
// SIGTERM stops it gracefully with its checkpoint at the head.
import type { KafkaMessage } from 'kafkajs';
import { formatPosition } from '#event-store';
import { CheckpointTable } from '#read-models';
import { spawnApp, type AppProcess } from '../support/app-process.js';
import { kafkaAndPostgresGate } from '../support/kafka.js';
import { relayProcessSuite } from '../support/relay-process-suite.js';
import { publicEventsIn } from './cloud-event-checks.js';

const { brokers, describeWithKafka } = await kafkaAndPostgresGate();

const I = '/v1.1/instances/temeria';
const WRITES = 240;

describeWithKafka('the standalone relay process', () => {
  const suite = relayProcessSuite({ brokers: brokers!, topicName: 'relay-restart', schemaName: 'relay' });
  const { env, send } = suite;
  const idsOn = (messages: readonly KafkaMessage[]) =>
    new Set(messages.map((m) => (JSON.parse(m.value!.toString()) as { id: string }).id));

  it('loses nothing when killed mid-stream and started again', async () => {
    await send('POST', '/v1.1/instances/', { name: 'temeria' });
    const users: number[] = [];
    for (const username of ['foltest', 'adda', 'roche']) {
      users.push((await send('POST', `${I}/users/`, { username, password: 'secret-pass' })).id);
    }
    const first: AppProcess = spawnApp('relay', env);
    await first.waitForLog((line) => line['msg'] === 'relay caught up', 60_000);
    const tail = await suite.tail();

    // Writes flow while the relay publishes; it dies at about a third of them.
    let killedAt = -1;
    for (let n = 0; n < WRITES; n++) {
      await send('PATCH', `${I}/users/${users[n % users.length]}/`, { full_name: `name ${n}` });
      if (killedAt < 0 && n >= WRITES / 3 && tail.messages.length > 4) {
        first.child.kill('SIGKILL');
        killedAt = n;
      }
    }
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const expected = await publicEventsIn(suite.runtime.storage.store);
    const onTopicWhileDown = idsOn(tail.messages).size;
    expect(onTopicWhileDown).toBeLessThan(expected.length);

    const second = spawnApp('relay', env);
    await tail.until((messages) => idsOn(messages).size >= expected.length, 60_000);

    // Nothing lost: every public event is on the topic.
    const messages = [...tail.messages];
    expect([...idsOn(messages)].toSorted()).toEqual(expected.map((event) => event.id).toSorted());
    // In order per key: a stream's revisions never skip ahead (a re-sent batch repeats, never reorders).
    const revisionById = new Map(expected.map((event) => [event.id, event.revision]));
    const highest = new Map<string, bigint>();
    const skips: string[] = [];
    for (const message of messages) {
      const key = message.key!.toString();
      const revision = revisionById.get(JSON.parse(message.value!.toString()).id)!;
      const before = highest.get(key) ?? -1n;
      if (revision > before + 1n) skips.push(`${key}: ${revision} after ${before}`);
      if (revision > before) highest.set(key, revision);
    }
    expect(skips).toEqual([]);

    // SIGTERM: a graceful stop, JSON logs to the end, the checkpoint at the last event.
    await second.waitForLog((line) => line['msg'] === 'relay caught up', 30_000);
    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(second.logs.map((line) => line['msg'])).toEqual(
      expect.arrayContaining([
        'relay starting',
        'relay started',
        'relay caught up',
        'relay stopping',
        'relay stopped',
      ]),
    );
    expect(second.logs.every((line) => line['name'] === 'roster-relay')).toBe(true);
    const checkpoint = await new CheckpointTable(suite.schema).read(suite.runtime.storage.sql, 'kafka-relay');
    const head = await suite.runtime.storage.store.headPosition();
    expect(checkpoint && formatPosition(checkpoint)).toBe(formatPosition(head));
    // oxlint-disable-next-line no-console -- how the kill landed, for whoever reads the run
    console.info(
      `relay killed after write ${killedAt}: ${onTopicWhileDown}/${expected.length} events were on the topic, ` +
        `${messages.length - expected.length} duplicates on the wire after the restart`,
    );
  });
});
