import type { FastifyBaseLogger as Logger } from 'fastify';
import type { Clock } from '../../clock';
import type { WebhookConfig } from '../../config';
import type { Database } from '../../db/database';
import { DISABLE_AFTER_MS, RETRY_WINDOW_MS, parseRetryAfter, retryDelayMs, signatureHeader, verdictOf } from '../../domain/webhook-retry';
import { EventEntity } from '../event/event.entity';
import type { EventPresenter } from '../event/event.presenter';
import { postJson, type PostOutcome } from './webhook.http';
import { WebhookDeliveryEntity, WebhookEntity } from './webhook.entity';
import type { WebhookService } from './webhook.service';

/** Deliveries one pass takes at most. */
const CLAIM_BATCH = 20;

/**
 * The background loop that sends deliveries. The outbox is the queue: a pass claims due deliveries with a lease
 * (on PostgreSQL `FOR UPDATE SKIP LOCKED`, so that with several servers each delivery goes out from one), sends
 * them, and records the outcome. Only the oldest pending delivery of a webhook is ever due, so each receiver gets
 * its events in order. A lease left by a server that died mid-delivery runs out and the delivery is sent again,
 * with the same `Hoego-Delivery`. Passes run when a local write recorded events for a user with webhooks, when
 * PostgreSQL notifies one, when a retry falls due, and every `pollMs` while any webhook exists; a database without
 * webhooks costs nothing after start-up.
 */
export class WebhookDispatcher {
  private owners = new Set<number>();
  private timer: NodeJS.Timeout | null = null;
  private timerDue = Infinity;
  private passing: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly config: WebhookConfig,
    private readonly webhooks: WebhookService,
    private readonly presenter: EventPresenter,
    private readonly log: Logger,
    private readonly random: () => number = Math.random,
  ) {}

  /** Loads who has webhooks and runs a first pass (deliveries left by an earlier run resume here). */
  async start(): Promise<void> {
    await this.refreshOwners();
    // Only active webhooks have deliveries to send: without any, a pass would be a write transaction for nothing.
    if (this.owners.size > 0) this.schedule(0);
  }

  /** Events were committed for these users. */
  eventsCommitted(userIds: readonly number[]): void {
    if (userIds.some((id) => this.owners.has(id))) this.schedule(0);
  }

  /** Webhooks were created, changed or deleted (here or on another server). */
  webhooksChanged(): void {
    this.refreshOwners().then(
      () => this.schedule(0),
      (error: unknown) => this.log.error({ err: error }, 'could not read the webhook owners'),
    );
  }

  /** Stops scheduling passes and waits for attempts in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.passing;
    await Promise.all([...this.inFlight]);
  }

  /** Runs one pass now and waits for the attempts it started (for tests and tools). */
  async runOnce(): Promise<void> {
    await this.pass();
    await Promise.all([...this.inFlight]);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    const due = Date.now() + delayMs;
    if (this.timer && this.timerDue <= due) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDue = due;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerDue = Infinity;
      void this.pass();
    }, delayMs);
    this.timer.unref();
  }

  private async pass(): Promise<void> {
    if (this.passing) {
      this.again = true;
      return this.passing;
    }
    this.passing = (async () => {
      try {
        do {
          this.again = false;
          const claimed = await this.claim();
          for (const delivery of claimed) this.track(this.attempt(delivery));
          if (claimed.length === CLAIM_BATCH) this.again = true;
        } while (this.again && !this.stopped);
        if (this.owners.size > 0 || this.inFlight.size > 0) this.schedule(this.config.pollMs);
      } catch (error) {
        this.log.error({ err: error }, 'webhook delivery pass failed');
        this.schedule(this.config.pollMs);
      } finally {
        this.passing = null;
      }
    })();
    return this.passing;
  }

  private track(attempt: Promise<void>): void {
    const tracked = attempt
      .catch((error: unknown) => this.log.error({ err: error }, 'webhook attempt failed unexpectedly'))
      .finally(() => {
        this.inFlight.delete(tracked);
        // The webhook's next delivery may be due now.
        this.schedule(0);
      });
    this.inFlight.add(tracked);
  }

  private async refreshOwners(): Promise<void> {
    this.owners = await this.webhooks.activeOwners();
  }

  /** Leases the due deliveries, each the oldest pending one of an active webhook. */
  private async claim(): Promise<WebhookDeliveryEntity[]> {
    const now = this.clock.now().getTime();
    // Long enough for an attempt (bounded by the timeout) and its bookkeeping; a server that dies leaves it to run out.
    const leaseUntil = now + 2 * this.config.timeoutMs + 5_000;
    const postgres = this.db.dialect === 'postgres';
    const p = (n: number) => (postgres ? `$${n}` : '?');
    const sql = `UPDATE webhook_deliveries SET lease_until = ${p(1)} WHERE id IN (
        SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id AND w.active = 1
         WHERE d.status = 'PENDING'
           AND (d.next_attempt_at IS NULL OR d.next_attempt_at <= ${p(2)})
           AND (d.lease_until IS NULL OR d.lease_until <= ${p(2)})
           AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e WHERE e.webhook_id = d.webhook_id AND e.status = 'PENDING'
                            AND (e.event_id < d.event_id OR (e.event_id = d.event_id AND e.id < d.id)))
         ORDER BY d.event_id, d.id LIMIT ${CLAIM_BATCH}${postgres ? ' FOR UPDATE OF d SKIP LOCKED' : ''}
      ) RETURNING id`;
    const parameters = postgres ? [leaseUntil, now] : [leaseUntil, now, now];
    const answer: unknown[] = await this.db.write((em) => em.query(sql, parameters));
    // TypeORM answers an UPDATE on PostgreSQL as [rows, affected count].
    const rows = (postgres ? answer[0] : answer) as Array<{ id: number | string }>;
    if (rows.length === 0) return [];
    const ids = rows.map((r) => Number(r.id));
    return this.db.read((em) =>
      em.findBy(
        WebhookDeliveryEntity,
        ids.map((id) => ({ id })),
      ),
    );
  }

  /** Sends one leased delivery and records what came of it. */
  private async attempt(delivery: WebhookDeliveryEntity): Promise<void> {
    const [webhook, event] = await this.db.read((em) =>
      Promise.all([em.findOneBy(WebhookEntity, { id: delivery.webhookId }), em.findOneBy(EventEntity, { id: delivery.eventId })]),
    );
    if (!webhook || !event) return;
    const body = JSON.stringify(await this.presenter.present(event));
    const sentAt = this.clock.now();
    const headers = {
      'hoego-event': event.type,
      'hoego-delivery': event.uid,
      'hoego-signature': signatureHeader(webhook.secret, Math.floor(sentAt.getTime() / 1000), body),
    };
    const outcome = await postJson(webhook.url, headers, body, {
      timeoutMs: this.config.timeoutMs,
      allowPrivate: this.config.allowPrivateNetworks,
    });
    await this.record(delivery.id, webhook.id, outcome);
  }

  private async record(deliveryId: number, webhookId: number, outcome: PostOutcome): Promise<void> {
    await this.db.write(async (em) => {
      const delivery = await em.findOneBy(WebhookDeliveryEntity, { id: deliveryId });
      const webhook = await em.findOneBy(WebhookEntity, { id: webhookId });
      if (!delivery || !webhook) return;
      const now = this.clock.now();
      const verdict = verdictOf(outcome.status);
      delivery.attempts += 1;
      delivery.lastAttemptAt = now;
      delivery.responseStatus = outcome.status;
      delivery.lastError = outcome.error ?? (verdict === 'SUCCEEDED' ? null : `answered ${outcome.status}`);
      delivery.leaseUntil = null;
      if (verdict === 'SUCCEEDED') {
        delivery.status = 'SUCCEEDED';
        delivery.deliveredAt = now;
        Object.assign(webhook, { failureCount: 0, failingSince: null });
      } else {
        const retryAfter = parseRetryAfter(outcome.retryAfter, now.getTime());
        const next = now.getTime() + retryDelayMs(delivery.attempts, this.config.retryBaseMs, this.random(), retryAfter);
        // The last retry falls at the end of the window, so a receiver down throughout is tried for the whole of it.
        const windowEnd = delivery.createdAt.getTime() + RETRY_WINDOW_MS;
        if (verdict === 'RETRY' && now.getTime() < windowEnd) delivery.nextAttemptAt = Math.min(next, windowEnd);
        else delivery.status = 'FAILED';
        webhook.failureCount += 1;
        webhook.failingSince ??= now;
        if (now.getTime() - webhook.failingSince.getTime() >= DISABLE_AFTER_MS) {
          webhook.active = 0;
          webhook.disabledReason =
            `switched off at ${now.toISOString()}: every attempt since ${webhook.failingSince.toISOString()} failed ` +
            `(${webhook.failureCount} attempts; the last: ${delivery.lastError})`;
        }
      }
      await em.save(delivery);
      await em.save(webhook);
    });
    if (verdictOf(outcome.status) !== 'SUCCEEDED') this.schedule(this.config.pollMs);
  }
}
