import type { Clock } from '../../clock';
import { yearOf } from '../../domain/calendar';
import { badInput } from '../../errors';
import type { GoalEntity } from '../goal/goal.entity';
import type { GoalChanges, GoalService, NewGoal } from '../goal/goal.service';
import { MilestoneEntity } from '../milestone/milestone.entity';
import type { PipelineService } from '../pipeline/pipeline.service';
import type { UserEntity } from '../user/user.entity';
import type { SkillService } from '../workout/skill.service';
import { TEMPLATES, templateOf, type TemplateDefinition, type TemplateKey } from './templates';

/** What a goal made from a template changes of the template's defaults. */
export interface TemplateOverrides extends Omit<GoalChanges, 'status'> {
  /** Pipeline templates: the venue whose deadline the plan aims at. */
  venueId?: number | null;
}

/** A goal to make from a template. `title`, `startDate` and `dueDate` may also be given among the overrides. */
export interface NewGoalFromTemplate {
  template: TemplateKey;
  title?: string | null;
  startDate?: string | null;
  dueDate?: string | null;
  overrides?: TemplateOverrides | null;
  requestId?: string | null;
}

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
  async create(user: UserEntity, input: NewGoalFromTemplate): Promise<GoalEntity> {
    const t = templateOf(input.template);
    const o = mergeTopLevel(input);
    if (o.venueId != null && t.stages.length === 0) throw badInput('venueId', `applies to pipeline templates only, not ${t.key}`);
    const venueId = o.venueId ?? null;
    const pick = <K extends keyof typeof o, V>(key: K, fallback: V) => (o[key] === undefined ? fallback : o[key]);
    const startDate = o.startDate ?? this.goals.today(user);
    const goalInput: NewGoal = {
      title: o.title ?? t.title,
      kind: t.kind,
      description: pick('description', t.description),
      unit: pick('unit', t.unit),
      target: pick('target', t.target),
      targetType: o.targetType ?? t.targetType,
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

/** The fields a goal from a template takes at the top level as well as in overrides. */
const TOP_LEVEL = ['title', 'startDate', 'dueDate'] as const;

/**
 * The overrides with the top-level title, startDate and dueDate folded in. Given in both places (null included)
 * with different values, the field is refused rather than one place silently winning.
 */
function mergeTopLevel(input: NewGoalFromTemplate): TemplateOverrides {
  const merged: TemplateOverrides = { ...input.overrides };
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
