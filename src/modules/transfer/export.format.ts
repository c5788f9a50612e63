import type { EntityTarget, ObjectLiteral } from 'typeorm';
import { GoalEntity } from '../goal/goal.entity';
import { KaggleResultEntity } from '../kaggle/kaggle-result.entity';
import { ProgressLogEntity } from '../log/progress-log.entity';
import { MilestoneEntity } from '../milestone/milestone.entity';
import { PauseEntity } from '../pause/pause.entity';
import { PipelineEntity } from '../pipeline/pipeline.entity';
import { VenueEntity } from '../pipeline/venue.entity';
import { ReminderEntity } from '../reminder/reminder.entity';
import { LadderLevelEntity } from '../workout/ladder-level.entity';
import { WorkoutEntity, WorkoutSetEntity } from '../workout/workout.entity';

/** `format` of hoego's own export; `version` changes when a reader of the old one would misread the new one. */
export const EXPORT_FORMAT = 'hoego-export';
export const EXPORT_VERSION = 1;

/**
 * How a field is written: text, a number, an integer, a local date (YYYY-MM-DD), an instant (ISO 8601), a list of
 * strings, a list of ISO weekdays (1 = Monday … 7 = Sunday), or one of a few words. `?` allows null. `ref` names the section whose `id` the field points at.
 */
export type FieldKind = 'text' | 'number' | 'integer' | 'date' | 'instant' | 'tags' | 'weekdays' | { oneOf: readonly string[] };

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  nullable?: boolean;
  ref?: SectionName;
}

export type SectionName =
  | 'venues'
  | 'goals'
  | 'logs'
  | 'milestones'
  | 'pauses'
  | 'kaggleResults'
  | 'workouts'
  | 'workoutSets'
  | 'ladderLevels'
  | 'pipelines'
  | 'reminders';

export interface SectionSpec {
  name: SectionName;
  entity: EntityTarget<ObjectLiteral>;
  fields: FieldSpec[];
}

const text = (name: string, nullable = false): FieldSpec => ({ name, kind: 'text', nullable });
const num = (name: string, nullable = false): FieldSpec => ({ name, kind: 'number', nullable });
const int = (name: string, nullable = false): FieldSpec => ({ name, kind: 'integer', nullable });
const date = (name: string, nullable = false): FieldSpec => ({ name, kind: 'date', nullable });
const instant = (name: string, nullable = false): FieldSpec => ({ name, kind: 'instant', nullable });
const ref = (name: string, section: SectionName, nullable = false): FieldSpec => ({ name, kind: 'integer', nullable, ref: section });
const oneOf = (name: string, values: readonly string[], nullable = false): FieldSpec => ({ name, kind: { oneOf: values }, nullable });

/**
 * The sections of an export, each after the sections it points at, with the fields each row carries. The fields
 * are listed rather than taken from the entities: the file is a contract that outlives a column added for the
 * server's own bookkeeping, and it never carries the owner's id or a token's hash.
 */
export const SECTIONS: readonly SectionSpec[] = [
  {
    name: 'venues',
    entity: VenueEntity,
    fields: [
      text('name'),
      date('deadline'),
      date('notificationDate', true),
      date('cameraReadyDeadline', true),
      date('conferenceStart', true),
      date('conferenceEnd', true),
      text('url', true),
      instant('createdAt'),
      instant('updatedAt'),
    ],
  },
  {
    name: 'goals',
    entity: GoalEntity,
    fields: [
      ref('parentId', 'goals', true),
      text('title'),
      text('description', true),
      oneOf('kind', ['HABIT', 'TARGET', 'MILESTONES']),
      oneOf('status', ['ACTIVE', 'PAUSED', 'ACHIEVED', 'ABANDONED', 'ARCHIVED']),
      text('unit', true),
      num('target', true),
      oneOf('targetType', ['AT_LEAST', 'AT_MOST']),
      int('frequencyTimes', true),
      int('frequencyPerDays', true),
      { name: 'weekdays', kind: 'weekdays', nullable: true },
      date('startDate'),
      date('dueDate', true),
      date('achievedOn', true),
      { name: 'tags', kind: 'tags' },
      text('template', true),
      instant('createdAt'),
      instant('updatedAt'),
    ],
  },
  {
    name: 'logs',
    entity: ProgressLogEntity,
    fields: [
      ref('goalId', 'goals'),
      num('value'),
      text('note', true),
      int('rating', true),
      instant('occurredAt'),
      date('date'),
      text('requestId', true),
      text('requestHash', true),
      instant('createdAt'),
      instant('updatedAt'),
    ],
  },
  {
    name: 'milestones',
    entity: MilestoneEntity,
    fields: [
      ref('goalId', 'goals'),
      text('title'),
      int('position'),
      date('dueDate', true),
      date('achievedOn', true),
      text('evidenceUrl', true),
      instant('createdAt'),
    ],
  },
  {
    name: 'pauses',
    entity: PauseEntity,
    fields: [ref('goalId', 'goals'), date('startDate'), date('endDate'), text('reason', true), instant('createdAt')],
  },
  {
    name: 'kaggleResults',
    entity: KaggleResultEntity,
    fields: [
      ref('goalId', 'goals'),
      ref('logId', 'logs', true),
      text('competition'),
      text('kind'),
      int('teams', true),
      int('rank', true),
      int('teamSize'),
      date('date'),
      text('medal'),
      oneOf('medalSource', ['RANK', 'GIVEN']),
      text('url', true),
      instant('createdAt'),
    ],
  },
  {
    name: 'workouts',
    entity: WorkoutEntity,
    fields: [
      ref('goalId', 'goals', true),
      ref('logId', 'logs', true),
      date('date'),
      instant('occurredAt'),
      int('durationMinutes', true),
      int('feeling', true),
      text('note', true),
      instant('createdAt'),
      instant('updatedAt'),
    ],
  },
  {
    name: 'workoutSets',
    entity: WorkoutSetEntity,
    fields: [
      ref('workoutId', 'workouts'),
      int('position'),
      text('exercise'),
      int('reps', true),
      num('holdSeconds', true),
      num('weightKg', true),
      num('rpe', true),
    ],
  },
  {
    name: 'ladderLevels',
    entity: LadderLevelEntity,
    fields: [
      ref('goalId', 'goals'),
      int('position'),
      text('exercise'),
      int('criterionSets'),
      int('criterionReps', true),
      num('criterionHoldSeconds', true),
      num('criterionWeightKg', true),
      instant('createdAt'),
      instant('updatedAt'),
    ],
  },
  {
    name: 'pipelines',
    entity: PipelineEntity,
    fields: [ref('goalId', 'goals'), ref('venueId', 'venues', true), int('submissionStage', true), instant('createdAt')],
  },
  {
    // The next instant a reminder fires is the server's bookkeeping: an import works it out again.
    name: 'reminders',
    entity: ReminderEntity,
    fields: [
      ref('goalId', 'goals'),
      text('at'),
      { name: 'weekdays', kind: 'weekdays', nullable: true },
      oneOf('when', ['ALWAYS', 'IF_DUE', 'IF_STREAK_AT_RISK']),
      text('requestId', true),
      instant('createdAt'),
    ],
  },
];

/** One row of a section as the file holds it: its id within the export, and its fields. */
export type ExportRow = { id: number } & Record<string, unknown>;

/** Turns a stored row into its exported form. */
export function exportRow(section: SectionSpec, row: ObjectLiteral): ExportRow {
  const out: ExportRow = { id: row.id as number };
  for (const field of section.fields) {
    const value: unknown = row[field.name];
    out[field.name] = value instanceof Date ? value.toISOString() : (value ?? null);
  }
  return out;
}
