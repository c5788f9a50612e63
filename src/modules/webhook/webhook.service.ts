import { randomBytes } from 'node:crypto';
import { In, type EntityManager } from 'typeorm';
import type { Clock } from '../../clock';
import type { WebhookConfig } from '../../config';
import type { Database } from '../../db/database';
import { AppError, ErrorCode, badInput, notFound, requireSomeChange } from '../../errors';
import { toGlobalId } from '../../ids';
import { EVENT_TYPES, type EventTypeValue } from '../event/event.entity';
import { refuseUrl } from './webhook.http';
import { WebhookDeliveryEntity, WebhookEntity } from './webhook.entity';
import { withEvents, type DeliveryView } from './webhook.loaders';

/** Most webhooks one user may keep. */
export const MAX_WEBHOOKS_PER_USER = 20;

export interface NewWebhook {
  url: string;
  events: readonly EventTypeValue[];
  description?: string | null;
}

export interface WebhookChanges {
  url?: string | null;
  events?: readonly EventTypeValue[] | null;
  description?: string | null;
  /** true switches a webhook that was switched off back on, its failures forgotten. */
  active?: boolean | null;
}

/** Webhooks: a user's receivers of events, their secrets, and the record of what was delivered to them. */
export class WebhookService {
  private readonly changeListeners: Array<() => void> = [];

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly config: WebhookConfig,
  ) {}

  /** Calls `listener` after any webhook is created, changed or deleted through this process. */
  onChange(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  /** Creates a webhook and returns it with its signing secret, which is shown only this once. */
  async create(userId: number, input: NewWebhook): Promise<{ webhook: WebhookEntity; secret: string }> {
    const url = this.checkUrl(input.url);
    const eventTypes = storedTypes(input.events);
    const description = checkDescription(input.description ?? null);
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    const webhook = await this.db.write(async (em) => {
      const count = await em.countBy(WebhookEntity, { userId });
      if (count >= MAX_WEBHOOKS_PER_USER)
        throw new AppError(ErrorCode.CONFLICT, `A user keeps at most ${MAX_WEBHOOKS_PER_USER} webhooks; delete one first`);
      const now = this.clock.now();
      const saved = await em.save(
        em.create(WebhookEntity, {
          userId,
          url,
          eventTypes,
          description,
          secret,
          active: 1,
          failureCount: 0,
          failingSince: null,
          disabledReason: null,
          createdAt: now,
          updatedAt: now,
        }),
      );
      await this.announce(em);
      return saved;
    });
    this.changed();
    return { webhook, secret };
  }

  /** Changes a webhook of the user's. */
  async update(userId: number, id: number, changes: WebhookChanges): Promise<WebhookEntity> {
    requireSomeChange(changes);
    const saved = await this.db.write(async (em) => {
      const webhook = await this.getIn(em, userId, id);
      if (changes.url != null) webhook.url = this.checkUrl(changes.url);
      if (changes.events != null) webhook.eventTypes = storedTypes(changes.events);
      if (changes.description !== undefined) webhook.description = checkDescription(changes.description);
      if (changes.active === true) Object.assign(webhook, { active: 1, failureCount: 0, failingSince: null, disabledReason: null });
      if (changes.active === false) Object.assign(webhook, { active: 0, disabledReason: 'switched off by its owner' });
      webhook.updatedAt = this.clock.now();
      const result = await em.save(webhook);
      await this.announce(em);
      return result;
    });
    this.changed();
    return saved;
  }

  /** Deletes a webhook of the user's with its deliveries. */
  async delete(userId: number, id: number): Promise<void> {
    await this.db.write(async (em) => {
      const webhook = await this.getIn(em, userId, id);
      await em.delete(WebhookDeliveryEntity, { webhookId: webhook.id });
      await em.delete(WebhookEntity, { id: webhook.id });
      await this.announce(em);
    });
    this.changed();
  }

  /** The user's webhooks, oldest first. */
  async list(userId: number): Promise<WebhookEntity[]> {
    return this.db.read((em) => em.find(WebhookEntity, { where: { userId }, order: { id: 'ASC' } }));
  }

  /** The user's webhook with this id, or null. */
  async find(userId: number, id: number): Promise<WebhookEntity | null> {
    return this.db.read((em) => em.findOneBy(WebhookEntity, { id, userId }));
  }

  /** The user's delivery with this id, or null. */
  async findDelivery(userId: number, id: number): Promise<DeliveryView | null> {
    return this.db.read(async (em) => {
      const delivery = await em.findOneBy(WebhookDeliveryEntity, { id, userId });
      return delivery && (await withEvents(em, [delivery]))[0];
    });
  }

  /**
   * Queues the event of one of the user's deliveries again for the same webhook, as a new delivery with the same
   * `Hoego-Delivery` (the event's id), so that a receiver that already has it can tell.
   */
  async redeliver(userId: number, deliveryId: number): Promise<DeliveryView> {
    const delivery = await this.db.write(async (em) => {
      const earlier = await em.findOneBy(WebhookDeliveryEntity, { id: deliveryId, userId });
      if (!earlier) throw notFound('webhook delivery', toGlobalId('WebhookDelivery', deliveryId));
      const webhook = await this.getIn(em, userId, earlier.webhookId);
      if (!webhook.active)
        throw new AppError(ErrorCode.CONFLICT, 'The webhook is switched off; switch it on with updateWebhook(active: true) first', {
          field: 'deliveryId',
        });
      const saved = await em.save(
        em.create(WebhookDeliveryEntity, {
          userId,
          webhookId: earlier.webhookId,
          eventId: earlier.eventId,
          status: 'PENDING',
          attempts: 0,
          nextAttemptAt: null,
          leaseUntil: null,
          lastAttemptAt: null,
          responseStatus: null,
          lastError: null,
          deliveredAt: null,
          createdAt: this.clock.now(),
        }),
      );
      return (await withEvents(em, [saved]))[0];
    });
    this.changed();
    return delivery;
  }

  /** Ids of the users who have an active webhook. */
  async activeOwners(): Promise<Set<number>> {
    const rows: Array<{ user_id: number }> = await this.db.read((em) => em.query('SELECT DISTINCT user_id FROM webhooks WHERE active = 1'));
    return new Set(rows.map((r) => Number(r.user_id)));
  }

  /** Many webhooks by id (any owner), for the delivery loop. */
  async byIds(ids: readonly number[]): Promise<Map<number, WebhookEntity>> {
    const rows = ids.length === 0 ? [] : await this.db.read((em) => em.findBy(WebhookEntity, { id: In([...ids]) }));
    return new Map(rows.map((row) => [row.id, row]));
  }

  private async getIn(em: EntityManager, userId: number, id: number): Promise<WebhookEntity> {
    const webhook = await em.findOneBy(WebhookEntity, { id, userId });
    if (!webhook) throw notFound('webhook', toGlobalId('Webhook', id));
    return webhook;
  }

  private checkUrl(raw: string): string {
    const url = raw.trim();
    if (url.length > 2000) throw badInput('url', `must be at most 2000 characters, got ${url.length}`);
    const refused = refuseUrl(url, this.config.allowPrivateNetworks);
    if (refused) throw badInput('url', refused);
    return url;
  }

  /** Tells the other servers on PostgreSQL that the set of webhooks changed. */
  private async announce(em: EntityManager): Promise<void> {
    if (this.db.dialect === 'postgres') await em.query("SELECT pg_notify('hoego_webhooks', '')");
  }

  private changed(): void {
    for (const listener of this.changeListeners) listener();
  }
}

/** The event types as stored: ",A,B," in a fixed order, every type once. */
function storedTypes(types: readonly EventTypeValue[]): string {
  if (types.length === 0) throw badInput('events', `must name at least one of ${EVENT_TYPES.join(', ')}, got none`);
  return `,${EVENT_TYPES.filter((type) => types.includes(type)).join(',')},`;
}

/** The event types of a stored webhook. */
export function eventTypesOf(webhook: WebhookEntity): EventTypeValue[] {
  return webhook.eventTypes.split(',').filter((type) => type !== '') as EventTypeValue[];
}

function checkDescription(description: string | null): string | null {
  if (description !== null && description.length > 500)
    throw badInput('description', `must be at most 500 characters, got ${description.length}`);
  return description;
}
