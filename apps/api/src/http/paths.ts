// The API's paths, in one place: links in bodies, `Content-Location` and cursors all use them.

export const instancesPath = (): string => '/v1.1/instances/';
export const instancePath = (instance: string): string => `/v1.1/instances/${instance}/`;
export const apiKeysPath = (instance: string): string => `${instancePath(instance)}api_keys/`;
export const apiKeyPath = (instance: string, id: number): string => `${apiKeysPath(instance)}${id}/`;
export const usersPath = (instance: string): string => `${instancePath(instance)}users/`;
export const userPath = (instance: string, id: number): string => `${usersPath(instance)}${id}/`;
export const userGroupsPath = (instance: string, id: number): string => `${userPath(instance, id)}groups/`;
export const userGroupPath = (instance: string, id: number, groupId: number): string =>
  `${userGroupsPath(instance, id)}${groupId}/`;
export const resetKeyPath = (instance: string, id: number): string => `${userPath(instance, id)}reset_key/`;
export const userProfileClassPath = (instance: string): string =>
  `${instancePath(instance)}classes/user_profile/`;
export const userProfilePath = (instance: string, id: number): string =>
  `${userProfileClassPath(instance)}objects/${id}/`;
export const groupsPath = (instance: string): string => `${instancePath(instance)}groups/`;
export const groupPath = (instance: string, id: number): string => `${groupsPath(instance)}${id}/`;
export const groupUsersPath = (instance: string, id: number): string => `${groupPath(instance, id)}users/`;
export const groupUserPath = (instance: string, id: number, userId: number): string =>
  `${groupUsersPath(instance, id)}${userId}/`;
