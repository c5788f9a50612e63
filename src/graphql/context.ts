import DataLoader from 'dataloader';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/database';
import { dailyTotalsByGoal, logPagesByGoal, logTotalsByGoal, type LogFilter } from '../modules/log/log.loaders';
import type { ProgressLogEntity } from '../modules/log/progress-log.entity';
import { goalsById } from '../modules/goal/goal.loaders';
import type { GoalEntity } from '../modules/goal/goal.entity';
import { milestonesByGoal } from '../modules/milestone/milestone.loaders';
import type { MilestoneEntity } from '../modules/milestone/milestone.entity';
import type { Services } from '../services';
import { pausesByGoal } from '../modules/pause/pause.service';
import type { PauseEntity } from '../modules/pause/pause.entity';
import type { Viewer } from '../modules/user/token.service';
import { FeatureLoaders } from '../modules/template/feature-loaders';
import type { Page, PageRequest } from './relay';

/**
 * Per-request batch loaders. Each is scoped to the viewer, so a batch can only ever return the viewer's rows,
 * and lives for one request, so nothing is cached across requests or users.
 */
export class Loaders {
  readonly goal: DataLoader<number, GoalEntity | null>;
  readonly milestones: DataLoader<number, MilestoneEntity[]>;
  readonly logTotals: DataLoader<number, { count: number; sum: number }>;
  readonly pauses: DataLoader<number, PauseEntity[]>;
  readonly dailyTotals: DataLoader<number, Array<{ date: string; count: number; sum: number }>>;
  /** Loaders of the typed goals (Kaggle, skill, pipeline, reflection) and workouts. */
  readonly features: FeatureLoaders;
  private readonly logPageLoaders = new Map<string, DataLoader<number, Page<ProgressLogEntity>>>();

  constructor(
    private readonly db: Database,
    private readonly userId: number,
  ) {
    this.goal = new DataLoader((ids) => goalsById(db, userId, ids));
    this.milestones = new DataLoader((ids) => milestonesByGoal(db, userId, ids));
    this.logTotals = new DataLoader((ids) => logTotalsByGoal(db, userId, ids));
    this.pauses = new DataLoader((ids) => pausesByGoal(db, userId, ids));
    this.dailyTotals = new DataLoader((ids) => dailyTotalsByGoal(db, userId, ids, null));
    this.features = new FeatureLoaders(db, userId);
  }

  /** Empty loaders for the same viewer: what a mutation starts from, so that it never answers from a cache it made stale. */
  fresh(): Loaders {
    return new Loaders(this.db, this.userId);
  }

  /** A page of a goal's logs; goals asking for the same page shape are fetched together. */
  logPage(goalId: number, filter: LogFilter, page: PageRequest): Promise<Page<ProgressLogEntity>> {
    const key = JSON.stringify([filter.from ?? null, filter.to ?? null, filter.counted ?? true, page]);
    let loader = this.logPageLoaders.get(key);
    if (!loader) {
      loader = new DataLoader((ids) => logPagesByGoal(this.db, this.userId, ids, filter, page));
      this.logPageLoaders.set(key, loader);
    }
    return loader.load(goalId);
  }
}

/** What every resolver receives. */
export interface RequestContext {
  viewer: Viewer;
  requestId: string;
  services: Services;
  loaders: Loaders;
  log: FastifyBaseLogger;
  /** Scheme and host the request was sent to (e.g. http://127.0.0.1:4000), for links handed back to the client. */
  origin: string;
}
