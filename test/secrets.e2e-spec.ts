import { ACCOUNT_KEY, as, startTestApp, type TestApp } from './support/test-app.js';

const I = '/v1.1/instances/vault';
const PASSWORD = 'very-secret-password-42';

/**
 * Passwords, their hashes and keys never appear in logs, in list bodies to non-admins, or in
 * error bodies — checked at the most verbose log level over a session that uses all of them.
 */
describe('secrets', () => {
  let api: TestApp;
  const lines: string[] = [];

  beforeAll(async () => {
    api = await startTestApp({ LOG_LEVEL: 'trace' }, undefined, {
      write: (line: string) => lines.push(line),
    });
  });

  afterAll(() => api.close());

  it('keeps every secret out of logs and bodies', async () => {
    const account = as(ACCOUNT_KEY);
    const bodies: string[] = [];
    const call = async (
      method: 'GET' | 'POST' | 'PATCH',
      url: string,
      headers: Record<string, string>,
      payload?: object,
    ) => {
      const response = await api.request({ method, url, headers, ...(payload && { payload }) });
      bodies.push(response.body);
      return response;
    };
    await call('POST', '/v1.1/instances/', account, { name: 'vault' });
    const apiKey = (await call('POST', `${I}/api_keys/`, account, {})).json().api_key as string;
    const user = (
      await call('POST', `${I}/users/`, account, { username: 'keeper', password: PASSWORD })
    ).json();
    const login = await call('POST', `${I}/user/auth/`, as(apiKey), {
      username: 'keeper',
      password: PASSWORD,
    });
    const userKey = login.json().user_key as string;
    await call('POST', `${I}/user/auth/`, as(apiKey), { username: 'keeper', password: `${PASSWORD}-wrong` });
    await call('PATCH', `${I}/users/${user.id}/`, as(apiKey, userKey), { password: `${PASSWORD}-new` });
    await call('POST', `${I}/users/`, account, { username: 'bad name', password: PASSWORD });
    await call('GET', `${I}/groups/`, as(apiKey, userKey));

    const logs = lines.join('');
    expect(lines.length).toBeGreaterThan(5);
    for (const secret of [PASSWORD, ACCOUNT_KEY, apiKey, userKey, '$argon2id$']) {
      expect(logs).not.toContain(secret);
    }
    for (const body of bodies) {
      expect(body).not.toContain(PASSWORD);
      expect(body).not.toContain('$argon2id$');
      expect(body).not.toContain(ACCOUNT_KEY);
    }
    // The API key is shown once: in its creation response only.
    expect(bodies.filter((body) => body.includes(apiKey))).toHaveLength(1);
  });
});
