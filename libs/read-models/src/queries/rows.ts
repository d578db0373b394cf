import type { Actor } from '#event-store';
import type { ProfileFieldType } from '../projections/profile-fields.projection.js';
import { rfc3339 } from './page.js';

/** Times are RFC 3339 UTC with microseconds; `…By` is the actor that caused the event. */
export interface InstanceRow {
  readonly id: number;
  readonly name: string;
  readonly description: string;
  readonly createdAt: string;
  readonly createdBy: Actor | null;
}

/** An API key as listed (never its digest). */
export interface ApiKeyRow {
  readonly instance: string;
  readonly id: number;
  readonly description: string;
  readonly allowUserCreate: boolean;
  readonly ignoreAcl: boolean;
  readonly createdAt: string;
  readonly createdBy: Actor | null;
  readonly updatedAt: string;
}

/** What authentication needs of a live API key in a live instance. */
export interface ApiKeyRecord {
  readonly id: number;
  readonly instance: string;
  readonly allowUserCreate: boolean;
  readonly ignoreAcl: boolean;
}

export interface UserRow {
  readonly id: number;
  readonly username: string;
  readonly email: string | null;
  readonly fullName: string | null;
  readonly status: 'unverified' | 'active' | 'disabled';
  readonly roles: string[];
  readonly profile: Record<string, unknown>;
  readonly keyGeneration: number;
  /** Events in the user's stream (the ETag); logins do not count. */
  readonly revision: number;
  readonly createdAt: string;
  readonly createdBy: Actor | null;
  readonly updatedAt: string;
  readonly updatedBy: Actor | null;
  readonly lastLoginAt: string | null;
}

/** What a user's `groups` list shows of each group. */
export interface GroupSummaryRow {
  readonly id: number;
  readonly label: string;
  readonly description: string;
  readonly name: string | null;
}

export interface GroupRow extends GroupSummaryRow {
  /** Events in the group's stream, membership events included (the ETag). */
  readonly revision: number;
  readonly createdAt: string;
  readonly createdBy: Actor | null;
  readonly updatedAt: string;
  readonly updatedBy: Actor | null;
}

export interface ProfileFieldRow {
  readonly key: string;
  readonly type: ProfileFieldType;
}

export const instanceColumns = (t: string): string =>
  `${t}.id, ${t}.name, ${t}.description, ${rfc3339(`${t}.created_at`)} AS "createdAt", ${t}.created_by AS "createdBy"`;

export const apiKeyColumns = (t: string): string =>
  `${t}.instance, ${t}.id, ${t}.description, ${t}.allow_user_create AS "allowUserCreate", ${t}.ignore_acl AS "ignoreAcl",
   ${rfc3339(`${t}.created_at`)} AS "createdAt", ${t}.created_by AS "createdBy", ${rfc3339(`${t}.updated_at`)} AS "updatedAt"`;

export const userColumns = (t: string): string =>
  `${t}.id, ${t}.username, ${t}.email, ${t}.full_name AS "fullName", ${t}.status, ${t}.roles, ${t}.profile,
   ${t}.key_generation AS "keyGeneration", ${t}.revision,
   ${rfc3339(`${t}.created_at`)} AS "createdAt", ${t}.created_by AS "createdBy",
   ${rfc3339(`${t}.updated_at`)} AS "updatedAt", ${t}.updated_by AS "updatedBy",
   ${rfc3339(`${t}.last_login_at`)} AS "lastLoginAt"`;

export const groupSummaryColumns = (t: string): string => `${t}.id, ${t}.label, ${t}.description, ${t}.name`;

export const groupColumns = (t: string): string =>
  `${groupSummaryColumns(t)}, ${t}.revision,
   ${rfc3339(`${t}.created_at`)} AS "createdAt", ${t}.created_by AS "createdBy",
   ${rfc3339(`${t}.updated_at`)} AS "updatedAt", ${t}.updated_by AS "updatedBy"`;
