import { hash } from 'node:crypto';
import type { EntityManager, EntityMetadata } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { Clock } from '../../clock';
import type { Database } from '../../db/database';
import { isUniqueViolation } from '../../db/errors';
import { insertReturningIds } from '../../db/insert';
import { SETTLING_TABLE } from '../../db/revision-triggers';
import { findRow, hydrate, selectList } from '../../db/rows';
import { localDateOf } from '../../domain/calendar';
import { isValidRating } from '../../domain/rating';
import { AppError, ErrorCode, badInput, notFound, requireSomeChange } from '../../errors';
import { toGlobalId } from '../../ids';
import type { GoalEntity } from '../goal/goal.entity';
import type { Outbox } from '../event/outbox';
import type { GoalService } from '../goal/goal.service';
import { KaggleResultEntity } from '../kaggle/kaggle-result.entity';
import type { UserEntity } from '../user/user.entity';
import { WorkoutEntity } from '../workout/workout.entity';
import { ProgressLogEntity } from './progress-log.entity';
import { writeCheckpoint } from '../../deadline';

const MAX_ABS_VALUE = 1e12;
const MAX_NOTE = 10_000;
/** Most logs one `createMany` call takes. */
export const MAX_LOGS_PER_BATCH = 1000;
/** Parameters per `IN (…)` list, under SQLite's and PostgreSQL's bound-parameter limits. */
const IDS_PER_STATEMENT = 500;

/** A log to write, as the client asked for it: ids resolved, values not yet checked. */
export interface LogDraft {
  goalId: number;
  /** Default 1. */
  value?: number | null;
  /** Default now. */
  occurredAt?: Date | null;
  /** Default the local day of `occurredAt` in the user's zone and day start. */
  date?: string | null;
  note?: string | null;
  /** 1–5, or none. */
  rating?: number | null;
  /** Makes a retry safe: the same key with the same draft returns the log already saved. */
  requestId?: string | null;
}

/** Changes to a log; omitted fields stay as they are, a null note clears it. */
export interface LogChanges {
  value?: number | null;
  occurredAt?: Date | null;
  date?: string | null;
  note?: string | null;
}

/** The log that a record (a workout, a Kaggle result) owns, or null when it should own none. */
export interface OwnedLogSpec {
  /** The goal it counts toward, already locked by the caller. */
  goal: GoalEntity;
  value: number;
  date: string;
  occurredAt: Date;
  note: string | null;
}

/** A log a file brought: its draft, the key it is remembered by, and where in the file it came from. */
export interface ImportItem {
  draft: LogDraft;
  key: string;
  /** The key an earlier version remembered the same item by, when the caller has logs of that time: found, it counts as `key`. */
  formerKey?: string;
  where: string;
}

/** A log as an export holds it, its goal already mapped to this server's id. */
export interface RestoredLog {
  goalId: number;
  value: number;
  note: string | null;
  rating: number | null;
  occurredAt: Date;
  date: string;
  requestId: string | null;
  requestHash: string | null;
  importSource: string | null;
  importKey: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** One item of `createMany`: the saved log (the earlier one for a retry), or why this item was refused. */
export type BatchOutcome = { log: ProgressLogEntity; error: null } | { log: null; error: AppError };

/** A draft that passed the checks, with its day fixed. */
interface CheckedLog {
  goalId: number;
  value: number;
  note: string | null;
  rating: number | null;
  occurredAt: Date;
  date: string;
  requestId: string | null;
  requestHash: string | null;
}

/**
 * The one way progress logs come to exist, change or go: plain logs, rated reflections, batches, and the logs a
 * workout or a Kaggle result owns. It owns the rules: the local day from the instant, the zone and the day start;
 * nothing after today; value, note and rating bounds; the requestId fingerprint and its CONFLICT; that an owned log
 * changes only through its owner; the goal's row lock; and the status of a TARGET goal that its logs reach.
 */
export class ProgressLogWriter {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly goals: GoalService,
    private readonly events: Outbox,
  ) {}

  /** Saves one log and returns it with its goal (status updated). A retry with the same requestId creates nothing. */
  async create(user: UserEntity, draft: LogDraft): Promise<{ log: ProgressLogEntity; goal: GoalEntity }> {
    const now = this.clock.now();
    const today = this.goals.today(user);
    const log = checkDraft(user, draft, now, today);
    const attempt = () =>
      this.db.write(async (em) => {
        // The lock first: a concurrent retry then waits here and finds the log the first one saved.
        const { goal, loggedTotal } = await this.goals.lockWithTotal(em, user.id, log.goalId);
        // A requestId already taken leaves the insert with nothing to do (no look-up first: a new key is the
        // common case), and the log saved under it answers: the same one for a retry, a CONFLICT otherwise.
        const saved = await this.insertOne(em, user.id, log, now);
        if (!saved) {
          const earlier = await this.findRetry(em, user.id, log);
          if (!earlier) throw new Error(`requestId ${JSON.stringify(log.requestId)} is taken, yet no log of the user holds it`);
          // The same fingerprint means the same goal.
          return { log: earlier, goal };
        }
        this.events.addLogs(em, user.id, 'LOG_CREATED', [saved]);
        // The insert's trigger added exactly this value to the kept total the lock found (the same addition).
        await this.goals.syncTargetStatus(em, goal, today, { allowRevert: false, loggedTotal: loggedTotal + saved.value });
        return { log: saved, goal };
      });
    return this.retryingOnDuplicateKey(log.requestId !== null, attempt);
  }

  /**
   * Saves up to MAX_LOGS_PER_BATCH logs in one transaction and answers one outcome per draft, in order. A draft
   * with bad input, a goal that is not the user's, or a requestId used with other input fails alone; the others
   * are saved together or, should the transaction fail, not at all. Each goal's status is settled once. An item
   * the caller already refused (an AppError in place of a draft, e.g. an ID that names no goal) keeps its place.
   */
  async createMany(user: UserEntity, drafts: ReadonlyArray<LogDraft | AppError>): Promise<BatchOutcome[]> {
    if (drafts.length > MAX_LOGS_PER_BATCH) throw badInput('logs', `must hold at most ${MAX_LOGS_PER_BATCH} logs, got ${drafts.length}`);
    const now = this.clock.now();
    const today = this.goals.today(user);
    const checked = drafts.map((draft): CheckedLog | AppError => {
      if (draft instanceof AppError) return draft;
      try {
        return checkDraft(user, draft, now, today);
      } catch (error) {
        if (error instanceof AppError) return error;
        throw error;
      }
    });
    const attempt = () => this.db.write((em) => this.createManyIn(em, user, checked, now, today));
    return this.retryingOnDuplicateKey(
      checked.some((c) => !(c instanceof AppError) && c.requestId !== null),
      attempt,
    );
  }

  /** Edits one of the user's logs. A new occurredAt without a date moves the log to that instant's day. */
  async edit(user: UserEntity, id: number, changes: LogChanges): Promise<ProgressLogEntity> {
    requireSomeChange(changes);
    return this.db.write(async (em) => {
      const log = await this.getIn(em, user.id, id);
      await this.refuseOwned(em, log);
      if (changes.value != null) log.value = checkValue(changes.value);
      if (changes.note !== undefined) log.note = checkNote(changes.note);
      if (changes.occurredAt != null) {
        log.occurredAt = changes.occurredAt;
        if (changes.date == null) log.date = localDateOf(changes.occurredAt, user.timeZone, user.dayStartsAt);
      }
      if (changes.date != null) log.date = changes.date;
      const today = this.goals.today(user);
      checkNotFuture(user, log.date, today, changes.date != null ? 'date' : 'occurredAt');
      log.updatedAt = this.clock.now();
      const goal = await this.goals.lockIn(em, user.id, log.goalId);
      const saved = await em.save(log);
      this.events.addLogs(em, user.id, 'LOG_UPDATED', [saved]);
      await this.goals.syncTargetStatus(em, goal, today);
      return saved;
    });
  }

  /** Deletes one of the user's logs. */
  async remove(user: UserEntity, id: number): Promise<void> {
    await this.db.write(async (em) => {
      const log = await this.getIn(em, user.id, id);
      await this.refuseOwned(em, log);
      const goal = await this.goals.lockIn(em, user.id, log.goalId);
      await em.delete(ProgressLogEntity, { id: log.id });
      this.events.addLogs(em, user.id, 'LOG_DELETED', [log]);
      await this.goals.syncTargetStatus(em, goal, this.goals.today(user));
    });
  }

  /** Sets (1–5) or clears (null) the rating of one of the user's logs; a rating changes no total, so owned logs take one too. */
  async rate(user: UserEntity, id: number, rating: number | null): Promise<ProgressLogEntity> {
    const checked = rating === null ? null : checkRating(rating);
    return this.db.write(async (em) => {
      const log = await this.getIn(em, user.id, id);
      log.rating = checked;
      log.updatedAt = this.clock.now();
      const saved = await em.save(log);
      this.events.addLogs(em, user.id, 'LOG_UPDATED', [saved]);
      return saved;
    });
  }

  /**
   * Keeps the one log that a record (a workout, a Kaggle result) owns in step with it, inside the caller's
   * transaction: creates it, moves and rewrites it, or deletes it when `spec` is null. The goals it leaves and
   * joins get their status settled. Returns the log's id (null when there is none). A log that is gone
   * (`existingLogId` pointing nowhere) is written again.
   */
  async syncOwned(em: EntityManager, user: UserEntity, existingLogId: number | null, spec: OwnedLogSpec | null): Promise<number | null> {
    const now = this.clock.now();
    const today = this.goals.today(user);
    if (spec) {
      checkValue(spec.value);
      checkNote(spec.note);
      checkNotFuture(user, spec.date, today, 'date');
    }
    const existing = existingLogId === null ? null : await em.findOneBy(ProgressLogEntity, { id: existingLogId, userId: user.id });
    const leftGoalId = existing && (spec === null || existing.goalId !== spec.goal.id) ? existing.goalId : null;
    let logId: number | null = null;
    if (spec === null) {
      if (existing) {
        await em.delete(ProgressLogEntity, { id: existing.id });
        this.events.addLogs(em, user.id, 'LOG_DELETED', [existing]);
      }
    } else if (existing) {
      Object.assign(existing, {
        goalId: spec.goal.id,
        value: spec.value,
        date: spec.date,
        occurredAt: spec.occurredAt,
        note: spec.note,
        updatedAt: now,
      });
      const saved = await em.save(existing);
      this.events.addLogs(em, user.id, 'LOG_UPDATED', [saved]);
      logId = saved.id;
    } else {
      const [log] = await this.insert(
        em,
        user.id,
        [{ ...spec, goalId: spec.goal.id, rating: null, requestId: null, requestHash: null }],
        now,
      );
      this.events.addLogs(em, user.id, 'LOG_CREATED', [log]);
      logId = log.id;
    }
    if (leftGoalId !== null) await this.goals.syncTargetStatus(em, await this.goals.lockIn(em, user.id, leftGoalId), today);
    if (spec) await this.goals.syncTargetStatus(em, spec.goal, today);
    return logId;
  }

  /**
   * Writes logs that a file brought (a spreadsheet, another app's export) inside the caller's transaction, checked
   * as any log is. Each remembers `source` and its key; a key saved before (the same file imported again) is
   * skipped (as is one whose `formerKey` was saved), as is a key repeated within the items. A bad item throws
   * BAD_USER_INPUT prefixed with its `where`
   * (file, line, field), so the caller's transaction takes everything back. Goal statuses are settled once each.
   */
  async importMany(
    em: EntityManager,
    user: UserEntity,
    source: string,
    items: ReadonlyArray<ImportItem>,
  ): Promise<{ created: number; existing: number }> {
    // Called once per chunk of an import: past its deadline, the whole import rolls back.
    await writeCheckpoint();
    const now = this.clock.now();
    const today = this.goals.today(user);
    const checked: ProgressLogEntity[] = [];
    // The key an earlier version remembered each item by, at the item's index (null when it has none).
    const formerKeys: Array<string | null> = [];
    for (const { draft, key, formerKey, where } of items) {
      let log: CheckedLog;
      try {
        log = checkDraft(user, draft.requestId == null ? draft : { ...draft, requestId: null }, now, today);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        const field = typeof error.details.field === 'string' ? error.details.field : null;
        throw new AppError(error.code, `${where}: ${error.message}`, { ...error.details, field: field ?? where, where });
      }
      const row = toRow(log, user.id, now);
      row.importSource = source;
      row.importKey = key;
      checked.push(row);
      formerKeys.push(formerKey ?? null);
    }
    const goals = await this.goals.lockManyIn(em, user.id, [...new Set(checked.map((c) => c.goalId))]);
    const keys = new Set<string>();
    checked.forEach((c, i) => {
      keys.add(c.importKey!);
      if (formerKeys[i] !== null) keys.add(formerKeys[i]);
    });
    const seen = await takenImportKeys(em, user.id, source, [...keys]);
    const fresh = checked.filter((c, i) => {
      const formerKey = formerKeys[i];
      if (seen.has(c.importKey!) || (formerKey !== null && seen.has(formerKey))) return false;
      seen.add(c.importKey!);
      return true;
    });
    this.events.addLogs(em, user.id, 'LOG_CREATED', await this.insertRows(em, fresh, goals));
    for (const goalId of new Set(fresh.map((c) => c.goalId))) {
      await this.goals.syncTargetStatus(em, goals.get(goalId)!.goal, today, { allowRevert: false });
    }
    // An import hands over its file a chunk at a time in one transaction: its events are written with each chunk,
    // not held until the commit.
    await this.events.flush(em);
    return { created: fresh.length, existing: checked.length - fresh.length };
  }

  /**
   * Writes logs exactly as another hoego exported them (their day, instants, rating and request keys kept), inside
   * the caller's transaction, and returns their new ids in order. The values are checked as for any log; the day
   * is not recomputed, since it was fixed when the log was first written. Goal statuses come with the export.
   */
  async restore(em: EntityManager, userId: number, logs: ReadonlyArray<RestoredLog>): Promise<number[]> {
    await writeCheckpoint();
    const rows = logs.map((log) => {
      checkValue(log.value);
      checkNote(log.note);
      if (log.rating !== null) checkRating(log.rating);
      return { ...log, userId };
    });
    return insertReturningIds(em, ProgressLogEntity, rows);
  }

  private async createManyIn(
    em: EntityManager,
    user: UserEntity,
    checked: ReadonlyArray<CheckedLog | AppError>,
    now: Date,
    today: string,
  ): Promise<BatchOutcome[]> {
    const outcomes: Array<BatchOutcome | null> = checked.map((c) => (c instanceof AppError ? { log: null, error: c } : null));
    const valid = checked.flatMap((c, index) => (c instanceof AppError ? [] : [{ index, log: c }]));
    // Locks first, as in `create`: a concurrent retry of the same batch waits, then finds every key taken.
    const goals = await this.goals.lockManyIn(em, user.id, [...new Set(valid.map((v) => v.log.goalId))]);
    const requestIds = valid.map((v) => v.log.requestId).filter((r) => r !== null);
    const earlier = await this.findRetries(em, user.id, requestIds);
    const fresh: typeof valid = [];
    // A key seen earlier in this batch: its first item decides, as a row saved before would.
    const firstOfKey = new Map<string, CheckedLog>();
    const repeatsOf = new Map<number, number>();
    for (const v of valid) {
      const { requestId } = v.log;
      const before = requestId === null ? undefined : earlier.get(requestId);
      if (requestId !== null && before) {
        outcomes[v.index] = sameRequest(before, v.log) ?? { log: before, error: null };
        continue;
      }
      const first = requestId === null ? undefined : firstOfKey.get(requestId);
      if (requestId !== null && first) {
        const conflict = first.requestHash === v.log.requestHash ? null : conflictError(requestId, null);
        if (conflict) outcomes[v.index] = { log: null, error: conflict };
        else
          repeatsOf.set(
            v.index,
            fresh.findIndex((f) => f.log === first),
          );
        continue;
      }
      if (!goals.has(v.log.goalId)) {
        outcomes[v.index] = { log: null, error: notFound('goal', toGlobalId('Goal', v.log.goalId)) };
        continue;
      }
      if (requestId !== null) firstOfKey.set(requestId, v.log);
      fresh.push(v);
    }
    // Between the steps of a batch: past the request's deadline, the whole batch rolls back.
    await writeCheckpoint();
    const saved = await this.insertRows(
      em,
      fresh.map((f) => toRow(f.log, user.id, now)),
      goals,
    );
    await writeCheckpoint();
    this.events.addLogs(em, user.id, 'LOG_CREATED', saved);
    fresh.forEach((f, i) => (outcomes[f.index] = { log: saved[i], error: null }));
    for (const [index, freshIndex] of repeatsOf) outcomes[index] = { log: saved[freshIndex], error: null };
    for (const goalId of new Set(fresh.map((f) => f.log.goalId))) {
      await this.goals.syncTargetStatus(em, goals.get(goalId)!.goal, today, { allowRevert: false });
    }
    return outcomes.map((o) => o!);
  }

  /**
   * Inserts one checked log, as `insertReturningIds` would, and returns it as saved; null when its requestId is one
   * the user already used (the unique index skips it). A request saves one log at a time, so its statement text is
   * built once and reused rather than assembled for each row.
   */
  private async insertOne(em: EntityManager, userId: number, log: CheckedLog, now: Date): Promise<ProgressLogEntity | null> {
    const metadata = em.connection.getMetadata(ProgressLogEntity);
    const { driver } = em.connection;
    const skipTaken = log.requestId !== null;
    let byKind = singleInserts.get(metadata);
    if (!byKind) singleInserts.set(metadata, (byKind = new Map<boolean, { sql: string; columns: ColumnMetadata[] }>()));
    let statement = byKind.get(skipTaken);
    if (!statement) {
      const columns = metadata.columns.filter((column) => !column.isGenerated && column.isInsert);
      const postgres = em.connection.options.type === 'postgres';
      const sql =
        `INSERT INTO ${driver.escape(metadata.tableName)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) ` +
        `VALUES (${columns.map((_, i) => (postgres ? `$${i + 1}` : '?')).join(', ')})` +
        (skipTaken ? ` ON CONFLICT (${driver.escape('user_id')}, ${driver.escape('request_id')}) DO NOTHING` : '') +
        ' RETURNING "id"';
      byKind.set(skipTaken, (statement = { sql, columns }));
    }
    const row = { ...log, userId, createdAt: now, updatedAt: now };
    const parameters = statement.columns.map(
      (column): unknown => (driver.preparePersistentValue(column.getEntityValue(row) ?? null, column) as unknown) ?? null,
    );
    const [inserted] = await em.query<Array<{ id: number | string }>>(statement.sql, parameters);
    return inserted ? Object.assign(new ProgressLogEntity(), row, { id: Number(inserted.id) }) : null;
  }

  /** Inserts checked logs, one statement per thousand, and returns them as saved. */
  private async insert(em: EntityManager, userId: number, logs: readonly CheckedLog[], now: Date): Promise<ProgressLogEntity[]> {
    return this.insertRows(
      em,
      logs.map((log) => toRow(log, userId, now)),
      null,
    );
  }

  /**
   * Inserts rows built by `toRow` and gives each its id. Their goals' revision
   * and kept total move once per goal. PostgreSQL's statement triggers do it for the one INSERT that up to a thousand
   * logs take. SQLite's triggers run per row: given `locked` (the goals, each with the kept total its lock found), the
   * rows are inserted with the trigger held off (SETTLING_TABLE) and the goals settled after, in one statement.
   */
  private async insertRows(
    em: EntityManager,
    rows: ProgressLogEntity[],
    locked: ReadonlyMap<number, { loggedTotal: number }> | null,
  ): Promise<ProgressLogEntity[]> {
    if (rows.length === 0) return [];
    const insert = () => insertReturningIds(em, ProgressLogEntity, rows);
    let ids: number[];
    // Only rows of goals the lock found: for any other, the trigger updates what it finds, as for any insert.
    const settles = locked !== null && em.connection.options.type !== 'postgres';
    if (settles && rows.every((row) => locked.has(row.goalId))) {
      await em.query(`INSERT INTO ${SETTLING_TABLE} (id) VALUES (1)`);
      try {
        ids = await insert();
      } finally {
        await em.query(`DELETE FROM ${SETTLING_TABLE}`);
      }
      await settleGoals(em, locked, rows);
    } else ids = await insert();
    if (ids.length < rows.length) return [];
    rows.forEach((row, i) => (row.id = ids[i]));
    return rows;
  }

  /**
   * Another server (or a concurrent request) saved the same requestId between our look-up and our insert: the
   * unique index refused ours and the transaction rolled back, so running it again answers as for any retry.
   */
  private async retryingOnDuplicateKey<T>(hasKeys: boolean, attempt: () => Promise<T>): Promise<T> {
    try {
      return await attempt();
    } catch (error) {
      if (hasKeys && isUniqueViolation(error)) return attempt();
      throw error;
    }
  }

  /** The log saved earlier under this log's requestId, or null; CONFLICT when that one had other input. */
  private async findRetry(em: EntityManager, userId: number, log: CheckedLog): Promise<ProgressLogEntity | null> {
    const earlier = await findRow(em, ProgressLogEntity, { userId, requestId: log.requestId! });
    if (!earlier) return null;
    const conflict = sameRequest(earlier, log);
    if (conflict) throw conflict.error;
    return earlier;
  }

  /**
   * The user's logs saved under any of these requestIds, by requestId: one hand-written statement per 500 keys (a
   * batch asks for up to a thousand, mostly new ones; TypeORM's `findBy` with `In` spent more building its query than
   * the database spent answering it).
   */
  private async findRetries(em: EntityManager, userId: number, requestIds: string[]): Promise<Map<string, ProgressLogEntity>> {
    const found = new Map<string, ProgressLogEntity>();
    const unique = [...new Set(requestIds)];
    const postgres = em.connection.options.type === 'postgres';
    for (let i = 0; i < unique.length; i += IDS_PER_STATEMENT) {
      const slice = unique.slice(i, i + IDS_PER_STATEMENT);
      const list = placeholders(postgres, 2, slice.length);
      const raws: Array<Record<string, unknown>> = await em.query(
        `SELECT ${selectList(em, ProgressLogEntity, 'l')} FROM progress_logs l ` +
          `WHERE l.user_id = ${postgres ? '$1' : '?'} AND l.request_id IN (${list})`,
        [userId, ...slice],
      );
      for (const raw of raws) {
        const row = hydrate(em, ProgressLogEntity, raw, 'l');
        found.set(row.requestId!, row);
      }
    }
    return found;
  }

  private async getIn(em: EntityManager, userId: number, id: number): Promise<ProgressLogEntity> {
    const log = await findRow(em, ProgressLogEntity, { id, userId });
    if (!log) throw notFound('progress log', toGlobalId('ProgressLog', id));
    return log;
  }

  /**
   * A log written for a workout or a Kaggle result follows its owner, which rewrites it on every change: edited
   * or deleted on its own, the two would drift apart. Such logs are changed through their owner.
   */
  private async refuseOwned(em: EntityManager, log: ProgressLogEntity): Promise<void> {
    const owners: Array<[typeof WorkoutEntity | typeof KaggleResultEntity, string]> = [
      [WorkoutEntity, 'workout: use updateWorkout or deleteWorkout'],
      [KaggleResultEntity, 'Kaggle result: use deleteKaggleResult'],
    ];
    for (const [entity, how] of owners) {
      if (await em.existsBy(entity, { logId: log.id, userId: log.userId })) {
        throw new AppError(ErrorCode.CONFLICT, `This log belongs to a ${how}`, { field: 'id' });
      }
    }
  }

  /**
   * Deletes every log of one of the user's goals inside the caller's transaction, the goal being deleted with
   * them; the records that own some of them (workouts, Kaggle results) are the caller's to settle first.
   * Returns how many logs were deleted.
   */
  async removeAllOfGoal(em: EntityManager, userId: number, goalId: number): Promise<number> {
    return (await em.delete(ProgressLogEntity, { userId, goalId })).affected ?? 0;
  }
}

/** The INSERT of one log, per entity metadata (one per data source) and whether a taken requestId skips it. */
const singleInserts = new WeakMap<EntityMetadata, Map<boolean, { sql: string; columns: ColumnMetadata[] }>>();

/** A checked log as the row to insert: every column set, the id to come. */
function toRow(log: CheckedLog, userId: number, now: Date): ProgressLogEntity {
  const row = new ProgressLogEntity();
  row.userId = userId;
  row.goalId = log.goalId;
  row.value = log.value;
  row.note = log.note;
  row.rating = log.rating;
  row.occurredAt = log.occurredAt;
  row.date = log.date;
  row.requestId = log.requestId;
  row.requestHash = log.requestHash;
  row.importSource = null;
  row.importKey = null;
  row.createdAt = now;
  row.updatedAt = now;
  return row;
}

/**
 * What the SQLite insert trigger of `progress_logs` does for each row, once per goal and in one statement: its
 * revision raised and each row's value added to the kept total `locked` found, in the rows' order (the same
 * floating-point additions, so the same total). The trigger on `goals` then raises the owner's revision once per goal.
 */
async function settleGoals(
  em: EntityManager,
  locked: ReadonlyMap<number, { loggedTotal: number }>,
  rows: readonly ProgressLogEntity[],
): Promise<void> {
  const totals = new Map<number, number>();
  for (const row of rows) totals.set(row.goalId, (totals.get(row.goalId) ?? locked.get(row.goalId)!.loggedTotal) + row.value);
  const cases: string[] = [];
  const parameters: number[] = [];
  for (const [goalId, total] of totals) {
    cases.push('WHEN ? THEN ?');
    parameters.push(goalId, total);
  }
  parameters.push(...totals.keys());
  await em.query(
    `UPDATE goals SET revision = revision + 1, logged_total = CASE id ${cases.join(' ')} END ` +
      `WHERE id IN (${[...totals.keys()].map(() => '?').join(', ')})`,
    parameters,
  );
}

/** `count` bound parameters for an `IN (…)` list, numbered from `first` on PostgreSQL. */
function placeholders(postgres: boolean, first: number, count: number): string {
  return Array.from({ length: count }, (_, j) => (postgres ? `$${first + j}` : '?')).join(', ');
}

/** Which of `keys` the user's logs imported from `source` already hold. */
async function takenImportKeys(em: EntityManager, userId: number, source: string, keys: readonly string[]): Promise<Set<string>> {
  const postgres = em.connection.options.type === 'postgres';
  const taken = new Set<string>();
  for (let i = 0; i < keys.length; i += IDS_PER_STATEMENT) {
    const slice = keys.slice(i, i + IDS_PER_STATEMENT);
    const list = placeholders(postgres, 3, slice.length);
    const rows: Array<{ import_key: string }> = await em.query(
      `SELECT import_key FROM progress_logs WHERE user_id = ${postgres ? '$1' : '?'} AND import_source = ${postgres ? '$2' : '?'} ` +
        `AND import_key IN (${list})`,
      [userId, source, ...slice],
    );
    for (const row of rows) taken.add(row.import_key);
  }
  return taken;
}

/** Checks a draft and fixes its day; throws BAD_USER_INPUT naming the field. */
function checkDraft(user: UserEntity, draft: LogDraft, now: Date, today: string): CheckedLog {
  const value = checkValue(draft.value ?? 1);
  const note = checkNote(draft.note ?? null);
  const rating = draft.rating == null ? null : checkRating(draft.rating);
  const requestId = draft.requestId ?? null;
  if (requestId !== null && (requestId.length === 0 || requestId.length > 100))
    throw badInput('requestId', `must be 1–100 characters, got ${requestId.length}`);
  const occurredAt = draft.occurredAt ?? now;
  // Without an instant or a day the log counts for today, already known: no second pass through the zone rules.
  const date = draft.date ?? (draft.occurredAt == null ? today : localDateOf(occurredAt, user.timeZone, user.dayStartsAt));
  checkNotFuture(user, date, today, draft.date != null ? 'date' : 'occurredAt');
  const requestHash = requestId === null ? null : fingerprint(draft);
  return { goalId: draft.goalId, value, note, rating, occurredAt, date, requestId, requestHash };
}

/** Null when `earlier` was saved from the same input as `log`; otherwise the CONFLICT to answer. */
function sameRequest(earlier: ProgressLogEntity, log: CheckedLog): { log: null; error: AppError } | null {
  if (earlier.requestHash === log.requestHash) return null;
  return { log: null, error: conflictError(log.requestId!, earlier.id) };
}

function conflictError(requestId: string, logId: number | null): AppError {
  return new AppError(ErrorCode.CONFLICT, `requestId ${JSON.stringify(requestId)} was already used with different input`, {
    field: 'requestId',
    ...(logId === null ? {} : { logId: toGlobalId('ProgressLog', logId) }),
  });
}

function checkNotFuture(user: UserEntity, date: string, today: string, field: string): void {
  if (date > today) throw badInput(field, `the log would count for ${date}, which is after today (${today}) in ${user.timeZone}`);
}

function checkValue(value: number): number {
  if (!Number.isFinite(value) || Math.abs(value) > MAX_ABS_VALUE)
    throw badInput('value', `must be a finite number within ±${MAX_ABS_VALUE}, got ${value}`);
  return value;
}

function checkNote(note: string | null): string | null {
  if (note !== null && note.length > MAX_NOTE) throw badInput('note', `must be at most ${MAX_NOTE} characters, got ${note.length}`);
  return note;
}

function checkRating(rating: number): number {
  if (!isValidRating(rating)) throw badInput('rating', `must be a whole number from 1 to 5, got ${rating}`);
  return rating;
}

/**
 * A stable digest of the draft as the client sent it (defaults such as "now" are left out on purpose). A rating
 * is appended only when there is one, so that the digests of unrated logs saved before ratings existed still match.
 */
function fingerprint(draft: LogDraft): string {
  const fields: unknown[] = [
    draft.goalId,
    draft.value ?? null,
    draft.occurredAt ? draft.occurredAt.toISOString() : null,
    draft.date ?? null,
    draft.note ?? null,
  ];
  if (draft.rating != null) fields.push({ rating: draft.rating });
  return hash('sha256', JSON.stringify(fields), 'hex');
}
