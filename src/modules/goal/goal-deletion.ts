import type { Clock } from '../../clock';
import type { Database } from '../../db/database';
import { KaggleResultEntity } from '../kaggle/kaggle-result.entity';
import type { ProgressLogWriter } from '../log/log.writer';
import { MilestoneEntity } from '../milestone/milestone.entity';
import { PauseEntity } from '../pause/pause.entity';
import { PipelineEntity } from '../pipeline/pipeline.entity';
import { LadderLevelEntity } from '../workout/ladder-level.entity';
import { WorkoutEntity } from '../workout/workout.entity';
import { GoalEntity } from './goal.entity';
import type { GoalService } from './goal.service';

/**
 * Deleting a goal with everything that belongs to it, in one transaction: its Kaggle results, pipeline, skill
 * ladder, milestones, pauses and logs go with it. Workouts stay as the record of training they are, no longer
 * counting toward it, and its child goals stay, without a parent.
 */
export class GoalDeletion {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly goals: GoalService,
    private readonly writer: ProgressLogWriter,
  ) {}

  /** Deletes one of the user's goals and what belongs to it; NOT_FOUND when it is not theirs. */
  async delete(userId: number, id: number): Promise<void> {
    await this.db.write(async (em) => {
      const goal = await this.goals.lockIn(em, userId, id);
      const owned = { userId, goalId: goal.id };
      await em.update(WorkoutEntity, owned, { goalId: null, logId: null });
      // Each before the rows it points at: a Kaggle result names its log.
      for (const entity of [KaggleResultEntity, PipelineEntity, LadderLevelEntity, MilestoneEntity, PauseEntity])
        await em.delete(entity, owned);
      await this.writer.removeAllOfGoal(em, userId, goal.id);
      // Losing its parent is a change to the child: its updatedAt moves.
      await em.update(GoalEntity, { userId, parentId: goal.id }, { parentId: null, updatedAt: this.clock.now() });
      await em.delete(GoalEntity, { id: goal.id, userId });
    });
  }
}
