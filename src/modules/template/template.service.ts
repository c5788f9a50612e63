import type { Clock } from '../../clock';
import { yearOf } from '../../domain/calendar';
import { badInput } from '../../errors';
import { parseIdOf } from '../../graphql/relay';
import type { GoalEntity } from '../goal/goal.entity';
import type { CreateGoalInput } from '../goal/goal.inputs';
import type { GoalService } from '../goal/goal.service';
import type { GoalKind, TargetType } from '../goal/goal.type';
import { MilestoneEntity } from '../milestone/milestone.entity';
import type { PipelineService } from '../pipeline/pipeline.service';
import type { UserEntity } from '../user/user.entity';
import type { SkillService } from '../workout/skill.service';
import type { CreateGoalFromTemplateInput, GoalTemplateOverridesInput } from './template.type';
import { TEMPLATES, templateOf, type TemplateDefinition } from './templates';

/** Goal templates: the catalogue, and goals made from it with their milestones, ladder or pipeline. */
export class TemplateService {
  constructor(
    private readonly clock: Clock,
    private readonly goals: GoalService,
    private readonly skills: SkillService,
    private readonly pipelines: PipelineService,
  ) {}

  /** Every template with its defaults. */
  list(): readonly TemplateDefinition[] {
    return TEMPLATES;
  }

  /**
   * Creates a goal from a template: the template's defaults with the overrides (and the top-level title, startDate
   * and dueDate) applied, checked by the same rules as createGoal, and, in the same transaction, its milestones,
   * ladder and pipeline.
   */
  async create(user: UserEntity, input: CreateGoalFromTemplateInput): Promise<GoalEntity> {
    const t = templateOf(input.template);
    const o = mergeTopLevel(input);
    if (o.venueId != null && t.stages.length === 0) throw badInput('venueId', `applies to pipeline templates only, not ${t.key}`);
    const venueId = o.venueId == null ? null : parseIdOf('Venue', o.venueId, 'venueId');
    const pick = <K extends keyof typeof o, V>(key: K, fallback: V) => (o[key] === undefined ? fallback : o[key]);
    const startDate = o.startDate ?? this.goals.today(user);
    const goalInput: CreateGoalInput = {
      title: o.title ?? t.title,
      kind: t.kind as GoalKind,
      description: pick('description', t.description),
      unit: pick('unit', t.unit),
      target: pick('target', t.target),
      targetType: (o.targetType ?? t.targetType) as TargetType,
      frequency: o.frequency ?? t.frequency,
      startDate,
      dueDate: pick('dueDate', t.dueEndOfYear ? `${yearOf(startDate)}-12-31` : null),
      tags: o.tags ?? t.tags,
      parentId: o.parentId ?? null,
    };
    return this.goals.create(user, goalInput, {
      template: t.key,
      requestKey: { userId: user.id, operation: 'createGoalFromTemplate', requestId: input.requestId, input },
      andThen: async (em, goal) => {
        if (t.stages.length > 0) {
          const now = this.clock.now();
          await em.insert(
            MilestoneEntity,
            t.stages.map((title, i) => ({
              userId: user.id,
              goalId: goal.id,
              title,
              position: i + 1,
              dueDate: null,
              achievedOn: null,
              evidenceUrl: null,
              createdAt: now,
            })),
          );
          await this.pipelines.attachIn(em, user.id, goal, venueId, t.submissionStage);
        }
        await this.skills.insertLadder(em, user.id, goal.id, t.ladder);
      },
    });
  }
}

/** The fields CreateGoalFromTemplateInput takes at the top level as well as in overrides. */
const TOP_LEVEL = ['title', 'startDate', 'dueDate'] as const;

/**
 * The overrides with the top-level title, startDate and dueDate folded in. Given in both places (null included)
 * with different values, the field is refused rather than one place silently winning.
 */
function mergeTopLevel(input: CreateGoalFromTemplateInput): GoalTemplateOverridesInput {
  const merged: GoalTemplateOverridesInput = { ...input.overrides };
  for (const key of TOP_LEVEL) {
    const top = input[key];
    if (top === undefined) continue;
    const inOverrides = merged[key];
    if (inOverrides !== undefined && inOverrides !== top) {
      throw badInput(
        key,
        `given at the top level (${JSON.stringify(top)}) and in overrides (${JSON.stringify(inOverrides)}) with different values; give it once`,
      );
    }
    merged[key] = top;
  }
  return merged;
}
