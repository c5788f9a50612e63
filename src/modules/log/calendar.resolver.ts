import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, Info, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../graphql/context';
import { parseIdOf, parsePage, toConnection } from '../../graphql/relay';
import { LocalDateScalar } from '../../graphql/scalars';
import { selectsField } from '../../graphql/selection';
import { MAX_CALENDAR_DAYS } from '../../domain/days';
import { DayObject, LogsArgs, toDayObject } from './calendar.type';
import { ProgressLogConnection, toLogObject } from './log.type';

@Resolver()
export class CalendarResolver {
  @Query(() => [DayObject], {
    description: `The viewer's calendar: every day of from..to (at most ${MAX_CALENDAR_DAYS} days), oldest first, across all goals.`,
  })
  async days(
    @Arg('from', () => LocalDateScalar, { description: 'First day.' }) from: string,
    @Arg('to', () => LocalDateScalar, { description: `Last day, on or after from; at most ${MAX_CALENDAR_DAYS} days in all.` }) to: string,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<DayObject[]> {
    const days = await ctx.services.calendar.days(ctx.viewer.user.id, from, to, { withLogs: selectsField(info, 'logs') });
    return days.map(toDayObject);
  }

  @Query(() => ProgressLogConnection, { description: "The viewer's logs across goals, newest day first, then newest entry first." })
  async logs(@Args(() => LogsArgs) args: LogsArgs, @Ctx() ctx: RequestContext) {
    const goalIds = args.goalIds?.map((id) => parseIdOf('Goal', id, 'goalIds'));
    const filter = { from: args.from, to: args.to, goalIds };
    const page = await ctx.services.calendar.logs(ctx.viewer.user.id, filter, parsePage(args, ['date', 'id']));
    return toConnection(page, toLogObject);
  }
}
