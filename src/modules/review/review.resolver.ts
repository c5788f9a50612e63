import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../graphql/context';
import { LIST_SIZE_DESCRIPTION, listSize } from '../../graphql/relay';
import { GoalYearSummaryObject } from './goal-year.type';
import { CreateReportLinkInput, CreateReportLinkPayload, RevokeReportLinksPayload } from './report-link.type';
import { Locale, YearInReviewObject, toYearInReviewObject } from './review.type';

/** The year in review, its Markdown draft, and signed links to its reports. */
@Resolver(() => YearInReviewObject)
export class ReviewResolver {
  @Query(() => YearInReviewObject, {
    description: "The viewer's year in review: every goal's year, the days for a heatmap, and last year to compare with.",
  })
  async yearInReview(
    @Arg('year', () => Int, { description: 'The year, 1970–9999.' }) year: number,
    @Ctx() ctx: RequestContext,
  ): Promise<YearInReviewObject> {
    const review = await ctx.services.review.yearInReview(ctx.viewer.user, year, ctx.loaders.deadline, ctx.viewer.revision);
    for (const g of review.goals) ctx.loaders.goal.prime(g.goal.id, g.goal);
    return toYearInReviewObject(review);
  }

  @FieldResolver(() => [GoalYearSummaryObject], {
    description:
      'Every goal that had logs or reached milestones in the year, or was open during it, in creation order: the first `first` of them (goalCount says how many there are).',
  })
  goals(
    @Root() review: YearInReviewObject,
    @Arg('first', () => Int, { nullable: true, description: LIST_SIZE_DESCRIPTION }) first: number | null,
  ): GoalYearSummaryObject[] {
    return review.goals.slice(0, listSize(first));
  }

  @FieldResolver(() => Int, { description: 'How many goals the year has, whether or not `goals` answers them all.' })
  goalCount(@Root() review: YearInReviewObject): number {
    return review.goals.length;
  }

  @FieldResolver(() => String, { description: "A draft retrospective of the year in Markdown, to edit into one's own words." })
  markdown(
    @Root() review: YearInReviewObject,
    @Arg('locale', () => Locale, {
      nullable: true,
      defaultValue: Locale.EN,
      description: 'Language of the draft; English when omitted or null.',
    })
    locale: Locale | null,
    @Ctx() ctx: RequestContext,
  ): string {
    return ctx.services.review.markdown(review.model, locale ?? Locale.EN);
  }

  @Authorized('write')
  @Mutation(() => CreateReportLinkPayload, {
    description:
      "Makes a signed link, valid for 7 days, that opens the viewer's report of a year without a token. It stops working sooner when the token of this request is revoked or expires, or with revokeReportLinks.",
  })
  async createReportLink(
    @Arg('input', () => CreateReportLinkInput, { description: "The mutation's input." }) input: CreateReportLinkInput,
    @Ctx() ctx: RequestContext,
  ): Promise<CreateReportLinkPayload> {
    return ctx.services.reportLinks.create(ctx.viewer.user, input, ctx.viewer.tokenId);
  }

  @Authorized('write')
  @Mutation(() => RevokeReportLinksPayload, {
    description: 'Revokes every report link the viewer has made, with any token; links made afterwards work.',
  })
  async revokeReportLinks(@Ctx() ctx: RequestContext): Promise<RevokeReportLinksPayload> {
    return { revokedAt: await ctx.services.reportLinks.revokeAll(ctx.viewer.user.id) };
  }
}
