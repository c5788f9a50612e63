import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { Database } from '../../db/database';
import type { RatedEntry } from '../../domain/rating';
import type { KaggleResultEntity } from '../kaggle/kaggle-result.entity';
import { allKaggleResults, kaggleResultsByGoal } from '../kaggle/kaggle.service';
import { ProgressLogEntity } from '../log/progress-log.entity';
import type { PipelineEntity } from '../pipeline/pipeline.entity';
import { pipelinesByGoal } from '../pipeline/pipeline.service';
import type { VenueEntity } from '../pipeline/venue.entity';
import { ratingsByGoal } from '../reflection/reflection.service';
import type { LadderLevelEntity } from '../workout/ladder-level.entity';
import type { WorkoutSetEntity } from '../workout/workout.entity';
import { ladderByGoal, sessionsByLadder, setsByWorkout, type WorkoutSession } from '../workout/workout.loaders';

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

  constructor(db: Database, userId: number) {
    this.kaggleResults = new DataLoader((ids) => kaggleResultsByGoal(db, userId, ids));
    this.allKaggleResults = new DataLoader(async (keys) => {
      const all = await allKaggleResults(db, userId);
      return keys.map(() => all);
    });
    this.ladder = new DataLoader((ids) => ladderByGoal(db, userId, ids));
    this.skillSessions = new DataLoader(async (ids) =>
      sessionsByLadder(db, userId, await Promise.all(ids.map((id) => this.ladder.load(id)))),
    );
    this.workoutSets = new DataLoader((ids) => setsByWorkout(db, userId, ids));
    this.logs = new DataLoader(async (ids) => {
      const rows = await db.read((em) => em.findBy(ProgressLogEntity, { userId, id: In([...ids]) }));
      const byId = new Map(rows.map((l) => [l.id, l]));
      return ids.map((id) => byId.get(id) ?? null);
    });
    this.pipelines = new DataLoader((ids) => pipelinesByGoal(db, userId, ids));
    this.ratings = new DataLoader((ids) => ratingsByGoal(db, userId, ids));
  }
}
