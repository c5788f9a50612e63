import { badInput } from './errors';

// Global IDs are what clients hold and what error messages name, so services need them too: they live here,
// below GraphQL, and the Relay helpers re-export them.

/** The node types that have global IDs. */
export type NodeTypeName =
  | 'User'
  | 'Goal'
  | 'ProgressLog'
  | 'Milestone'
  | 'ApiToken'
  | 'Pause'
  | 'KaggleResult'
  | 'Workout'
  | 'LadderLevel'
  | 'Venue'
  | 'Webhook'
  | 'WebhookDelivery'
  | 'Reminder';

/** Largest row id (PostgreSQL `integer`). */
export const MAX_ROW_ID = 2_147_483_647;

/** Opaque global ID: base64url of "Type:id". */
export function toGlobalId(type: NodeTypeName, id: number): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

/** Decodes a global ID; null when it is not one of ours. */
export function fromGlobalId(globalId: string): { type: NodeTypeName; id: number } | null {
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const match =
    /^(User|Goal|ProgressLog|Milestone|ApiToken|Pause|KaggleResult|Workout|LadderLevel|Venue|Webhook|WebhookDelivery|Reminder):([1-9]\d{0,9})$/.exec(
      decoded,
    );
  // Only the one spelling toGlobalId makes: padded, standard-alphabet or otherwise altered IDs name nothing.
  if (!match || toGlobalId(match[1] as NodeTypeName, Number(match[2])) !== globalId) return null;
  const id = Number(match[2]);
  // Row ids are 32-bit integers on PostgreSQL; a larger one names nothing.
  return id <= MAX_ROW_ID ? { type: match[1] as NodeTypeName, id } : null;
}

/** Decodes a global ID that must name a `type`; a malformed ID or one of another type is bad input on `field`. */
export function parseIdOf(type: NodeTypeName, globalId: string, field: string): number {
  const parsed = fromGlobalId(globalId);
  if (!parsed || parsed.type !== type) throw badInput(field, `expected the ID of a ${type}, got ${JSON.stringify(globalId)}`);
  return parsed.id;
}
