/**
 * The triggers that raise `goals.revision` (see migrations/1764290000000-AddGoalRevisions.ts) and, from
 * migrations/1796170000000-AddGoalLoggedTotals.ts on, keep `goals.logged_total` equal to the sum of the goal's log
 * values, as statements per dialect, so that the migrations and the SQLite table-rebuild guard in database.ts create
 * the same ones.
 */
/** Tables whose rows belong to a goal (`goal_id`) and feed what is derived from it. */
export const REVISED_BY = ['progress_logs', 'pauses', 'kaggle_results', 'workouts'] as const;

/** Columns of `goals` that what is derived from a goal depends on. */
export const GOAL_RULE_COLUMNS = [
  'kind',
  'status',
  'target',
  'target_type',
  'frequency_times',
  'frequency_per_days',
  'start_date',
  'due_date',
  'template',
] as const;

/**
 * On SQLite, where triggers run once per row, a table that holds a row only while a log writer's transaction settles
 * the goals of the logs it inserts itself (one UPDATE per goal instead of one per log; see
 * migrations/1796280000000-SettleLogTotalsPerWrite.ts): the insert trigger of `progress_logs` skips while it holds
 * one. The row is inserted and deleted inside that transaction, so no other connection ever sees it.
 */
export const SETTLING_TABLE = 'log_settlements';

/** The tables whose rows carry a `value` that `goals.logged_total` sums. */
const TOTALLED: ReadonlySet<string> = new Set(['progress_logs']);

/**
 * The statements that create and drop the revision triggers of one dialect. With `loggedTotals`, the triggers on
 * `progress_logs` also move each goal's `logged_total` by the values its rows gain and lose, in the same statement
 * as the revision (the column must exist). With `settledByWriters` (SQLite, the current schema; SETTLING_TABLE
 * must exist), the insert trigger of `progress_logs` skips while SETTLING_TABLE holds a row.
 */
export function goalRevisionTriggers(
  dialect: 'sqlite' | 'postgres',
  opts: { loggedTotals: boolean; settledByWriters?: boolean; perKeyUpdates?: boolean } = {
    loggedTotals: true,
    settledByWriters: true,
    perKeyUpdates: true,
  },
): { create: string[]; drop: string[] } {
  const perKey = opts.perKeyUpdates === true;
  const create: string[] = [];
  const drop: string[] = [];
  if (dialect === 'sqlite') {
    for (const table of REVISED_BY) {
      // On an update the difference is taken first, so that a row that keeps its goal and value adds exactly 0.
      const triggers =
        opts.loggedTotals && TOTALLED.has(table)
          ? sqliteRowTriggers(table, 'revise', {
              insert: 'UPDATE goals SET revision = revision + 1, logged_total = logged_total + NEW.value WHERE id = NEW.goal_id',
              insertWhen: opts.settledByWriters === true ? `NOT EXISTS (SELECT 1 FROM ${SETTLING_TABLE})` : undefined,
              update: perKey
                ? // The same additions as below, one goal per statement: the row the log names now, then the one it left.
                  'UPDATE goals SET revision = revision + 1, logged_total = logged_total + ' +
                  '(NEW.value - CASE WHEN OLD.goal_id = NEW.goal_id THEN OLD.value ELSE 0 END) WHERE id = NEW.goal_id; ' +
                  'UPDATE goals SET revision = revision + 1, logged_total = logged_total + (0 - OLD.value) ' +
                  'WHERE id = OLD.goal_id AND OLD.goal_id <> NEW.goal_id'
                : 'UPDATE goals SET revision = revision + 1, logged_total = logged_total + ' +
                  '(CASE WHEN id = NEW.goal_id THEN NEW.value ELSE 0 END - CASE WHEN id = OLD.goal_id THEN OLD.value ELSE 0 END) ' +
                  'WHERE id IN (OLD.goal_id, NEW.goal_id)',
              delete: 'UPDATE goals SET revision = revision + 1, logged_total = logged_total - OLD.value WHERE id = OLD.goal_id',
            })
          : sqliteRowTriggers(table, 'revise', reviseBodies('goals', 'goal_id', perKey));
      create.push(...triggers.create);
      drop.push(...triggers.drop);
    }
    create.push(
      `CREATE TRIGGER trg_goals_revise_rule AFTER UPDATE OF ${GOAL_RULE_COLUMNS.join(', ')} ON goals ` +
        `BEGIN UPDATE goals SET revision = revision + 1 WHERE id = NEW.id; END`,
    );
    drop.push('DROP TRIGGER IF EXISTS trg_goals_revise_rule');
    return { create, drop };
  }

  create.push(
    pgReviseFunction('hoego_revise_goals', 'goals', 'goal_id'),
    `CREATE FUNCTION hoego_revise_goal_rule() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF (${GOAL_RULE_COLUMNS.map((c) => `NEW.${c}`).join(', ')}) IS DISTINCT FROM
          (${GOAL_RULE_COLUMNS.map((c) => `OLD.${c}`).join(', ')}) THEN
         NEW.revision := OLD.revision + 1;
       END IF;
       RETURN NEW;
     END $$`,
  );
  if (opts.loggedTotals)
    create.push(
      `CREATE FUNCTION hoego_revise_goals_and_totals() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF TG_OP = 'INSERT' THEN
         UPDATE goals g SET revision = g.revision + 1, logged_total = g.logged_total + d.delta
           FROM (SELECT goal_id, SUM(value) AS delta FROM new_rows GROUP BY goal_id) d WHERE g.id = d.goal_id;
       ELSIF TG_OP = 'DELETE' THEN
         UPDATE goals g SET revision = g.revision + 1, logged_total = g.logged_total - d.delta
           FROM (SELECT goal_id, SUM(value) AS delta FROM old_rows GROUP BY goal_id) d WHERE g.id = d.goal_id;
       ELSE
         UPDATE goals g SET revision = g.revision + 1, logged_total = g.logged_total + d.delta
           FROM (SELECT goal_id, SUM(delta) AS delta
                   FROM (SELECT goal_id, value AS delta FROM new_rows UNION ALL SELECT goal_id, -value FROM old_rows) moved
                  GROUP BY goal_id) d
          WHERE g.id = d.goal_id;
       END IF;
       RETURN NULL;
     END $$`,
    );
  for (const table of REVISED_BY) {
    const triggers = pgStatementTriggers(
      table,
      'revise',
      opts.loggedTotals && TOTALLED.has(table) ? 'hoego_revise_goals_and_totals' : 'hoego_revise_goals',
    );
    create.push(...triggers.create);
    drop.push(...triggers.drop);
  }
  create.push('CREATE TRIGGER trg_goals_revise_rule BEFORE UPDATE ON goals FOR EACH ROW EXECUTE FUNCTION hoego_revise_goal_rule()');
  drop.push('DROP TRIGGER IF EXISTS trg_goals_revise_rule ON goals', 'DROP FUNCTION IF EXISTS hoego_revise_goals()');
  drop.push('DROP FUNCTION IF EXISTS hoego_revise_goals_and_totals()');
  drop.push('DROP FUNCTION IF EXISTS hoego_revise_goal_rule()');
  return { create, drop };
}

/** Names of the SQLite revision triggers, of goals and of users (for the table-rebuild guard). */
export function sqliteRevisionTriggerNames(): string[] {
  return [...goalRevisionTriggers('sqlite').drop, ...userRevisionTriggers('sqlite').drop].map((sql) =>
    sql.replace('DROP TRIGGER IF EXISTS ', ''),
  );
}

/**
 * Tables whose rows belong to a user (`user_id`) and feed the year in review; a change to any raises the owner's
 * `users.revision` (migrations/1796170000001-AddUserRevisions.ts). Tokens and request keys are left out: they
 * change nothing a review shows, and a token's last use is written on reads.
 */
export const USER_REVISED_BY = [
  'goals',
  'progress_logs',
  'milestones',
  'pauses',
  'kaggle_results',
  'workouts',
  'workout_sets',
  'ladder_levels',
  'venues',
  'pipelines',
] as const;

/**
 * Tables whose every write also updates the row of its goal in the same statement (their goal is never null), so
 * that the trigger on `goals` raises the owner's revision for them: from
 * migrations/1796270000000-DropRedundantLogTriggers.ts on, they carry no user-revision triggers of their own,
 * which made each log write update its owner's row twice.
 */
export const USER_REVISED_THROUGH_GOALS: ReadonlySet<string> = new Set(['progress_logs']);

/**
 * The statements that create and drop the triggers raising `users.revision`, for one dialect. With
 * `throughGoals` (the default, the current schema), tables in USER_REVISED_THROUGH_GOALS get none: `drop` still
 * names theirs, so that dropping the set also drops those of an earlier schema.
 */
export function userRevisionTriggers(
  dialect: 'sqlite' | 'postgres',
  opts: { throughGoals: boolean; perKeyUpdates?: boolean } = { throughGoals: true, perKeyUpdates: true },
): { create: string[]; drop: string[] } {
  const create: string[] = [];
  const drop: string[] = [];
  const skip = (table: string) => opts.throughGoals && USER_REVISED_THROUGH_GOALS.has(table);
  if (dialect === 'sqlite') {
    for (const table of USER_REVISED_BY) {
      const triggers = sqliteRowTriggers(table, 'user_revise', reviseBodies('users', 'user_id', opts.perKeyUpdates === true));
      if (!skip(table)) create.push(...triggers.create);
      drop.push(...triggers.drop);
    }
    return { create, drop };
  }
  create.push(pgReviseFunction('hoego_revise_users', 'users', 'user_id'));
  for (const table of USER_REVISED_BY) {
    const triggers = pgStatementTriggers(table, 'user_revise', 'hoego_revise_users');
    if (!skip(table)) create.push(...triggers.create);
    drop.push(...triggers.drop);
  }
  drop.push('DROP FUNCTION IF EXISTS hoego_revise_users()');
  return { create, drop };
}

/** A plpgsql trigger function raising `revision` on the rows of `target` named by the changed rows' `key` column. */
function pgReviseFunction(name: string, target: 'goals' | 'users', key: 'goal_id' | 'user_id'): string {
  return `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF TG_OP = 'INSERT' THEN
         UPDATE ${target} SET revision = revision + 1 WHERE id IN (SELECT ${key} FROM new_rows);
       ELSIF TG_OP = 'DELETE' THEN
         UPDATE ${target} SET revision = revision + 1 WHERE id IN (SELECT ${key} FROM old_rows);
       ELSE
         UPDATE ${target} SET revision = revision + 1
          WHERE id IN (SELECT ${key} FROM new_rows UNION SELECT ${key} FROM old_rows);
       END IF;
       RETURN NULL;
     END $$`;
}

/** PostgreSQL statement-level triggers `trg_<table>_<suffix>_{insert,update,delete}` running `fn` with the transition tables. */
function pgStatementTriggers(table: string, suffix: string, fn: string): { create: string[]; drop: string[] } {
  return {
    create: [
      `CREATE TRIGGER trg_${table}_${suffix}_insert AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows ` +
        `FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
      `CREATE TRIGGER trg_${table}_${suffix}_update AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows ` +
        `FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
      `CREATE TRIGGER trg_${table}_${suffix}_delete AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows ` +
        `FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
    ],
    drop: ['insert', 'update', 'delete'].map((op) => `DROP TRIGGER IF EXISTS trg_${table}_${suffix}_${op} ON ${table}`),
  };
}

/**
 * The statements raising `revision` on the row of `target` that a changed row names by `key` (both, when it moves).
 * With `perKey` (from migrations/1796290000000-ReviseRowsByKey.ts on), an update names each row by its key in a
 * statement of its own: SQLite runs `id IN (OLD.key, NEW.key)` in a trigger by building a temporary table of the two
 * keys, which made the goal-to-owner trigger that every log write fires cost about twice the log's own insert.
 */
function reviseBodies(
  target: 'goals' | 'users',
  key: 'goal_id' | 'user_id',
  perKey: boolean,
): { insert: string; update: string; delete: string } {
  return {
    insert: `UPDATE ${target} SET revision = revision + 1 WHERE id = NEW.${key}`,
    update: perKey
      ? `UPDATE ${target} SET revision = revision + 1 WHERE id = NEW.${key}; ` +
        `UPDATE ${target} SET revision = revision + 1 WHERE id = OLD.${key} AND OLD.${key} IS NOT NEW.${key}`
      : `UPDATE ${target} SET revision = revision + 1 WHERE id IN (OLD.${key}, NEW.${key})`,
    delete: `UPDATE ${target} SET revision = revision + 1 WHERE id = OLD.${key}`,
  };
}

/**
 * SQLite row-level triggers `trg_<table>_<suffix>_{insert,update,delete}`, each running one statement; the insert
 * trigger only when `insertWhen` holds, if given.
 */
function sqliteRowTriggers(
  table: string,
  suffix: string,
  bodies: { insert: string; update: string; delete: string; insertWhen?: string },
): { create: string[]; drop: string[] } {
  const ops = ['insert', 'update', 'delete'] as const;
  const when = (op: (typeof ops)[number]) => (op === 'insert' && bodies.insertWhen !== undefined ? ` WHEN ${bodies.insertWhen}` : '');
  return {
    create: ops.map(
      (op) => `CREATE TRIGGER trg_${table}_${suffix}_${op} AFTER ${op.toUpperCase()} ON ${table}${when(op)} BEGIN ${bodies[op]}; END`,
    ),
    drop: ops.map((op) => `DROP TRIGGER IF EXISTS trg_${table}_${suffix}_${op}`),
  };
}
