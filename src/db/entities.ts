import { GoalEntity } from '../modules/goal/goal.entity';
import { ProgressLogEntity } from '../modules/log/progress-log.entity';
import { PauseEntity } from '../modules/pause/pause.entity';
import { MilestoneEntity } from '../modules/milestone/milestone.entity';
import { ApiTokenEntity } from '../modules/user/api-token.entity';
import { UserEntity } from '../modules/user/user.entity';
import { KaggleResultEntity } from '../modules/kaggle/kaggle-result.entity';
import { WorkoutEntity, WorkoutSetEntity } from '../modules/workout/workout.entity';
import { LadderLevelEntity } from '../modules/workout/ladder-level.entity';
import { VenueEntity } from '../modules/pipeline/venue.entity';
import { PipelineEntity } from '../modules/pipeline/pipeline.entity';
import { SettingEntity } from '../modules/review/setting.entity';
import { RequestKeyEntity } from '../modules/request/request-key.entity';
import { PersistedQueryEntity } from '../modules/persisted-query/persisted-query.entity';
import { EventEntity } from '../modules/event/event.entity';
import { WebhookDeliveryEntity, WebhookEntity } from '../modules/webhook/webhook.entity';
import { ReminderEntity } from '../modules/reminder/reminder.entity';

/** Every entity, listed explicitly so that nothing depends on file globs at run time. */
export const ENTITIES = [
  UserEntity,
  ApiTokenEntity,
  GoalEntity,
  ProgressLogEntity,
  MilestoneEntity,
  PauseEntity,
  KaggleResultEntity,
  WorkoutEntity,
  WorkoutSetEntity,
  LadderLevelEntity,
  VenueEntity,
  PipelineEntity,
  SettingEntity,
  RequestKeyEntity,
  PersistedQueryEntity,
  EventEntity,
  WebhookEntity,
  WebhookDeliveryEntity,
  ReminderEntity,
];
