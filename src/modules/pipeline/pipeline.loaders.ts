import { In } from 'typeorm';
import type { Database } from '../../db/database';
import { PipelineEntity } from './pipeline.entity';
import { VenueEntity } from './venue.entity';

export function pipelineOf(
  pipelines: PipelineEntity[],
  venues: VenueEntity[],
  goalId: number,
): { pipeline: PipelineEntity; venue: VenueEntity | null } | null {
  const pipeline = pipelines.find((p) => p.goalId === goalId);
  if (!pipeline) return null;
  return { pipeline, venue: venues.find((v) => v.id === pipeline.venueId) ?? null };
}

/** The pipeline (with its venue) of each goal, null for goals that are not pipelines, in key order. */
export async function pipelinesByGoal(
  db: Database,
  userId: number,
  goalIds: readonly number[],
): Promise<Array<{ pipeline: PipelineEntity; venue: VenueEntity | null } | null>> {
  const { pipelines, venues } = await db.read(async (em) => {
    const rows = await em.find(PipelineEntity, { where: { userId, goalId: In([...goalIds]) } });
    const venueIds = rows.flatMap((p) => (p.venueId === null ? [] : [p.venueId]));
    return { pipelines: rows, venues: venueIds.length === 0 ? [] : await em.find(VenueEntity, { where: { userId, id: In(venueIds) } }) };
  });
  return goalIds.map((id) => pipelineOf(pipelines, venues, id));
}
