import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Node } from '../../graphql/node';
import { toGlobalId } from '../../graphql/relay';
import { LocalDateScalar } from '../../graphql/scalars';
import { GoalObject } from '../goal/goal.type';
import type { PauseEntity } from './pause.entity';
import { REQUEST_ID_DESCRIPTION } from '../../graphql/request-id';

@ObjectType('Pause', {
  implements: Node,
  description: 'Days a goal rests on purpose (holiday, illness, a rest week): paused days are neither kept nor missed.',
})
export class PauseObject implements Node {
  readonly __typename = 'Pause';
  entity!: PauseEntity;

  @Field(() => ID, { description: 'Global ID of the pause.' })
  id!: string;

  @Field(() => LocalDateScalar, { description: 'First paused day.' })
  from!: string;

  @Field(() => LocalDateScalar, { description: 'Last paused day (inclusive).' })
  to!: string;

  @Field(() => String, { nullable: true, description: 'Why, e.g. "rest week".' })
  reason!: string | null;
}

export function toPauseObject(p: PauseEntity): PauseObject {
  return Object.assign(new PauseObject(), { entity: p, id: toGlobalId('Pause', p.id), from: p.startDate, to: p.endDate, reason: p.reason });
}

@InputType({ description: 'Pauses one goal for a range of days.' })
export class PauseGoalInput {
  @Field(() => ID, { description: 'The goal to pause.' })
  goalId!: string;

  @Field(() => LocalDateScalar, { description: 'First paused day.' })
  from!: string;

  @Field(() => LocalDateScalar, { description: 'Last paused day, on or after `from`; at most 366 days in all.' })
  to!: string;

  @Field(() => String, { nullable: true, description: 'Why, up to 200 characters.' })
  reason?: string | null;

  @Field(() => String, { nullable: true, description: REQUEST_ID_DESCRIPTION })
  requestId?: string | null;
}

@InputType({ description: 'Pauses every active goal of the viewer for a range of days.' })
export class PauseAllInput {
  @Field(() => LocalDateScalar, { description: 'First paused day.' })
  from!: string;

  @Field(() => LocalDateScalar, { description: 'Last paused day, on or after `from`; at most 366 days in all.' })
  to!: string;

  @Field(() => String, { nullable: true, description: 'Why, up to 200 characters.' })
  reason?: string | null;

  @Field(() => String, { nullable: true, description: REQUEST_ID_DESCRIPTION })
  requestId?: string | null;
}

@InputType({ description: 'The pause to delete.' })
export class DeletePauseInput {
  @Field(() => ID, { description: 'Global ID of the pause.' })
  id!: string;
}

@ObjectType({ description: 'The result of pauseGoal.' })
export class PauseGoalPayload {
  @Field(() => PauseObject, { description: 'The new pause.' })
  pause!: PauseObject;

  @Field(() => GoalObject, { description: 'The paused goal.' })
  goal!: GoalObject;
}

@ObjectType({ description: 'The result of pauseAll.' })
export class PauseAllPayload {
  @Field(() => [PauseObject], { description: 'One new pause per active goal.' })
  pauses!: PauseObject[];

  @Field(() => [GoalObject], { description: 'The paused goals, in the order of `pauses`.' })
  goals!: GoalObject[];
}

@ObjectType({ description: 'The result of deletePause.' })
export class DeletePausePayload {
  @Field(() => ID, { description: 'ID of the deleted pause.' })
  deletedId!: string;

  @Field(() => GoalObject, { description: 'The goal the pause belonged to, as it is now.' })
  goal!: GoalObject;
}

@InputType({ description: 'Changes to a pause. Omitted fields stay as they are.' })
export class UpdatePauseInput {
  @Field(() => ID, { description: 'Global ID of the pause.' })
  id!: string;

  @Field(() => LocalDateScalar, { nullable: true, description: 'New first paused day.' })
  from?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'New last paused day, on or after `from`; at most 366 days in all.' })
  to?: string | null;

  @Field(() => String, { nullable: true, description: 'New reason, up to 200 characters; null clears it.' })
  reason?: string | null;
}

@ObjectType({ description: 'The result of updatePause.' })
export class UpdatePausePayload {
  @Field(() => PauseObject, { description: 'The pause as it is now.' })
  pause!: PauseObject;

  @Field(() => GoalObject, { description: 'Its goal, as it is now.' })
  goal!: GoalObject;
}
