import { ACCOUNT_KEY, as, startTestApp } from './support/test-app.js';

const I = '/v1.1/instances/keep';

describe('restart on the embedded store', () => {
  it('keeps instances, keys, users and user keys; a second process on the data dir is refused', async () => {
    const first = await startTestApp();
    const account = as(ACCOUNT_KEY);
    await first.request({
      method: 'POST',
      url: '/v1.1/instances/',
      headers: account,
      payload: { name: 'keep' },
    });
    const apiKey = (
      await first.request({ method: 'POST', url: `${I}/api_keys/`, headers: account, payload: {} })
    ).json().api_key;
    const user = (
      await first.request({
        method: 'POST',
        url: `${I}/users/`,
        headers: account,
        payload: { username: 'kept', password: 'secret-pass' },
      })
    ).json();

    await expect(startTestApp({}, first.dataDir)).rejects.toThrow(`in use by process ${process.pid}`);
    await first.close({ remove: false });

    const second = await startTestApp({}, first.dataDir);
    try {
      const me = await second.request({
        method: 'GET',
        url: `${I}/user/`,
        headers: as(apiKey, user.user_key),
      });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({ id: user.id, username: 'kept', revision: 1 });
      const next = await second.request({
        method: 'POST',
        url: `${I}/users/`,
        headers: account,
        payload: { username: 'after', password: 'secret-pass' },
      });
      expect(next.json().id).toBe(user.id + 1);
      expect(
        (
          await second.request({
            method: 'POST',
            url: `${I}/users/`,
            headers: account,
            payload: { username: 'KEPT', password: 'secret-pass' },
          })
        ).statusCode,
      ).toBe(409);
    } finally {
      await second.close();
    }
  });
});
