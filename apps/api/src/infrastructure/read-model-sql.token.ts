/** Injection token of the `SqlExecutor` of the read-model database. */
export const READ_MODEL_SQL = Symbol('ReadModelSql');
