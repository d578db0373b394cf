// The Kafka producer on a thread of its own, on a REAL broker: what it is handed reaches the topic
// as the in-thread publisher would send it (key, value, headers, order), a call made while another
// is in flight goes after it, a closed publisher starts a new thread, and a broker that does not
// answer fails the call with the client’s reason while the client’s log lines and the thread’s
// process warnings reach the logger.
import { kafkaGate, tailTopic, uniqueTopicPrefix } from '../../../../test/support/kafka.js';
import { HEADERS, messageHeaders, type OutboundMessage } from '../envelope/cloud-event.js';
import { SILENT_MESSAGING_LOGGER, type MessagingLogger } from '../messaging-logger.js';
import { WorkerEventPublisher } from './worker-event-publisher.js';

const { brokers, describeWithKafka } = await kafkaGate();

const message = (stream: number, revision: number): OutboundMessage => ({
  key: `user-rivia-${stream}`,
  value: JSON.stringify({ id: `${stream}-${revision}`, data: { fullName: 'Ciri «Zireael» 🗡' } }),
  headers: messageHeaders(`${100 + revision}/${stream}`, String(revision)),
});

describeWithKafka('WorkerEventPublisher (the producer on a thread of its own)', () => {
  it('sends what it is handed, in call order per key, with headers, again after a close', async () => {
    const topic = `${uniqueTopicPrefix('worker-publisher')}.events`;
    const debug: Array<[object, string]> = [];
    const logger: MessagingLogger = {
      ...SILENT_MESSAGING_LOGGER,
      debug: (object, line) => void debug.push([object, line]),
    };
    const publisher = new WorkerEventPublisher({ brokers: [brokers!], topic, partitions: 3, logger });
    const first = [1, 2, 3].flatMap((stream) => [0, 1].map((revision) => message(stream, revision)));
    const second = [1, 2, 3].flatMap((stream) => [2, 3].map((revision) => message(stream, revision)));
    const third = [message(1, 4), message(3, 4)];
    try {
      await publisher.connect();
      // The second call is made before the first is acknowledged: it must go after it.
      await Promise.all([publisher.publish(first), publisher.publish(second)]);
      await publisher.close();
      await publisher.publish(third);
    } finally {
      await publisher.close();
    }
    // kafkajs 2.2.4 on Node ≥ 22 sets a negative timeout once per thread: the thread's warning
    // reaches the relay's log (at debug, being harmless), not stderr as plain text.
    expect(debug).toContainEqual([
      expect.objectContaining({ warning: 'TimeoutNegativeWarning' }),
      'process warning',
    ]);

    const tail = await tailTopic(brokers!, topic);
    try {
      const sent = [...first, ...second, ...third];
      await tail.until((received) => received.length >= sent.length, 30_000);
      expect(tail.messages).toHaveLength(sent.length);
      for (const stream of [1, 2, 3]) {
        const key = `user-rivia-${stream}`;
        const received = tail.messages
          .filter((m) => m.key?.toString() === key)
          .map((m) => ({
            key,
            value: m.value!.toString(),
            headers: {
              [HEADERS.position]: m.headers![HEADERS.position]!.toString(),
              [HEADERS.revision]: m.headers![HEADERS.revision]!.toString(),
              [HEADERS.contentType]: m.headers![HEADERS.contentType]!.toString(),
            },
          }));
        expect(received).toEqual(sent.filter((m) => m.key === key));
      }
    } finally {
      await tail.close();
    }
  });

  it('fails a call with the client’s reason when no broker answers, and forwards its log lines', async () => {
    const warnings: string[] = [];
    const logger: MessagingLogger = {
      debug: () => undefined,
      info: () => undefined,
      warn: (_object, line) => void warnings.push(line),
      error: (_object, line) => void warnings.push(line),
    };
    // A port nothing listens on: the client gives up after its bounded retries.
    const publisher = new WorkerEventPublisher({ brokers: ['127.0.0.1:1'], topic: 'never', logger });
    try {
      await expect(publisher.publish([message(1, 0)])).rejects.toThrow(/ECONNREFUSED|Connection error/);
      expect(warnings.length).toBeGreaterThan(0);
    } finally {
      await publisher.close();
    }
  });
});
