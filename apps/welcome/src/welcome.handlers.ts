import { instanceOf, type EventHandlers } from '#messaging';

/**
 * What the welcome service does with Roster's events. Each handler writes through `tx`: the kit
 * runs it in one transaction with the record that the event was processed, so it takes effect
 * exactly once however often Kafka delivers the message. A handler that throws is retried, then
 * its message goes to the dead-letter topic.
 */
export function welcomeHandlers(schema: string): EventHandlers {
  const changeMembers =
    (delta: 1 | -1): EventHandlers['MembershipAdded'] & EventHandlers['MembershipRemoved'] =>
    async (event, { tx }) => {
      await tx.query(
        `INSERT INTO "${schema}".group_member_counts (instance, group_id, members) VALUES ($1, $2, $3)
         ON CONFLICT (instance, group_id) DO UPDATE SET members = group_member_counts.members + $3`,
        [instanceOf(event), event.data.groupId, delta],
      );
    };
  return {
    UserCreated: async (event, { tx }) => {
      const { userId, username } = event.data;
      await tx.query(
        `INSERT INTO "${schema}".welcome_messages (instance, user_id, username, message, event_id)
         VALUES ($1, $2, $3, $4, $5)`,
        [instanceOf(event), userId, username, `Welcome, ${username}!`, event.id],
      );
    },
    MembershipAdded: changeMembers(1),
    MembershipRemoved: changeMembers(-1),
  };
}
