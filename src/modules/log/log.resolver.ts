import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { AppError } from '../../errors';
import type { RequestContext } from '../../graphql/context';
import { parseIdOf } from '../../graphql/relay';
import { GoalObject, toGoalObject } from '../goal/goal.type';
import {
  DeleteProgressLogInput,
  DeleteProgressLogPayload,
  LogProgressBatchInput,
  LogProgressBatchPayload,
  LogProgressInput,
  LogProgressPayload,
  UpdateProgressLogInput,
  UpdateProgressLogPayload,
} from './log.inputs';
import { MAX_LOGS_PER_BATCH, type LogDraft } from './log.writer';
import { ProgressLogObject, toLogObject } from './log.type';

/** A log input as the writer takes it: the goal's global ID resolved. */
function toDraft(input: LogProgressInput): LogDraft {
  return {
    goalId: parseIdOf('Goal', input.goalId, 'goalId'),
    value: input.value,
    occurredAt: input.occurredAt,
    date: input.date,
    note: input.note,
    requestId: input.requestId,
  };
}

@Resolver(() => ProgressLogObject)
export class LogResolver {
  @Authorized('write')
  @Mutation(() => LogProgressPayload, { description: "Logs progress toward one of the viewer's goals. Safe to retry with a requestId." })
  async logProgress(
    @Arg('input', () => LogProgressInput, { description: "The mutation's input." }) input: LogProgressInput,
    @Ctx() ctx: RequestContext,
  ): Promise<LogProgressPayload> {
    const { log, goal } = await ctx.services.logs.log(ctx.viewer.user, toDraft(input));
    return { log: toLogObject(log), goal: toGoalObject(goal) };
  }

  @Authorized('write')
  @Mutation(() => LogProgressBatchPayload, {
    description: `Logs up to ${MAX_LOGS_PER_BATCH} entries toward the viewer's goals in one transaction. Each log is checked on its own: one with bad input, someone else's goal or a reused requestId fails alone and is answered at its index; the others are saved together. Safe to retry with requestIds.`,
    // Each input log is answered with its own result: the selection is paid for once per log.
    complexity: ({ args, childComplexity }) => 1 + batchSize(args) * childComplexity,
  })
  async logProgressBatch(
    @Arg('input', () => LogProgressBatchInput, { description: "The mutation's input." }) input: LogProgressBatchInput,
    @Ctx() ctx: RequestContext,
  ): Promise<LogProgressBatchPayload> {
    const drafts = input.logs.map((log): LogDraft | AppError => {
      try {
        return toDraft(log);
      } catch (error) {
        if (error instanceof AppError) return error;
        throw error;
      }
    });
    const outcomes = await ctx.services.logs.logMany(ctx.viewer.user, drafts);
    const results = outcomes.map((outcome, index) => ({
      index,
      log: outcome.log && toLogObject(outcome.log),
      error: outcome.error && {
        code: outcome.error.code,
        field: typeof outcome.error.details.field === 'string' ? outcome.error.details.field : null,
        message: outcome.error.message,
      },
    }));
    return { results };
  }

  @Authorized('write')
  @Mutation(() => UpdateProgressLogPayload, { description: "Edits one of the viewer's logs." })
  async updateProgressLog(
    @Arg('input', () => UpdateProgressLogInput, { description: "The mutation's input." }) input: UpdateProgressLogInput,
    @Ctx() ctx: RequestContext,
  ): Promise<UpdateProgressLogPayload> {
    const id = parseIdOf('ProgressLog', input.id, 'id');
    const { value, occurredAt, date, note } = input;
    const log = await ctx.services.logs.update(ctx.viewer.user, id, { value, occurredAt, date, note });
    return { log: toLogObject(log), goal: toGoalObject(await ctx.services.goals.get(ctx.viewer.user.id, log.goalId)) };
  }

  @Authorized('write')
  @Mutation(() => DeleteProgressLogPayload, { description: "Deletes one of the viewer's logs." })
  async deleteProgressLog(
    @Arg('input', () => DeleteProgressLogInput, { description: "The mutation's input." }) input: DeleteProgressLogInput,
    @Ctx() ctx: RequestContext,
  ): Promise<DeleteProgressLogPayload> {
    const goalId = await ctx.services.logs.delete(ctx.viewer.user, parseIdOf('ProgressLog', input.id, 'id'));
    return { deletedId: input.id, goal: toGoalObject(await ctx.services.goals.get(ctx.viewer.user.id, goalId)) };
  }

  @FieldResolver(() => GoalObject, { description: 'The goal this log counts toward.' })
  async goal(@Root() log: ProgressLogObject, @Ctx() ctx: RequestContext): Promise<GoalObject> {
    const goal = await ctx.loaders.goal.load(log.entity.goalId);
    if (!goal) throw new Error(`Log ${log.entity.id} has no goal of its owner`);
    return toGoalObject(goal);
  }
}

/** Number of logs in a logProgressBatch input, as the cost estimator sees the arguments. */
function batchSize(args: Record<string, unknown>): number {
  const logs = (args.input as { logs?: unknown } | undefined)?.logs;
  return Array.isArray(logs) ? logs.length : 1;
}
