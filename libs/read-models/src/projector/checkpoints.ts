import { formatPosition, START, type Position, type SqlExecutor, type SqlStatement } from '#event-store';
import { namedStatement } from '../schema/named-statement.js';
import { checkpointChannelOf, quoteSchema } from '../schema/schema-name.js';

/** The name of the checkpoint of the read models (all projections move together). */
export const DEFAULT_PROJECTOR_NAME = 'read-models';

/** Another writer moved the checkpoint since this projector read it (a rebuild's swap, or a second projector). */
export class CheckpointMovedError extends Error {
  constructor(
    readonly expected: Position,
    readonly actual: Position,
  ) {
    super(`Checkpoint moved: expected ${formatPosition(expected)}, found ${formatPosition(actual)}`);
    this.name = 'CheckpointMovedError';
  }
}

interface PositionRow {
  readonly commit_position: string;
  readonly prepare_position: string;
}

const toPosition = (row: PositionRow): Position => ({
  commit: BigInt(row.commit_position),
  prepare: BigInt(row.prepare_position),
});

/** The payload of a checkpoint notification: `{name} {commit}/{prepare}`. */
export const checkpointPayload = (name: string, position: Position): string =>
  `${name} ${formatPosition(position)}`;

/**
 * The `projection_checkpoints` table of one schema. A checkpoint moves only inside the transaction
 * that writes the rows of its events, and only from the position its writer read (`move`, the
 * transaction's first statement, which holds the row's lock until commit): applying an event twice
 * is impossible, even with two projectors or a rebuild racing. Events that write no rows move it in
 * that one statement alone.
 */
export class CheckpointTable {
  readonly #channel: string;
  readonly #ensure: SqlStatement;
  readonly #read: SqlStatement;
  readonly #lock: SqlStatement;
  readonly #save: SqlStatement;
  readonly #move: SqlStatement;

  constructor(readonly schema: string) {
    const table = `${quoteSchema(schema)}.projection_checkpoints`;
    const columns = `commit_position::text AS commit_position, prepare_position::text AS prepare_position`;
    this.#channel = checkpointChannelOf(schema);
    this.#ensure = namedStatement(
      'checkpoint_ensure',
      `INSERT INTO ${table} (name, commit_position, prepare_position) VALUES ($1, -1, -1)
             ON CONFLICT (name) DO NOTHING`,
    );
    this.#read = namedStatement('checkpoint_read', `SELECT ${columns} FROM ${table} WHERE name = $1`);
    this.#lock = namedStatement(
      'checkpoint_lock',
      `SELECT ${columns} FROM ${table} WHERE name = $1 FOR UPDATE`,
    );
    // The NOTIFY is part of the transaction: listeners hear of the position only once it committed.
    this.#save = namedStatement(
      'checkpoint_save',
      `WITH saved AS (
               UPDATE ${table} SET commit_position = $2::bigint, prepare_position = $3::bigint, updated_at = now()
                WHERE name = $1 RETURNING name)
             SELECT pg_notify($4, $5) FROM saved`,
    );
    this.#move = namedStatement(
      'checkpoint_move',
      `WITH moved AS (
               UPDATE ${table} SET commit_position = $4::bigint, prepare_position = $5::bigint, updated_at = now()
                WHERE name = $1 AND commit_position = $2::bigint AND prepare_position = $3::bigint RETURNING name)
             SELECT pg_notify($6, $7) FROM moved`,
    );
  }

  /** The NOTIFY channel on which `save` announces positions. */
  get channel(): string {
    return this.#channel;
  }

  /** Creates the checkpoint at `START` if it does not exist; returns where it is. */
  async ensure(sql: SqlExecutor, name: string): Promise<Position> {
    await sql.query(this.#ensure, [name]);
    return (await this.read(sql, name)) ?? START;
  }

  /** Where the checkpoint is, or null when there is none. */
  async read(sql: SqlExecutor, name: string): Promise<Position | null> {
    const [row] = await sql.query<PositionRow>(this.#read, [name]);
    return row ? toPosition(row) : null;
  }

  /** Locks the checkpoint row for the rest of `tx` and returns it (`START` when missing). */
  async lockAndRead(tx: SqlExecutor, name: string): Promise<Position> {
    const [row] = await tx.query<PositionRow>(this.#lock, [name]);
    return row ? toPosition(row) : START;
  }

  /** Moves the checkpoint (locked in `tx`) to `position` and announces it at commit. */
  async save(tx: SqlExecutor, name: string, position: Position): Promise<void> {
    const { commit, prepare } = position;
    const payload = checkpointPayload(name, position);
    await tx.query(this.#save, [name, commit.toString(), prepare.toString(), this.#channel, payload]);
  }

  /**
   * Moves the checkpoint from `expected` to `position` in one statement (announced at commit);
   * throws `CheckpointMovedError` when it is not at `expected`. In a transaction it goes first:
   * every writer takes the checkpoint's lock before its rows, so writers never deadlock.
   */
  async move(sql: SqlExecutor, name: string, expected: Position, position: Position): Promise<void> {
    const moved = await sql.query(this.#move, [
      name,
      expected.commit.toString(),
      expected.prepare.toString(),
      position.commit.toString(),
      position.prepare.toString(),
      this.#channel,
      checkpointPayload(name, position),
    ]);
    if (moved.length === 0) throw new CheckpointMovedError(expected, (await this.read(sql, name)) ?? START);
  }
}
