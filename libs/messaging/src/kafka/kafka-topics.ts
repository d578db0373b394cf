import type { Kafka } from 'kafkajs';

export interface TopicSpec {
  readonly topic: string;
  readonly partitions: number;
}

/** Replicas per partition: 3, or as many brokers as there are when fewer (a dev broker has one). */
const MAX_REPLICATION_FACTOR = 3;

/**
 * Creates the topics that do not exist yet (idempotent, race-safe: "already exists" is success).
 * Topics are created explicitly because auto-creation under KRaft races the first consumers.
 * An operator may create them beforehand with other settings; existing topics are left alone.
 */
export async function ensureTopics(kafka: Kafka, topics: readonly TopicSpec[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter(({ topic }) => !existing.has(topic));
    if (missing.length === 0) return;
    const { brokers } = await admin.describeCluster();
    const replicationFactor = Math.min(MAX_REPLICATION_FACTOR, brokers.length);
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map(({ topic, partitions }) => ({
        topic,
        numPartitions: partitions,
        replicationFactor,
      })),
    });
  } finally {
    await admin.disconnect();
  }
}
