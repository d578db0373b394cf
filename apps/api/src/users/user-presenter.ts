import { Injectable } from '@nestjs/common';
import { UserRepository, type UserRow } from '#read-models';
import type { Authenticated } from '../auth/principal.js';
import { UserKeys } from '../auth/user-keys.js';
import { userView, type UserView } from './user.view.js';

/** Renders users from the read models, with their groups, and their key where the caller may see it. */
@Injectable()
export class UserPresenter {
  constructor(
    private readonly users: UserRepository,
    private readonly userKeys: UserKeys,
  ) {}

  async one(instance: string, userId: number, auth: Authenticated): Promise<UserView | null> {
    const row = await this.users.get(instance, userId);
    if (row === null) return null;
    const [view] = await this.many(instance, [row], auth);
    return view!;
  }

  /** Many users with one query for all their groups. */
  async many(instance: string, rows: readonly UserRow[], auth: Authenticated): Promise<UserView[]> {
    const groups = await this.users.groupsOfUsers(
      instance,
      rows.map((row) => row.id),
    );
    return rows.map((row) =>
      userView(instance, row, groups.get(row.id) ?? [], this.keyFor(instance, row, auth)),
    );
  }

  /** Admins and the user itself see the user key; nobody else does. */
  private keyFor(instance: string, row: UserRow, auth: Authenticated): string | null {
    const visible = auth.isAdmin || auth.user?.id === row.id;
    return visible ? this.userKeys.keyOf(instance, row) : null;
  }
}
