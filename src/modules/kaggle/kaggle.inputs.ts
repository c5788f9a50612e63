import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { LocalDateScalar } from '../../graphql/scalars';
import { GoalObject } from '../goal/goal.type';
import { KaggleCompetitionKindEnum, KaggleResultObject, MedalEnum } from './kaggle.type';
import { REQUEST_ID_DESCRIPTION } from '../../graphql/request-id';

@InputType({ description: 'A competition result. Give teams and rank (the medal is derived), or the medal outright.' })
export class LogKaggleResultInput {
  @Field(() => ID, { description: 'A Kaggle goal (made from the KAGGLE_COMPETITIONS template).' })
  goalId!: string;

  @Field(() => String, { description: 'Competition name, 1–200 characters.' })
  competition!: string;

  @Field(() => KaggleCompetitionKindEnum, {
    description: 'Kind of competition; Playground, Community and Getting Started award no medals.',
  })
  kind!: KaggleCompetitionKindEnum;

  @Field(() => Int, { nullable: true, description: 'Teams on the final private leaderboard (with rank).' })
  teams?: number | null;

  @Field(() => Int, { nullable: true, description: 'Final private leaderboard rank, 1 to teams (with teams).' })
  rank?: number | null;

  @Field(() => Int, { nullable: true, description: 'People in the team, 1–50; default 1 (solo).' })
  teamSize?: number | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Day the final leaderboard was published; default today. Not after today.' })
  date?: string | null;

  @Field(() => MedalEnum, {
    nullable: true,
    description: "The medal, when known outright. With teams and rank too, this wins (Kaggle's award is the record).",
  })
  medal?: MedalEnum | null;

  @Field(() => String, { nullable: true, description: 'Link to the leaderboard or write-up (http or https).' })
  url?: string | null;

  @Field(() => String, { nullable: true, description: REQUEST_ID_DESCRIPTION })
  requestId?: string | null;
}

@ObjectType({ description: 'The result of logKaggleResult.' })
export class LogKaggleResultPayload {
  @Field(() => KaggleResultObject, { description: 'The saved result.' })
  result!: KaggleResultObject;

  @Field(() => GoalObject, { description: 'The Kaggle goal, with its new standing.' })
  goal!: GoalObject;
}

@InputType({ description: 'The Kaggle result to delete.' })
export class DeleteKaggleResultInput {
  @Field(() => ID, { description: 'Global ID of the result.' })
  id!: string;
}

@ObjectType({ description: 'The result of deleteKaggleResult.' })
export class DeleteKaggleResultPayload {
  @Field(() => ID, { description: 'ID of the deleted result.' })
  deletedId!: string;

  @Field(() => GoalObject, { description: 'The Kaggle goal, with its new standing.' })
  goal!: GoalObject;
}
