// Types for broker.mjs, so TypeScript tests and jest global setup can import it.
export const KAFKA_VERSION: string;
export const LOG4J_VERSION: string;

export interface StartBrokerOptions {
  /** Kafka version (default KAFKA_VERSION, or $ROSTER_KAFKA_VERSION). */
  version?: string;
  /** Bound on JVM start-up once the jars are cached (default 60 000 ms). */
  startTimeoutMs?: number;
  /** Kill the broker if this process (true, the default) or that pid dies without stop(); false: never. */
  watchOwner?: boolean | number;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
  /** JVM options replacing the CPU-frugal defaults (default $ROSTER_KAFKA_JAVA_OPTS). */
  javaOpts?: string;
}

export interface StartedBroker {
  /** Bootstrap address, "127.0.0.1:<port>": the value for KAFKA_BROKERS. */
  brokers: string;
  port: number;
  controllerPort: number;
  /** The broker JVM's pid (a new one after resume()). */
  readonly pid: number;
  readonly watchdogPid: number | undefined;
  /** Temp dir with server.properties, data/, server.log and stdout.log; removed by stop(). */
  logDir: string;
  clusterId: string;
  version: string;
  startupMs: number;
  stop(): Promise<void>;
  /** An outage: stops the JVM, keeping its data and ports. */
  pause(): Promise<void>;
  /** Starts the paused broker again (same data and address) and resolves once it answers. */
  resume(): Promise<void>;
}

export function startBroker(options?: StartBrokerOptions): Promise<StartedBroker>;
export function ensureJars(options?: { version?: string; log?: (line: string) => void }): Promise<string>;
export function cacheRoot(): string;
export function freePorts(n: number): Promise<number[]>;
export function clusterId(): string;
export function isAlive(pid: number): boolean;
export function isOurBroker(pid: number, logDir: string): boolean;
export function stopProcess(pid: number, options?: { graceMs?: number }): Promise<void>;
