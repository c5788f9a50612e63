import { Field, Float, ObjectType } from 'type-graphql';
import { LocalDateScalar } from '../../graphql/scalars';
import { GoalObject, toGoalObject } from '../goal/goal.type';
import type { TodayItem } from './analytics.service';
import { AttentionReasonEnum } from './analytics.type';

@ObjectType('TodayItem', { description: 'One goal of the day: what it asks of today and what today has brought it.' })
export class TodayItemObject {
  @Field(() => GoalObject, { description: 'The goal.' })
  goal!: GoalObject;

  @Field(() => Boolean, {
    description:
      'Something needs doing today: a habit whose rule still needs today (a daily habit not done, a window that cannot be met ' +
      'without today, one of its weekdays, a streak that ends tonight), a goal due today or overdue, a target behind pace.',
  })
  due!: boolean;

  @Field(() => Boolean, {
    description:
      "Today's part is done: a habit logged today or with its window already met (a do-less habit: still within its limit); " +
      'another goal: logged today and not behind pace.',
  })
  done!: boolean;

  @Field(() => Float, { description: "Sum of today's log values." })
  loggedToday!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'What is left for today: a yes/no habit 1 until it is done; a numeric habit what its window still needs (do-less: what it may still take); a target behind pace its shortfall; null when nothing can be said.',
  })
  remainingToday!: number | null;

  @Field(() => [AttentionReasonEnum], { description: 'Why it needs attention today, most urgent first; empty when it does not.' })
  reasons!: AttentionReasonEnum[];
}

@ObjectType('Today', { description: "The viewer's day." })
export class TodayObject {
  @Field(() => LocalDateScalar, { description: "Today in the viewer's calendar (zone and day start)." })
  date!: string;

  @Field(() => [TodayItemObject], {
    description:
      'One item per active goal with something to do or show today (a habit on an active day, a goal that needs attention, a goal ' +
      'logged today): the due ones first, most urgent first (as goals(needsAttention: true)), then the open ones, then the done ones.',
  })
  items!: TodayItemObject[];
}

export function toTodayItemObject(item: TodayItem): TodayItemObject {
  return Object.assign(new TodayItemObject(), {
    goal: toGoalObject(item.goal),
    due: item.due,
    done: item.done,
    loggedToday: item.loggedToday,
    remainingToday: item.remainingToday,
    reasons: item.reasons as AttentionReasonEnum[],
  });
}
