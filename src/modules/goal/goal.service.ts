import { findRow, findRowsWith } from '../../db/rows';
import type { EntityManager } from 'typeorm';
import type { Clock } from '../../clock';
import type { Database } from '../../db/database';
import { paginate } from '../../db/paginate';
import { dayBounds, localDateOf } from '../../domain/calendar';
import { badInput, notFound, requireSomeChange } from '../../errors';
import type { Page, PageRequest } from '../../db/paginate';
import { toGlobalId } from '../../ids';
import { createdThenDeleted, writeOnce, type Created, type RequestKey } from '../request/request-keys';
import type { UserEntity } from '../user/user.entity';
import { ProgressLogEntity } from '../log/progress-log.entity';
import { GoalEntity, type GoalKindValue, type GoalStatusValue, type TargetTypeValue } from './goal.entity';
import { goalOrdering, type GoalOrder, type GoalOrdering } from './goal.order';
import type { KeptGoalPages } from './goal.loaders';
import { checkGoalShape, normalizeTags, normalizeWeekdays, type GoalShape } from './goal.rules';

/** A goal to create. */
export interface NewGoal {
  title: string;
  kind: GoalKindValue;
  description?: string | null;
  unit?: string | null;
  target?: number | null;
  /** Default AT_LEAST. */
  targetType?: TargetTypeValue | null;
  /** Habits: `times` per `perDays` days, optionally on set ISO weekdays (1 = Monday); default once a day. */
  frequency?: { times: number; perDays: number; weekdays?: number[] | null } | null;
  /** Default the user's today. */
  startDate?: string | null;
  dueDate?: string | null;
  tags?: string[] | null;
  parentId?: number | null;
  requestId?: string | null;
}

/** Changes to a goal; omitted fields stay as they are, null clears a field that may be empty. */
export interface GoalChanges {
  title?: string | null;
  description?: string | null;
  status?: GoalStatusValue | null;
  unit?: string | null;
  target?: number | null;
  targetType?: TargetTypeValue | null;
  /** Replaces the whole rule: weekdays left out become any day. */
  frequency?: { times: number; perDays: number; weekdays?: number[] | null } | null;
  startDate?: string | null;
  dueDate?: string | null;
  tags?: string[] | null;
  parentId?: number | null;
}

/** What a list of goals may be narrowed to; every given part must hold. */
export interface GoalFilter {
  status?: GoalStatusValue | null;
  kind?: GoalKindValue | null;
  /** Goals carrying exactly this tag. */
  tag?: string | null;
  /** Goals whose title or description contains this text, ignoring case. */
  search?: string | null;
}

/** The filter with its text trimmed, or BAD_USER_INPUT naming the part that cannot match anything sensible. */
function checkGoalFilter(filter: GoalFilter): GoalFilter {
  const tag = filter.tag?.trim();
  if (tag !== undefined && (tag.length === 0 || tag.length > 40))
    throw badInput('tag', `must be 1–40 characters, got ${JSON.stringify(filter.tag)}`);
  const search = filter.search?.trim();
  if (search !== undefined && (search.length === 0 || search.length > 200))
    throw badInput('search', `must be 1–200 characters, got ${JSON.stringify(filter.search)}`);
  return { ...filter, tag: tag ?? null, search: search ?? null };
}

/** Zones × day starts whose current day is remembered; past it the map starts over. */
const MAX_CURRENT_DAYS = 10_000;

/** How far (relative to the target, at least 1) a kept total must be from the target for its last bits not to matter. */
const TOTAL_TOLERANCE = 1e-6;

/** Goals: creation, changes, look-ups and lists, always within one user's data. */
export class GoalService {
  /** The current local day of each (zone, day start) asked for, with its bounds as epoch milliseconds. */
  private readonly currentDays = new Map<string, { date: string; start: number; end: number }>();

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /** The user's current local date, by their zone and day start. */
  today(user: UserEntity): string {
    const now = this.clock.now();
    const key = `${user.timeZone} ${user.dayStartsAt}`;
    const day = this.currentDays.get(key);
    // A local day is exactly the instants from its start to the next day's start, so a day found for this zone
    // and day start stays the answer until its end, whoever asks; past it, the day is worked out again.
    if (day && day.start <= now.getTime() && now.getTime() < day.end) return day.date;
    const date = localDateOf(now, user.timeZone, user.dayStartsAt);
    const { start, end } = dayBounds(date, user.timeZone, user.dayStartsAt);
    if (this.currentDays.size >= MAX_CURRENT_DAYS) this.currentDays.clear();
    this.currentDays.set(key, { date, start: start.getTime(), end: end.getTime() });
    return date;
  }

  /**
   * Creates a goal for `user` after checking it against its kind's rules. `opts.template` records the template it
   * came from; `opts.andThen` runs in the same transaction after the insert (a template's milestones or ladder).
   * A retry with the input's requestId (or `opts.requestKey`'s) returns the goal made the first time.
   */
  async create(
    user: UserEntity,
    input: NewGoal,
    opts: { template?: string; andThen?: (em: EntityManager, goal: GoalEntity) => Promise<void>; requestKey?: RequestKey } = {},
  ): Promise<GoalEntity> {
    const shape = this.shapeOf(user, input);
    const key = opts.requestKey ?? { userId: user.id, operation: 'createGoal', requestId: input.requestId, input };
    const create = async (em: EntityManager): Promise<Created<GoalEntity>> => {
      const parentId = input.parentId == null ? null : await this.ownParentId(em, user.id, input.parentId, null);
      const now = this.clock.now();
      const template = opts.template ?? null;
      const goal = await em.save(
        em.create(GoalEntity, {
          ...shape,
          userId: user.id,
          parentId,
          status: 'ACTIVE',
          achievedOn: null,
          template,
          createdAt: now,
          updatedAt: now,
        }),
      );
      if (opts.andThen) await opts.andThen(em, goal);
      return { value: goal, ids: [goal.id] };
    };
    return writeOnce(this.db, key, create, async (em, [id]) => {
      const goal = await em.findOneBy(GoalEntity, { id, userId: user.id });
      if (!goal) throw createdThenDeleted('goal', key.requestId);
      return goal;
    });
  }

  /** A new goal's fields with their defaults, checked against its kind's rules. */
  private shapeOf(user: UserEntity, input: NewGoal): GoalShape {
    const kind = input.kind;
    const shape: GoalShape = {
      title: (input.title ?? '').trim(),
      kind,
      description: input.description ?? null,
      unit: input.unit?.trim() ?? null,
      target: input.target ?? null,
      targetType: input.targetType ?? 'AT_LEAST',
      frequencyTimes: input.frequency?.times ?? (kind === 'HABIT' ? 1 : null),
      frequencyPerDays: input.frequency?.perDays ?? (kind === 'HABIT' ? 1 : null),
      weekdays: normalizeWeekdays(input.frequency?.weekdays),
      startDate: input.startDate ?? this.today(user),
      dueDate: input.dueDate ?? null,
      tags: normalizeTags(input.tags ?? []),
    };
    checkGoalShape(shape);
    return shape;
  }

  /**
   * Creates a goal inside the caller's transaction (an import's), checked like any other, with the given status
   * (an archived habit from another app stays archived). No request key: the import owns idempotency.
   */
  async createIn(em: EntityManager, user: UserEntity, input: NewGoal, status: GoalStatusValue = 'ACTIVE'): Promise<GoalEntity> {
    const shape = this.shapeOf(user, input);
    const now = this.clock.now();
    return em.save(
      em.create(GoalEntity, {
        ...shape,
        userId: user.id,
        parentId: null,
        status,
        achievedOn: null,
        template: null,
        createdAt: now,
        updatedAt: now,
      }),
    );
  }

  /** Applies the given changes; the result must still satisfy the kind's rules. */
  async update(user: UserEntity, id: number, input: GoalChanges): Promise<GoalEntity> {
    requireSomeChange(input);
    return this.db.write(async (em) => {
      const goal = await this.getIn(em, user.id, id);
      if (input.title !== undefined) {
        if (input.title === null) throw badInput('title', 'is required');
        goal.title = input.title.trim();
      }
      if (input.description !== undefined) goal.description = input.description;
      if (input.unit !== undefined) goal.unit = input.unit?.trim() ?? null;
      if (input.target !== undefined) goal.target = input.target;
      if (input.targetType != null) goal.targetType = input.targetType;
      if (input.frequency !== undefined) {
        goal.frequencyTimes = input.frequency?.times ?? null;
        goal.frequencyPerDays = input.frequency?.perDays ?? null;
        goal.weekdays = normalizeWeekdays(input.frequency?.weekdays);
      }
      if (input.startDate != null) goal.startDate = input.startDate;
      if (input.dueDate !== undefined) goal.dueDate = input.dueDate;
      if (input.tags !== undefined) goal.tags = normalizeTags(input.tags ?? []);
      if (input.parentId !== undefined) {
        goal.parentId = input.parentId === null ? null : await this.ownParentId(em, user.id, input.parentId, goal.id);
      }
      checkGoalShape(goal);
      if (input.status != null) this.setStatus(goal, input.status, this.today(user));
      goal.updatedAt = this.clock.now();
      const saved = await em.save(goal);
      // A new target can be reached already, or no longer be (unless the status was just set by hand).
      if ((input.target !== undefined || input.targetType != null) && input.status == null)
        await this.syncTargetStatus(em, saved, this.today(user));
      return saved;
    });
  }

  /** Moves a goal to `status`, keeping `achievedOn` in step with it. */
  setStatus(goal: GoalEntity, status: GoalStatusValue, today: string): void {
    if (status === 'ACHIEVED' && goal.status !== 'ACHIEVED') goal.achievedOn = today;
    if (status !== 'ACHIEVED') goal.achievedOn = null;
    goal.status = status;
  }

  /**
   * Keeps a do-more TARGET goal's status in step with its total. Reaching the target achieves it, dated the day
   * the logs' running total first reached it (a backdated log can achieve a goal in the past). With `allowRevert`,
   * an edit, deletion or higher target that takes the total back under the target makes it active again; adding
   * progress (allowRevert false) never un-achieves a goal, even one marked achieved by hand.
   */
  async syncTargetStatus(
    em: EntityManager,
    goal: GoalEntity,
    today: string,
    opts: { allowRevert: boolean; loggedTotal?: number } = { allowRevert: true },
  ): Promise<void> {
    if (goal.kind !== 'TARGET' || goal.targetType !== 'AT_LEAST' || goal.target === null) return;
    // Adding progress can only achieve an active goal; anything else it leaves as it is.
    if (!opts.allowRevert && goal.status !== 'ACTIVE') return;
    const total = await this.loggedTotal(em, goal, goal.target, opts.loggedTotal);
    // The running total ends under the target exactly when the whole total is under it, so the day-by-day
    // walk that dates the achievement is needed only on the write that achieves the goal.
    if (total < goal.target) {
      if (goal.status !== 'ACHIEVED' || !opts.allowRevert) return;
      this.setStatus(goal, 'ACTIVE', today);
    } else {
      const reachedOn = goal.status === 'ACTIVE' ? await this.reachedOn(em, goal, goal.target) : null;
      if (reachedOn === null) return;
      this.setStatus(goal, 'ACHIEVED', reachedOn);
    }
    goal.updatedAt = this.clock.now();
    await em.save(goal);
  }

  /**
   * The sum of the goal's log values as this transaction sees it. The database keeps it in `goals.logged_total`
   * (moved by triggers on every log written, edited or deleted: one row read, whatever the history); being a running
   * floating-point sum it can differ from a fresh SUM in the last bits, so near `target`, where those bits decide the
   * status, the logs are summed afresh.
   */
  private async loggedTotal(em: EntityManager, goal: GoalEntity, target: number, known?: number): Promise<number> {
    const postgres = em.connection.options.type === 'postgres';
    const kept =
      known ??
      Number(
        (
          await em.query<Array<{ total: number | string }>>(
            postgres ? 'SELECT logged_total AS total FROM goals WHERE id = $1' : 'SELECT logged_total AS total FROM goals WHERE id = ?',
            [goal.id],
          )
        )[0]?.total ?? 0,
      );
    if (Math.abs(kept - target) > TOTAL_TOLERANCE * Math.max(1, Math.abs(target))) return kept;
    const sum: { total: number | string | null } | undefined = await em
      .createQueryBuilder(ProgressLogEntity, 'log')
      .select('SUM(log.value)', 'total')
      // With the owner named, the (user, goal, date, value) index answers without reading the rows.
      .where('log.user_id = :userId AND log.goal_id = :goalId', { userId: goal.userId, goalId: goal.id })
      .getRawOne();
    return Number(sum?.total ?? 0);
  }

  /** The first day on which the running total of the goal's logs reached `target` and stayed there, if any. */
  private async reachedOn(em: EntityManager, goal: GoalEntity, target: number): Promise<string | null> {
    const rows: Array<{ date: string; total: number | string | null }> = await em
      .createQueryBuilder(ProgressLogEntity, 'log')
      .select('log.date', 'date')
      .addSelect('SUM(log.value)', 'total')
      .where('log.user_id = :userId AND log.goal_id = :goalId', { userId: goal.userId, goalId: goal.id })
      .groupBy('log.date')
      .orderBy('log.date')
      .getRawMany();
    let total = 0;
    let reachedOn: string | null = null;
    for (const row of rows) {
      total += Number(row.total ?? 0);
      if (total >= target) reachedOn ??= row.date;
      else reachedOn = null; // negative corrections can take it back under
    }
    return reachedOn;
  }

  /** The user's goal with this id, or null when it does not exist or is someone else's. */
  async find(userId: number, id: number): Promise<GoalEntity | null> {
    return this.db.read((em) => em.findOneBy(GoalEntity, { id, userId }));
  }

  /** Like `find`, failing with NOT_FOUND: a goal as it is now, for a mutation's payload. */
  async get(userId: number, id: number): Promise<GoalEntity> {
    return this.db.read((em) => this.getIn(em, userId, id));
  }

  /** Like `find`, inside a transaction, failing with NOT_FOUND. */
  async getIn(em: EntityManager, userId: number, id: number): Promise<GoalEntity> {
    const goal = await findRow(em, GoalEntity, { id, userId });
    if (!goal) throw notFound('goal', toGlobalId('Goal', id));
    return goal;
  }

  /**
   * Like `getIn`, and holds the goal's row lock until the transaction ends, so that concurrent writes to the
   * same goal from several servers (PostgreSQL) apply one after another and status changes see every log.
   * SQLite transactions already run one at a time.
   */
  async lockIn(em: EntityManager, userId: number, id: number): Promise<GoalEntity> {
    return (await this.lockWithTotal(em, userId, id)).goal;
  }

  /**
   * Like `lockIn`, with the goal's kept total of its log values (`goals.logged_total`) as the lock found it: under
   * the lock no other write can move it, so a writer that adds one log knows the total after it without reading it.
   */
  async lockWithTotal(em: EntityManager, userId: number, id: number): Promise<{ goal: GoalEntity; loggedTotal: number }> {
    const [found] = await findRowsWith(em, GoalEntity, { id, userId }, { forUpdate: true, extra: ['logged_total'] });
    if (!found) throw notFound('goal', toGlobalId('Goal', id));
    return { goal: found.row, loggedTotal: Number(found.raw.logged_total) };
  }

  /**
   * The user's goals among `ids`, by id, row-locked like `lockIn`, each with its kept total of log values as the lock
   * found it (see `lockWithTotal`); ids that are not the user's are left out. Rows are locked in id order, so that
   * two such calls on overlapping goals cannot deadlock.
   */
  async lockManyIn(
    em: EntityManager,
    userId: number,
    ids: readonly number[],
  ): Promise<Map<number, { goal: GoalEntity; loggedTotal: number }>> {
    const found = new Map<number, { goal: GoalEntity; loggedTotal: number }>();
    const sorted = [...ids].sort((a, b) => a - b);
    for (let i = 0; i < sorted.length; i += 500) {
      const qb = em
        .createQueryBuilder(GoalEntity, 'goal')
        .addSelect('goal.logged_total', 'kept_total')
        .where('goal.user_id = :userId AND goal.id IN (:...ids)', { userId, ids: sorted.slice(i, i + 500) })
        .orderBy('goal.id');
      if (em.connection.options.type === 'postgres') qb.setLock('pessimistic_write');
      const { entities, raw } = await qb.getRawAndEntities<{ goal_id: number | string; kept_total: number | string }>();
      const totals = new Map(raw.map((row) => [Number(row.goal_id), Number(row.kept_total)]));
      for (const goal of entities) found.set(goal.id, { goal, loggedTotal: totals.get(goal.id)! });
    }
    return found;
  }

  /**
   * A page of the user's goals narrowed by `filter` (see GoalFilter), by id (oldest first) or in `order`, ties by
   * id. A cursor made under another order is BAD_USER_INPUT. With `kept`, a page of the same shape kept under the
   * user's current revision answers without a statement, and a page read is kept.
   */
  async list(
    userId: number,
    filter: GoalFilter,
    page: PageRequest,
    order: GoalOrder | null = null,
    kept: KeptGoalPages | null = null,
  ): Promise<Page<GoalEntity>> {
    const f = checkGoalFilter(filter);
    const ordering = goalOrdering(order, page, this.db.dialect);
    const shape = kept && JSON.stringify([f.status ?? null, f.kind ?? null, f.tag ?? null, f.search ?? null, order, page]);
    const found = shape === null ? undefined : kept!.get(shape);
    if (found) return { ...found, items: [...found.items], cursorOf: ordering.cursorOf };
    const read = await this.read(userId, f, ordering);
    if (shape !== null) kept!.set(shape, read);
    return read;
  }

  private read(userId: number, f: GoalFilter, ordering: GoalOrdering): Promise<Page<GoalEntity>> {
    return this.db.read(async (em) => {
      const qb = em.createQueryBuilder(GoalEntity, 'goal').where('goal.user_id = :userId', { userId });
      if (f.status) qb.andWhere('goal.status = :status', { status: f.status });
      if (f.kind) qb.andWhere('goal.kind = :kind', { kind: f.kind });
      if (f.tag != null) {
        // Tags are a JSON array of strings: an exact match on one element, as each dialect reads JSON.
        const elements =
          this.db.dialect === 'postgres' ? 'jsonb_array_elements_text(goal.tags::jsonb) AS t(value)' : 'json_each(goal.tags) AS t';
        qb.andWhere(`EXISTS (SELECT 1 FROM ${elements} WHERE t.value = :tag)`, { tag: f.tag });
      }
      if (f.search != null) {
        const pattern = `%${f.search.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;
        qb.andWhere("(LOWER(goal.title) LIKE :pattern ESCAPE '!' OR LOWER(COALESCE(goal.description, '')) LIKE :pattern ESCAPE '!')", {
          pattern,
        });
      }
      return { ...(await paginate(qb, ordering.keys, ordering.page)), cursorOf: ordering.cursorOf };
    });
  }

  /** Whether a goal passes `filter`, for lists computed in memory (the goals needing attention). */
  matches(goal: GoalEntity, filter: GoalFilter): boolean {
    const f = checkGoalFilter(filter);
    if (f.status && goal.status !== f.status) return false;
    if (f.kind && goal.kind !== f.kind) return false;
    if (f.tag != null && !goal.tags.includes(f.tag)) return false;
    if (f.search == null) return true;
    const needle = f.search.toLowerCase();
    return goal.title.toLowerCase().includes(needle) || (goal.description ?? '').toLowerCase().includes(needle);
  }

  /** Each tag of the user's goals with how many of their goals carry it, by name. */
  async tagCounts(userId: number): Promise<Array<{ name: string; goalCount: number }>> {
    const goals = await this.db.read((em) => em.find(GoalEntity, { where: { userId }, select: { id: true, tags: true } }));
    const counts = new Map<string, number>();
    for (const goal of goals) for (const tag of goal.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
    return [...counts].map(([name, goalCount]) => ({ name, goalCount })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Resolves a parent goal ID, which must be the user's and must not make a cycle. */
  private async ownParentId(em: EntityManager, userId: number, parentId: number, selfId: number | null): Promise<number> {
    let cursor: number | null = parentId;
    for (let depth = 0; cursor !== null; depth++) {
      if (cursor === selfId) throw badInput('parentId', 'would make the goal its own ancestor');
      if (depth > 50) throw badInput('parentId', 'goal hierarchy is too deep (more than 50 levels)');
      const ancestor: GoalEntity | null = await em.findOneBy(GoalEntity, { id: cursor, userId });
      if (!ancestor) throw notFound('goal', toGlobalId('Goal', parentId));
      cursor = ancestor.parentId;
    }
    return parentId;
  }
}
