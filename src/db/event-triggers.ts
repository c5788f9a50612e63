/**
 * The trigger on `events` that queues one webhook delivery per new event and active webhook of its owner that
 * listens to its type (see migrations/1796200000000-CreateEventsAndWebhooks.ts), so that the migration and the
 * database copy, which lifts it while copying deliveries as they are, use the same statements.
 */
const DELIVERY_COLUMNS = 'user_id, webhook_id, event_id, status, attempts, created_at';

/** The statements that create and drop the trigger fanning new events out to webhook deliveries, per dialect. */
export function fanOutTrigger(postgres: boolean): { create: string[]; drop: string[] } {
  if (!postgres) {
    return {
      create: [
        `CREATE TRIGGER trg_events_fan_out AFTER INSERT ON events BEGIN
           INSERT INTO webhook_deliveries (${DELIVERY_COLUMNS})
           SELECT NEW.user_id, w.id, NEW.id, 'PENDING', 0, NEW.occurred_at FROM webhooks w
            WHERE w.user_id = NEW.user_id AND w.active = 1 AND instr(w.event_types, ',' || NEW.type || ',') > 0
            ORDER BY w.id;
         END`,
      ],
      drop: ['DROP TRIGGER IF EXISTS trg_events_fan_out'],
    };
  }
  return {
    create: [
      `CREATE FUNCTION hoego_fan_out_events() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         INSERT INTO webhook_deliveries (${DELIVERY_COLUMNS})
         SELECT e.user_id, w.id, e.id, 'PENDING', 0, e.occurred_at
           FROM new_events e JOIN webhooks w
             ON w.user_id = e.user_id AND w.active = 1 AND strpos(w.event_types, ',' || e.type || ',') > 0
          ORDER BY e.id, w.id;
         PERFORM pg_notify('hoego_events', e.user_id || ':' || min(e.id) || ':' || max(e.id)) FROM new_events e GROUP BY e.user_id;
         RETURN NULL;
       END $$`,
      'CREATE TRIGGER trg_events_fan_out AFTER INSERT ON events REFERENCING NEW TABLE AS new_events ' +
        'FOR EACH STATEMENT EXECUTE FUNCTION hoego_fan_out_events()',
    ],
    drop: ['DROP TRIGGER IF EXISTS trg_events_fan_out ON events', 'DROP FUNCTION IF EXISTS hoego_fan_out_events()'],
  };
}
