import type { EntityManager } from 'typeorm';
import type { Clock } from '../../clock';
import type { Database } from '../../db/database';
import { badInput, notFound } from '../../errors';
import { toGlobalId } from '../../ids';
import { createdThenDeleted, writeOnce } from '../request/request-keys';
import type { UserEntity } from '../user/user.entity';
import { VenueEntity } from './venue.entity';

type VenueFields = Pick<
  VenueEntity,
  'name' | 'deadline' | 'notificationDate' | 'cameraReadyDeadline' | 'conferenceStart' | 'conferenceEnd' | 'url'
>;

/** A venue to create: its name, submission deadline and the other dates it has. */
export interface NewVenue {
  name: string;
  deadline: string;
  notificationDate?: string | null;
  cameraReadyDeadline?: string | null;
  conferenceStart?: string | null;
  conferenceEnd?: string | null;
  url?: string | null;
  requestId?: string | null;
}

/** Changes to a venue; omitted fields stay as they are, null clears an optional date or the url. */
export type VenueChanges = { [K in keyof Omit<NewVenue, 'requestId'>]?: NewVenue[K] | null };

/** Venues: the user's own list of conferences and their dates, which pipelines plan toward. */
export class VenueService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /** Creates a venue for the user. */
  async create(user: UserEntity, input: NewVenue): Promise<VenueEntity> {
    const fields = checkVenue({
      name: input.name.trim(),
      deadline: input.deadline,
      notificationDate: input.notificationDate ?? null,
      cameraReadyDeadline: input.cameraReadyDeadline ?? null,
      conferenceStart: input.conferenceStart ?? null,
      conferenceEnd: input.conferenceEnd ?? null,
      url: input.url ?? null,
    });
    const now = this.clock.now();
    const key = { userId: user.id, operation: 'createVenue' as const, requestId: input.requestId, input };
    const create = async (em: EntityManager) => {
      const venue = await em.save(em.create(VenueEntity, { ...fields, userId: user.id, createdAt: now, updatedAt: now }));
      return { value: venue, ids: [venue.id] };
    };
    return writeOnce(this.db, key, create, async (em, [id]) => {
      const venue = await em.findOneBy(VenueEntity, { id, userId: user.id });
      if (!venue) throw createdThenDeleted('venue', input.requestId);
      return venue;
    });
  }

  /** Changes one of the user's venues; pipelines aimed at it re-plan on their next read. */
  async update(user: UserEntity, id: number, input: VenueChanges): Promise<VenueEntity> {
    return this.db.write(async (em) => {
      const venue = await this.getIn(em, user.id, id);
      if (input.name !== undefined) {
        if (input.name === null) throw badInput('name', 'is required');
        venue.name = input.name.trim();
      }
      if (input.deadline != null) venue.deadline = input.deadline;
      for (const key of ['notificationDate', 'cameraReadyDeadline', 'conferenceStart', 'conferenceEnd', 'url'] as const) {
        if (input[key] !== undefined) venue[key] = input[key] ?? null;
      }
      Object.assign(venue, checkVenue(venue), { updatedAt: this.clock.now() });
      return em.save(venue);
    });
  }

  /** Deletes one of the user's venues; pipelines aimed at it keep their stages and lose their deadline. */
  async delete(user: UserEntity, id: number): Promise<void> {
    await this.db.write(async (em) => {
      await this.getIn(em, user.id, id);
      await em.delete(VenueEntity, { id });
    });
  }

  /** The user's venues, soonest deadline first. */
  async list(userId: number): Promise<VenueEntity[]> {
    return this.db.read((em) => em.find(VenueEntity, { where: { userId }, order: { deadline: 'ASC', id: 'ASC' } }));
  }

  /** The user's venue with this id, or null. */
  async find(userId: number, id: number): Promise<VenueEntity | null> {
    return this.db.read((em) => em.findOneBy(VenueEntity, { id, userId }));
  }

  /** Like `find` inside a transaction, failing with NOT_FOUND. */
  async getIn(em: EntityManager, userId: number, id: number): Promise<VenueEntity> {
    const venue = await em.findOneBy(VenueEntity, { id, userId });
    if (!venue) throw notFound('venue', toGlobalId('Venue', id));
    return venue;
  }
}

/** Checks a venue's fields; errors name the first offending field. */
function checkVenue(v: VenueFields): VenueFields {
  if (v.name.length === 0 || v.name.length > 200) throw badInput('name', `must be 1–200 characters, got ${v.name.length}`);
  for (const key of ['notificationDate', 'cameraReadyDeadline', 'conferenceStart'] as const) {
    const date = v[key];
    if (date !== null && date < v.deadline) throw badInput(key, `must be on or after the deadline (${v.deadline}), got ${date}`);
  }
  if (v.conferenceEnd !== null) {
    const start = v.conferenceStart ?? v.deadline;
    if (v.conferenceEnd < start)
      throw badInput(
        'conferenceEnd',
        `must be on or after ${v.conferenceStart ? 'conferenceStart' : 'the deadline'} (${start}), got ${v.conferenceEnd}`,
      );
  }
  if (v.url !== null) {
    let ok: boolean;
    try {
      const parsed = new URL(v.url);
      ok = (parsed.protocol === 'http:' || parsed.protocol === 'https:') && v.url.length <= 2000;
    } catch {
      ok = false;
    }
    if (!ok) throw badInput('url', `must be an http or https URL of at most 2000 characters, got ${JSON.stringify(v.url)}`);
  }
  return v;
}
