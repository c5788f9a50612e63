import { In, type EntityManager } from 'typeorm';
import type { Database } from '../../db/database';
import { badInput } from '../../errors';
import { EventEntity, type EventTypeValue } from '../event/event.entity';
import { WebhookDeliveryEntity } from './webhook.entity';

/** A delivery with the id and type of its event. */
export interface DeliveryView {
  delivery: WebhookDeliveryEntity;
  eventUid: string;
  eventType: EventTypeValue;
}

/** The deliveries with their events' ids and types, in the same order; one statement. */
export async function withEvents(em: EntityManager, deliveries: readonly WebhookDeliveryEntity[]): Promise<DeliveryView[]> {
  const ids = [...new Set(deliveries.map((d) => d.eventId))];
  const events =
    ids.length === 0 ? [] : await em.find(EventEntity, { select: { id: true, uid: true, type: true }, where: { id: In(ids) } });
  const byId = new Map(events.map((e) => [e.id, e]));
  return deliveries.map((delivery) => ({
    delivery,
    eventUid: byId.get(delivery.eventId)!.uid,
    eventType: byId.get(delivery.eventId)!.type,
  }));
}

/** Most deliveries one `deliveries(first:)` answers. */
export const MAX_DELIVERIES_LISTED = 100;

/**
 * The latest `first` deliveries of each of the user's webhooks among `webhookIds`, newest first, in key order; one
 * statement for all of them.
 */
export async function deliveriesByWebhook(
  db: Database,
  userId: number,
  webhookIds: readonly number[],
  first: number,
): Promise<DeliveryView[][]> {
  if (!Number.isInteger(first) || first < 0 || first > MAX_DELIVERIES_LISTED)
    throw badInput('first', `must be a whole number from 0 to ${MAX_DELIVERIES_LISTED}, got ${first}`);
  const rows = await db.read(async (em) => {
    const deliveries = await em
      .createQueryBuilder(WebhookDeliveryEntity, 'd')
      .where(
        `d.id IN (SELECT r.id FROM (SELECT x.id, ROW_NUMBER() OVER (PARTITION BY x.webhook_id ORDER BY x.id DESC) AS n
           FROM webhook_deliveries x WHERE x.user_id = :userId AND x.webhook_id IN (:...ids)) r WHERE r.n <= :first)`,
        { userId, ids: [...webhookIds], first },
      )
      .orderBy('d.id', 'DESC')
      .getMany();
    return withEvents(em, deliveries);
  });
  return webhookIds.map((id) => rows.filter((row) => row.delivery.webhookId === id));
}
