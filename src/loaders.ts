import DataLoader from 'dataloader';
import type { Database } from './db/database';
import type { RatedEntry } from './domain/rating';
import type { GoalEntity, GoalStatusValue } from './modules/goal/goal.entity';
import { childPagesByParent, goalRevisions, goalsById, type KeptGoalPages } from './modules/goal/goal.loaders';
import { goalOrdering, type GoalOrder } from './modules/goal/goal.order';
import type { SummaryCache } from './modules/analytics/summary-cache';
import type { KaggleResultEntity } from './modules/kaggle/kaggle-result.entity';
import { allKaggleResults, kaggleResultsByGoal } from './modules/kaggle/kaggle.loaders';
import {
  dailyTotalsByGoal,
  logCursor,
  logPageBytes,
  logPagesByGoal,
  logTotalsByGoal,
  logsById,
  type LogFilter,
} from './modules/log/log.loaders';
import type { ProgressLogEntity } from './modules/log/progress-log.entity';
import type { MilestoneEntity } from './modules/milestone/milestone.entity';
import { milestonesByGoal } from './modules/milestone/milestone.loaders';
import type { PauseEntity } from './modules/pause/pause.entity';
import { pausesByGoal } from './modules/pause/pause.loaders';
import { deliveriesByWebhook, type DeliveryView } from './modules/webhook/webhook.loaders';
import type { ReminderEntity } from './modules/reminder/reminder.entity';
import { remindersByGoal } from './modules/reminder/reminder.loaders';
import type { PipelineEntity } from './modules/pipeline/pipeline.entity';
import { pipelinesByGoal } from './modules/pipeline/pipeline.loaders';
import type { VenueEntity } from './modules/pipeline/venue.entity';
import { ratingsByGoal } from './modules/reflection/reflection.loaders';
import type { LadderLevelEntity } from './modules/workout/ladder-level.entity';
import type { WorkoutSetEntity } from './modules/workout/workout.entity';
import { ladderByGoal, sessionsByLadder, setsByWorkout, type WorkoutSession } from './modules/workout/workout.loaders';
import type { Page, PageRequest } from './db/paginate';
import { Deadline } from './deadline';

/** What a kept milestone costs, roughly. */
const MILESTONE_BYTES = 256;

/** A DataLoader whose every batch first passes the request's deadline (and yields the event loop when due). */
function timed<K, V>(deadline: Deadline, batch: (keys: readonly K[]) => Promise<V[]>): DataLoader<K, V> {
  return new DataLoader<K, V>(async (keys) => {
    await deadline.checkpoint();
    return batch(keys);
  });
}

/**
 * Per-request loaders of the typed goals (Kaggle, skill, pipeline, reflection) and workouts. Like the core
 * loaders they are scoped to one viewer and live for one request.
 */
export class FeatureLoaders {
  readonly kaggleResults: DataLoader<number, KaggleResultEntity[]>;
  /** All the viewer's Kaggle results, under the single key 0: a tier counts every Kaggle goal. */
  readonly allKaggleResults: DataLoader<0, KaggleResultEntity[]>;
  readonly ladder: DataLoader<number, LadderLevelEntity[]>;
  /** Per goal: the viewer's sessions restricted to the goal's ladder exercises. */
  readonly skillSessions: DataLoader<number, WorkoutSession[]>;
  readonly workoutSets: DataLoader<number, WorkoutSetEntity[]>;
  readonly logs: DataLoader<number, ProgressLogEntity | null>;
  readonly pipelines: DataLoader<number, { pipeline: PipelineEntity; venue: VenueEntity | null } | null>;
  readonly ratings: DataLoader<number, RatedEntry[]>;

  constructor(db: Database, userId: number, deadline: Deadline) {
    this.kaggleResults = timed(deadline, (ids) => kaggleResultsByGoal(db, userId, ids));
    this.allKaggleResults = timed(deadline, async (keys: readonly 0[]) => {
      const all = await allKaggleResults(db, userId);
      return keys.map(() => all);
    });
    this.ladder = timed(deadline, (ids) => ladderByGoal(db, userId, ids));
    this.skillSessions = timed(deadline, async (ids: readonly number[]) =>
      sessionsByLadder(db, userId, await Promise.all(ids.map((id) => this.ladder.load(id)))),
    );
    this.workoutSets = timed(deadline, (ids) => setsByWorkout(db, userId, ids));
    this.logs = timed(deadline, (ids) => logsById(db, userId, ids));
    this.pipelines = timed(deadline, (ids) => pipelinesByGoal(db, userId, ids));
    this.ratings = timed(deadline, (ids) => ratingsByGoal(db, userId, ids));
  }
}

/**
 * Per-request batch loaders. Each is scoped to the viewer, so a batch can only ever return the viewer's rows,
 * and lives for one request, so nothing is cached across requests or users. Built from the modules' `*.loaders.ts`
 * reads only: services take the few loaders they use, and nothing here depends on a service or on GraphQL.
 */
export class Loaders {
  // Each loader is made on first use: a request builds loaders three times when it is a mutation (at the start, for
  // the mutation, for its payload), and most requests use few of them or none.
  private goalLoader?: DataLoader<number, GoalEntity | null>;
  private revisionLoader?: DataLoader<number, number | null>;
  private milestoneLoader?: DataLoader<number, MilestoneEntity[]>;
  private logTotalLoader?: DataLoader<number, { count: number; sum: number }>;
  private pauseLoader?: DataLoader<number, PauseEntity[]>;
  private dailyTotalLoader?: DataLoader<number, Array<{ date: string; count: number; sum: number }>>;
  private reminderLoader?: DataLoader<number, ReminderEntity[]>;
  private featureLoaders?: FeatureLoaders;
  private readonly logPageLoaders = new Map<string, DataLoader<number, Page<ProgressLogEntity>>>();
  private readonly childPageLoaders = new Map<string, DataLoader<number, Page<GoalEntity>>>();
  private readonly deliveryLoaders = new Map<number, DataLoader<number, DeliveryView[]>>();

  constructor(
    private readonly db: Database,
    private readonly userId: number,
    /** The time budget these loaders check before every batch. */
    readonly deadline: Deadline = Deadline.none(),
    /** The request's time budget, which every mutation starts from again. */
    readonly requestDeadline: Deadline = deadline,
    /**
     * Where first pages of logs are kept between requests under their goal's revision, and pages of the goal list
     * under the viewer's revision; null keeps none.
     */
    private readonly kept: SummaryCache<GoalEntity, ProgressLogEntity> | null = null,
    /** The viewer's revision as read when the request began (with the token); null when not known. */
    private readonly userRevision: number | null = null,
  ) {}

  get goal(): DataLoader<number, GoalEntity | null> {
    return (this.goalLoader ??= timed(this.deadline, (ids) => goalsById(this.db, this.userId, ids)));
  }

  /**
   * Each goal's revision as read once in this request (null where not the viewer's): what summaries and kept log
   * pages are checked against. Read before what it proves current, so a write in between only makes that newer.
   */
  get revisions(): DataLoader<number, number | null> {
    return (this.revisionLoader ??= timed(this.deadline, (ids) => goalRevisions(this.db, this.userId, ids)));
  }

  get milestones(): DataLoader<number, MilestoneEntity[]> {
    return (this.milestoneLoader ??= timed(this.deadline, (ids) => this.milestonesOf(ids)));
  }

  get logTotals(): DataLoader<number, { count: number; sum: number }> {
    return (this.logTotalLoader ??= timed(this.deadline, (ids) => logTotalsByGoal(this.db, this.userId, ids)));
  }

  get pauses(): DataLoader<number, PauseEntity[]> {
    return (this.pauseLoader ??= timed(this.deadline, (ids) => pausesByGoal(this.db, this.userId, ids)));
  }

  get dailyTotals(): DataLoader<number, Array<{ date: string; count: number; sum: number }>> {
    return (this.dailyTotalLoader ??= timed(this.deadline, (ids) => dailyTotalsByGoal(this.db, this.userId, ids, null)));
  }

  /** Each goal's reminders, oldest first. */
  get reminders(): DataLoader<number, ReminderEntity[]> {
    return (this.reminderLoader ??= timed(this.deadline, (ids) => remindersByGoal(this.db, this.userId, ids)));
  }

  /** Loaders of the typed goals (Kaggle, skill, pipeline, reflection) and workouts. */
  get features(): FeatureLoaders {
    return (this.featureLoaders ??= new FeatureLoaders(this.db, this.userId, this.deadline));
  }

  /** Empty loaders for the same viewer: what a mutation starts from, so that it never answers from a cache it made stale. */
  fresh(): Loaders {
    return new Loaders(this.db, this.userId, this.requestDeadline, this.requestDeadline, this.kept);
  }

  /**
   * Empty loaders without a time budget, for the payload of a mutation that has saved its change: its answer must
   * not turn into a TIMEOUT that would tell the client a kept write failed. The query limits still bound it.
   */
  afterWrite(): Loaders {
    return new Loaders(this.db, this.userId, Deadline.none(), this.requestDeadline, this.kept);
  }

  /**
   * Pages of the viewer's goal list kept between requests under the revision the request began with, or null.
   * Loaders of a mutation (`fresh`, `afterWrite`) know no revision that covers their own write, so they keep none.
   */
  goalPages(): KeptGoalPages | null {
    const { kept, userRevision, userId } = this;
    if (!kept || kept.maxBytes <= 0 || userRevision === null) return null;
    return {
      get: (shape) => kept.listPage(userId, userRevision, shape),
      set: (shape, page) => kept.setListPage(userId, userRevision, shape, page),
    };
  }

  /**
   * Goals just read as rows of the viewer (a page of them): later loads of them, and of their revisions, are
   * answered from these rows, so the revisions read with them prove what is kept of them current.
   */
  primeGoals(goals: readonly GoalEntity[]): void {
    for (const goal of goals) {
      this.goal.prime(goal.id, goal);
      if (typeof goal.revision === 'number') this.revisions.prime(goal.id, goal.revision);
    }
  }

  /**
   * A page of a goal's logs; goals asking for the same page shape are fetched together. A first page (no cursor)
   * is kept between requests under the goal's revision, which every log write raises, so a goal whose revision
   * is unchanged costs no statement beyond the request's one read of revisions.
   */
  logPage(goalId: number, filter: LogFilter, page: PageRequest): Promise<Page<ProgressLogEntity>> {
    const key = JSON.stringify([filter.from ?? null, filter.to ?? null, filter.counted ?? true, page]);
    let loader = this.logPageLoaders.get(key);
    if (!loader) {
      const read = (ids: readonly number[]) => logPagesByGoal(this.db, this.userId, ids, filter, page);
      const kept = this.kept;
      loader =
        kept && kept.maxBytes > 0 && page.after === null && page.before === null
          ? timed(this.deadline, (ids: readonly number[]) => this.keptLogPages(kept, key, ids, read))
          : timed(this.deadline, read);
      this.logPageLoaders.set(key, loader);
    }
    return loader.load(goalId);
  }

  /**
   * A page of a goal's children (only those of `status`, when given) in `order`; goals asking for the same page
   * shape are fetched together. A cursor made under another order is BAD_USER_INPUT.
   */
  childPage(parentId: number, status: GoalStatusValue | null, order: GoalOrder | null, page: PageRequest): Promise<Page<GoalEntity>> {
    const key = JSON.stringify([status, order, page]);
    let loader = this.childPageLoaders.get(key);
    if (!loader) {
      const ordering = goalOrdering(order, page, this.db.dialect);
      loader = timed(this.deadline, (ids: readonly number[]) => childPagesByParent(this.db, this.userId, ids, status, ordering));
      this.childPageLoaders.set(key, loader);
    }
    return loader.load(parentId);
  }

  /**
   * The milestones of each goal among `ids`: kept between requests under the viewer's revision (every milestone
   * write raises it) for the same set of goals, as a dashboard asks for them again and again.
   */
  private async milestonesOf(ids: readonly number[]): Promise<MilestoneEntity[][]> {
    const { kept, userRevision, userId } = this;
    if (!kept || kept.maxBytes <= 0 || userRevision === null) return milestonesByGoal(this.db, userId, ids);
    const sorted = [...new Set(ids)].sort((a, b) => a - b);
    const key = `milestones:${sorted.join(',')}`;
    let lists = kept.userValue<MilestoneEntity[][]>(userId, userRevision, key);
    if (!lists) {
      lists = await milestonesByGoal(this.db, userId, sorted);
      const bytes = lists.reduce((sum, list) => sum + 32 + list.length * MILESTONE_BYTES, 0);
      kept.setUserValue(userId, userRevision, key, lists, bytes);
    }
    const byId = new Map(sorted.map((id, i) => [id, lists[i]]));
    return ids.map((id) => [...byId.get(id)!]);
  }

  /** Pages of `shape` for `ids`: those kept under the goal's current revision, the rest read by `read` and kept. */
  private async keptLogPages(
    kept: SummaryCache<GoalEntity, ProgressLogEntity>,
    shape: string,
    ids: readonly number[],
    read: (ids: readonly number[]) => Promise<Array<Page<ProgressLogEntity>>>,
  ): Promise<Array<Page<ProgressLogEntity>>> {
    const revisions = await this.revisions.loadMany(ids);
    const pages: Array<Page<ProgressLogEntity> | undefined> = ids.map((id, i) => {
      const revision = revisions[i];
      if (revision instanceof Error) throw revision;
      const found = revision === null ? undefined : kept.page(id, revision, shape);
      return found && { ...found, items: [...found.items], cursorOf: logCursor };
    });
    const missing = ids.filter((_, i) => pages[i] === undefined);
    if (missing.length === 0) return pages as Array<Page<ProgressLogEntity>>;
    const fetched = await read(missing);
    const byId = new Map(missing.map((id, i) => [id, fetched[i]]));
    return ids.map((id, i) => {
      const found = pages[i];
      if (found) return found;
      const fresh = byId.get(id)!;
      const revision = revisions[i] as number | null;
      if (revision !== null) kept.setPage(id, revision, shape, fresh, logPageBytes(fresh.items));
      return fresh;
    });
  }

  /** The latest `first` deliveries of a webhook; webhooks asking for the same number are fetched together. */
  webhookDeliveries(webhookId: number, first: number): Promise<DeliveryView[]> {
    let loader = this.deliveryLoaders.get(first);
    if (!loader) {
      loader = new DataLoader((ids) => deliveriesByWebhook(this.db, this.userId, ids, first));
      this.deliveryLoaders.set(first, loader);
    }
    return loader.load(webhookId);
  }
}
