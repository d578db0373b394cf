// Topic names, in one place.

/** Kafka's rule for topic names. */
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

function checked(topic: string, what: string): string {
  if (!TOPIC_NAME.test(topic)) throw new RangeError(`${what} "${topic}" is not a valid Kafka topic name`);
  return topic;
}

/** The topic every public event is published to: `{KAFKA_TOPIC_PREFIX}.events`. */
export const eventsTopic = (prefix: string): string => checked(`${prefix}.events`, 'The events topic');

/** Where a consumer group parks the messages it cannot process: `{group}.dlq`. */
export const deadLetterTopic = (groupId: string): string =>
  checked(`${groupId}.dlq`, 'The dead-letter topic');
