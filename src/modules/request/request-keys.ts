import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Database } from '../../db/database';
import { isUniqueViolation } from '../../db/errors';
import { AppError, ErrorCode, badInput } from '../../errors';
import { RequestKeyEntity } from './request-key.entity';

/** The mutations that create something and take a requestId (progress logs keep theirs on the log itself). */
export type CreatingOperation =
  'createGoal' | 'createGoalFromTemplate' | 'addMilestone' | 'logWorkout' | 'logKaggleResult' | 'pauseGoal' | 'pauseAll' | 'createVenue';

/** A client's requestId for one creating mutation, with the input it came with. */
export interface RequestKey {
  userId: number;
  operation: CreatingOperation;
  requestId: string | null | undefined;
  /** The input as the client sent it; its `requestId` and its null or omitted fields are left out of the fingerprint. */
  input: object;
}

/** What a creating write made: the answer, and the ids of the rows a retry should answer with again. */
export interface Created<T> {
  value: T;
  ids: number[];
}

/**
 * Runs a creating write in one transaction, once per (user, operation, requestId): the first call creates and
 * records the ids it created under the key; a retry with the same input creates nothing and answers `replay` of
 * those ids; the same key with other input is a CONFLICT. Without a requestId it simply creates. The key's row is
 * written in the same transaction as what it created and is unique in the database, so two servers, or two
 * concurrent retries, cannot both create: the second's insert of the key fails, its transaction rolls back, and
 * it answers as a retry.
 */
export async function writeOnce<T>(
  db: Database,
  key: RequestKey,
  create: (em: EntityManager) => Promise<Created<T>>,
  replay: (em: EntityManager, ids: number[]) => Promise<T>,
): Promise<T> {
  const { userId, operation } = key;
  const requestId = key.requestId ?? null;
  if (requestId === null) return db.write(async (em) => (await create(em)).value);
  if (requestId.length === 0 || requestId.length > 100) throw badInput('requestId', `must be 1–100 characters, got ${requestId.length}`);
  const requestHash = fingerprint(key.input);
  const attempt = () =>
    db.write(async (em) => {
      const earlier = await em.findOneBy(RequestKeyEntity, { userId, operation, requestId });
      if (earlier) {
        if (earlier.requestHash !== requestHash) {
          throw new AppError(
            ErrorCode.CONFLICT,
            `requestId ${JSON.stringify(requestId)} was already used for ${operation} with different input`,
            {
              field: 'requestId',
            },
          );
        }
        return replay(em, JSON.parse(earlier.result) as number[]);
      }
      const created = await create(em);
      await em.insert(RequestKeyEntity, {
        userId,
        operation,
        requestId,
        requestHash,
        result: JSON.stringify(created.ids),
        createdAt: new Date(),
      });
      return created.value;
    });
  try {
    return await attempt();
  } catch (error) {
    if (isUniqueViolation(error)) return attempt();
    throw error;
  }
}

/** The answer for a retry whose creation has since been deleted. */
export function createdThenDeleted(what: string, requestId: string | null | undefined): AppError {
  return new AppError(ErrorCode.CONFLICT, `The ${what} created with requestId ${JSON.stringify(requestId)} has since been deleted`, {
    field: 'requestId',
  });
}

/** A digest of the input that ignores key order, omitted and null fields alike, and the requestId itself. */
function fingerprint(input: object): string {
  const fields = canonical(input) as Record<string, unknown>;
  delete fields.requestId;
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] != null)
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
