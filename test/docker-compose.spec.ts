import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { loadConfig } from '#platform';
import { checkApiConfig } from '../apps/api/src/infrastructure/api-config.js';

/**
 * No Docker engine runs where the tests do, so the stack's files are checked against the code:
 * every app has a service, every service's configuration passes the app's own validation, and
 * the addresses in it name services that exist, on the ports they listen on.
 */
interface Service {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string | number>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: unknown };
}

const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};
const services = compose.services;
const nest = JSON.parse(readFileSync('nest-cli.json', 'utf8')) as {
  projects: Record<string, { type: string }>;
};
/** Apps that are commands a person runs, not services. */
const CLI_APPS = new Set(['audit']);
const apps = Object.entries(nest.projects)
  .filter(([name, project]) => project.type === 'application' && !CLI_APPS.has(name))
  .map(([name]) => name);

/** `${NAME:-default}` as compose resolves it with NAME unset. */
const interpolate = (value: string | number): string =>
  String(value)
    .replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1')
    .replace(/\$\{[A-Z_]+:\?[^}]*\}/g, '');

const environmentOf = (service: Service): Record<string, string> =>
  Object.fromEntries(
    Object.entries(service.environment ?? {}).map(([key, value]) => [key, interpolate(value)]),
  );

const serviceOfApp = (app: string): [string, Service] => {
  const found = Object.entries(services).find(([, service]) =>
    service.command?.includes(`dist/apps/${app}/src/main.js`),
  );
  if (!found) throw new Error(`no service runs the ${app} app`);
  return found;
};

describe('docker-compose.yml', () => {
  it.each(apps)('runs the %s app from the image built here', (app) => {
    const [, service] = serviceOfApp(app);
    expect(service.build).toBe('.');
  });

  it.each(apps)('gives the %s app a configuration its own validation accepts', (app) => {
    const [, service] = serviceOfApp(app);
    expect(() => loadConfig(environmentOf(service))).not.toThrow();
  });

  it('gives the API the secret it requires beyond the shared configuration', () => {
    expect(() => checkApiConfig(loadConfig(environmentOf(serviceOfApp('api')[1])))).not.toThrow();
  });

  it.each(apps)('starts the %s app only after its dependencies are healthy', (app) => {
    const [, service] = serviceOfApp(app);
    for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
      expect(services[dependency]).toBeDefined();
      expect(condition).toBe('service_healthy');
      expect(services[dependency]!.healthcheck).toBeDefined();
    }
  });

  it('points every address at a service, on the port it listens on', () => {
    for (const app of apps) {
      const config = loadConfig(environmentOf(serviceOfApp(app)[1]));
      const database = new URL(config.databaseUrl!);
      expect([database.hostname, database.port]).toEqual(['postgres', '5432']);
      expect(services.postgres!.environment).toMatchObject({
        POSTGRES_USER: database.username,
        POSTGRES_DB: database.pathname.slice(1),
      });
      const eventStore = new URL(config.eventStoreUrl!.replace(/^esdb:/, 'http:'));
      expect(eventStore.hostname).toBe('eventstore');
      expect(String(services.eventstore!.environment!.EVENTSTORE_NODE_PORT)).toBe(eventStore.port);
      for (const broker of config.kafkaBrokers) {
        expect(String(services.kafka!.environment!.KAFKA_ADVERTISED_LISTENERS)).toContain(
          `PLAINTEXT://${broker}`,
        );
      }
    }
  });

  it('publishes the API on the port it listens on, and checks its health', () => {
    const [, api] = serviceOfApp('api');
    const { port } = loadConfig(environmentOf(api));
    expect(api.ports).toContain(`${port}:${port}`);
    expect(JSON.stringify(api.healthcheck)).toContain(`localhost:${port}/health`);
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync('Dockerfile', 'utf8');
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const final = stages[stages.length - 1]!;

  it('builds in one stage and runs from a slim one with production dependencies only', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(final).toMatch(/^node:24/);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(final).toMatch(/COPY --from=production-dependencies .*node_modules/);
  });

  it('runs as a non-root user', () => {
    expect(final).toMatch(/^USER (?!root)\w+/m);
  });

  it('builds with the build:all script, which compiles every app and lib into dist/', () => {
    const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> })
      .scripts;
    expect(dockerfile).toContain('RUN npm run build:all');
    expect(scripts['build:all']).toBe('tsc -p tsconfig.build.json');
  });
});
