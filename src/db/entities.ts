import { GoalEntity } from '../modules/goal/goal.entity';
import { ProgressLogEntity } from '../modules/log/progress-log.entity';
import { PauseEntity } from '../modules/pause/pause.entity';
import { MilestoneEntity } from '../modules/milestone/milestone.entity';
import { ApiTokenEntity } from '../modules/user/api-token.entity';
import { UserEntity } from '../modules/user/user.entity';

/** Every entity, listed explicitly so that nothing depends on file globs at run time. */
export const ENTITIES = [UserEntity, ApiTokenEntity, GoalEntity, ProgressLogEntity, MilestoneEntity, PauseEntity];
