/**
 * autocannon's `setupRequest` for the API bench, run in autocannon's worker thread, which loads it
 * with `require()`: hence the `module.exports` export name (Node's require(esm) returns it).
 *
 * Each connection owns a fixed share of the plan's groups (connection c: groups c, c + C, c + 2C…)
 * and sends one request at a time, so no two requests write one group's stream at once: the same
 * shape as the raw baseline's appenders, each with its own streams. A connection's n-th request adds
 * to its `n % k`-th group (k groups each) the group's next user: every add is a new (group, user)
 * pair. Each group starts at its own point of the user list, so the adds are spread over all users
 * too (the response renders the user with all its groups: a few hot users would measure that).
 */

export interface MembershipPlan {
  readonly kind: 'membership';
  readonly instance: string;
  readonly connections: number;
  /** A multiple of `connections`. */
  readonly groups: readonly number[];
  readonly users: readonly number[];
}

export interface UserPlan {
  readonly kind: 'user';
  readonly instance: string;
  /** Makes the usernames of one run unique. */
  readonly tag: string;
  readonly password: string;
}

export type Plan = MembershipPlan | UserPlan;

/** The request object autocannon hands over (a copy; `plan` and `state` are the connection's own). */
export interface BenchRequest {
  path: string;
  body: string;
  readonly plan: Plan;
  readonly state: { connection?: number; sent: number };
}

/** How many requests one connection may send before it would repeat a (group, user) pair. */
export const requestsPerConnection = (plan: MembershipPlan): number =>
  (plan.groups.length / plan.connections) * plan.users.length;

/** The user index of a group's `nth` add: groups start evenly spread over the users. */
export const spreadUser = (group: number, nth: number, groups: number, users: number): number =>
  (Math.floor((group * users) / groups) + nth) % users;

let nextConnection = 0;

function setupRequest(request: BenchRequest): BenchRequest {
  const { plan, state } = request;
  state.connection ??= nextConnection++;
  const n = state.sent++;
  const instance = `/v1.1/instances/${plan.instance}`;
  if (plan.kind === 'user') {
    request.path = `${instance}/users/`;
    request.body = JSON.stringify({
      username: `${plan.tag}c${state.connection}n${n}`,
      password: plan.password,
    });
    return request;
  }
  const owned = plan.groups.length / plan.connections;
  const index = state.connection + plan.connections * (n % owned);
  const group = plan.groups[index]!;
  const user = plan.users[spreadUser(index, Math.floor(n / owned), plan.groups.length, plan.users.length)]!;
  request.path = `${instance}/groups/${group}/users/`;
  request.body = JSON.stringify({ user });
  return request;
}

export { setupRequest as 'module.exports' };
