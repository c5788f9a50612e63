/**
 * The triggers that raise `goals.revision` (see migrations/1764290000000-AddGoalRevisions.ts), as statements
 * per dialect, so that the migration and the SQLite table-rebuild guard in database.ts create the same ones.
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

/** The statements that create and drop the revision triggers of one dialect. */
export function goalRevisionTriggers(dialect: 'sqlite' | 'postgres'): { create: string[]; drop: string[] } {
  const create: string[] = [];
  const drop: string[] = [];
  if (dialect === 'sqlite') {
    for (const table of REVISED_BY) {
      create.push(
        `CREATE TRIGGER trg_${table}_revise_insert AFTER INSERT ON ${table} ` +
          `BEGIN UPDATE goals SET revision = revision + 1 WHERE id = NEW.goal_id; END`,
        `CREATE TRIGGER trg_${table}_revise_update AFTER UPDATE ON ${table} ` +
          `BEGIN UPDATE goals SET revision = revision + 1 WHERE id IN (OLD.goal_id, NEW.goal_id); END`,
        `CREATE TRIGGER trg_${table}_revise_delete AFTER DELETE ON ${table} ` +
          `BEGIN UPDATE goals SET revision = revision + 1 WHERE id = OLD.goal_id; END`,
      );
      drop.push(
        `DROP TRIGGER IF EXISTS trg_${table}_revise_insert`,
        `DROP TRIGGER IF EXISTS trg_${table}_revise_update`,
        `DROP TRIGGER IF EXISTS trg_${table}_revise_delete`,
      );
    }
    create.push(
      `CREATE TRIGGER trg_goals_revise_rule AFTER UPDATE OF ${GOAL_RULE_COLUMNS.join(', ')} ON goals ` +
        `BEGIN UPDATE goals SET revision = revision + 1 WHERE id = NEW.id; END`,
    );
    drop.push('DROP TRIGGER IF EXISTS trg_goals_revise_rule');
    return { create, drop };
  }

  create.push(
    `CREATE FUNCTION hoego_revise_goals() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF TG_OP = 'INSERT' THEN
         UPDATE goals SET revision = revision + 1 WHERE id IN (SELECT goal_id FROM new_rows);
       ELSIF TG_OP = 'DELETE' THEN
         UPDATE goals SET revision = revision + 1 WHERE id IN (SELECT goal_id FROM old_rows);
       ELSE
         UPDATE goals SET revision = revision + 1
          WHERE id IN (SELECT goal_id FROM new_rows UNION SELECT goal_id FROM old_rows);
       END IF;
       RETURN NULL;
     END $$`,
    `CREATE FUNCTION hoego_revise_goal_rule() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF (${GOAL_RULE_COLUMNS.map((c) => `NEW.${c}`).join(', ')}) IS DISTINCT FROM
          (${GOAL_RULE_COLUMNS.map((c) => `OLD.${c}`).join(', ')}) THEN
         NEW.revision := OLD.revision + 1;
       END IF;
       RETURN NEW;
     END $$`,
  );
  for (const table of REVISED_BY) {
    create.push(
      `CREATE TRIGGER trg_${table}_revise_insert AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows ` +
        `FOR EACH STATEMENT EXECUTE FUNCTION hoego_revise_goals()`,
      `CREATE TRIGGER trg_${table}_revise_update AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows ` +
        `FOR EACH STATEMENT EXECUTE FUNCTION hoego_revise_goals()`,
      `CREATE TRIGGER trg_${table}_revise_delete AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows ` +
        `FOR EACH STATEMENT EXECUTE FUNCTION hoego_revise_goals()`,
    );
    drop.push(
      `DROP TRIGGER IF EXISTS trg_${table}_revise_insert ON ${table}`,
      `DROP TRIGGER IF EXISTS trg_${table}_revise_update ON ${table}`,
      `DROP TRIGGER IF EXISTS trg_${table}_revise_delete ON ${table}`,
    );
  }
  create.push('CREATE TRIGGER trg_goals_revise_rule BEFORE UPDATE ON goals FOR EACH ROW EXECUTE FUNCTION hoego_revise_goal_rule()');
  drop.push('DROP TRIGGER IF EXISTS trg_goals_revise_rule ON goals', 'DROP FUNCTION IF EXISTS hoego_revise_goals()');
  drop.push('DROP FUNCTION IF EXISTS hoego_revise_goal_rule()');
  return { create, drop };
}

/** Names of the SQLite revision triggers (for the table-rebuild guard). */
export function sqliteRevisionTriggerNames(): string[] {
  return goalRevisionTriggers('sqlite').drop.map((sql) => sql.replace('DROP TRIGGER IF EXISTS ', ''));
}
