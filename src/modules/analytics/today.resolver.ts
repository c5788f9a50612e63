import { Ctx, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../graphql/context';
import { TodayObject, toTodayItemObject } from './today.type';

@Resolver()
export class TodayResolver {
  @Query(() => TodayObject, { description: "The viewer's day: what is due, done and left for each goal, most urgent first." })
  async today(@Ctx() ctx: RequestContext): Promise<TodayObject> {
    const { date, items } = await ctx.services.analytics.today(ctx.viewer.user, ctx.loaders);
    return Object.assign(new TodayObject(), { date, items: items.map(toTodayItemObject) });
  }
}
