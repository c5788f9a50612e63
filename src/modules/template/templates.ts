import type { Level } from '../../domain/ladder';
import type { GoalKindValue, TargetTypeValue } from '../goal/goal.entity';

/** The template keys (GraphQL enum GoalTemplateKey). */
export type TemplateKey =
  'KAGGLE_COMPETITIONS' | 'SKILL_LADDER_PLANCHE' | 'PAPER_PIPELINE' | 'DAILY_HABIT' | 'WEEKLY_HABIT' | 'REFLECTION' | 'REST_DAYS';

/** A ready-made goal: its defaults, and the milestones or ladder it comes with. */
export interface TemplateDefinition {
  key: TemplateKey;
  title: string;
  description: string;
  kind: GoalKindValue;
  unit: string | null;
  target: number | null;
  targetType: TargetTypeValue;
  frequency: { times: number; perDays: number } | null;
  tags: string[];
  /** Due at the end of the start date's year (a yearly goal) rather than open-ended. */
  dueEndOfYear: boolean;
  /** MILESTONES goals: the stages, in order. */
  stages: string[];
  /** Pipelines: 1-based position of the stage due on the venue's submission deadline. */
  submissionStage: number | null;
  /** Skill goals: the ladder, easiest level first. */
  ladder: Level[];
}

const holds = (exercise: string, sets: number, holdSeconds: number): Level => ({
  exercise,
  criterion: { sets, reps: null, holdSeconds, weightKg: null },
});

/** The planche progression; each level advances with three clean holds in one session (the user can change this). */
export const PLANCHE_LADDER: Level[] = [
  holds('planche lean', 3, 30),
  holds('tuck planche', 3, 10),
  holds('advanced tuck planche', 3, 10),
  holds('straddle planche', 3, 10),
  holds('half lay planche', 3, 8),
  holds('full planche', 3, 5),
];

/** The stages of a paper; the fourth ("submitted") is due on the venue's submission deadline. */
export const PAPER_STAGES = ['idea', 'experiments', 'draft', 'submitted', 'decision', 'camera-ready'];

const base = {
  unit: null,
  target: null,
  targetType: 'AT_LEAST' as const,
  tags: [],
  dueEndOfYear: false,
  stages: [],
  submissionStage: null,
  ladder: [],
};
const habit = (times: number, perDays: number) => ({ ...base, kind: 'HABIT' as const, frequency: { times, perDays } });

/** Every template, in the order `goalTemplates` lists them. */
export const TEMPLATES: readonly TemplateDefinition[] = [
  {
    ...base,
    key: 'KAGGLE_COMPETITIONS',
    title: 'Kaggle Competitions Master',
    description: 'Compete on Kaggle, in teams or solo, toward the next Competitions tier. Each result logged counts as one competition.',
    kind: 'TARGET',
    unit: 'competitions',
    target: 3,
    frequency: null,
    tags: ['kaggle'],
    dueEndOfYear: true,
  },
  {
    ...habit(1, 1),
    key: 'SKILL_LADDER_PLANCHE',
    title: 'Full planche',
    description: 'Train every day and climb the planche ladder: lean, tuck, advanced tuck, straddle, half lay, full.',
    tags: ['training'],
    ladder: PLANCHE_LADDER,
  },
  {
    ...base,
    key: 'PAPER_PIPELINE',
    title: 'Paper',
    description: "Take a paper from idea to camera-ready, planned toward a venue's deadline.",
    kind: 'MILESTONES',
    frequency: null,
    tags: ['research'],
    stages: PAPER_STAGES,
    submissionStage: 4,
  },
  { ...habit(1, 1), key: 'DAILY_HABIT', title: 'Daily habit', description: 'Something done every day.' },
  { ...habit(1, 7), key: 'WEEKLY_HABIT', title: 'Weekly habit', description: 'Something done once a week.' },
  {
    ...habit(1, 7),
    key: 'REFLECTION',
    title: 'Weekly retrospective',
    description: 'Look back on the week (or practise communicating) and rate how it went from 1 to 5, to see the trend.',
    tags: ['reflection'],
  },
  {
    ...habit(1, 7),
    key: 'REST_DAYS',
    title: 'A real rest day',
    description: 'Take one day a week fully off and rate from 1 to 5 how rested it left you.',
    tags: ['rest'],
  },
];

/** The template with this key. */
export function templateOf(key: TemplateKey): TemplateDefinition {
  return TEMPLATES.find((t) => t.key === key)!;
}

/** Templates whose goals show Goal.kaggle. */
export const KAGGLE_TEMPLATES: ReadonlySet<string> = new Set(['KAGGLE_COMPETITIONS']);

/** Templates whose goals show Goal.reflection even before a rating is logged. */
export const REFLECTION_TEMPLATES: ReadonlySet<string> = new Set(['REFLECTION', 'REST_DAYS']);
