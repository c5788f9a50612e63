import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../clock';
import type { EntityManager } from 'typeorm';
import type { Database } from '../../db/database';
import { hydrate, queryNamed, selectList } from '../../db/rows';
import { AppError, ErrorCode, badInput, notFound } from '../../errors';
import { toGlobalId } from '../../ids';
import { ApiTokenEntity } from './api-token.entity';
import { UserEntity } from './user.entity';

export type Scope = 'read' | 'write';
export const SCOPES: readonly Scope[] = ['read', 'write'];

/** Who is calling, as established from a bearer token. */
export interface Viewer {
  user: UserEntity;
  tokenId: number;
  scopes: ReadonlySet<Scope>;
  /**
   * The user's revision (`users.revision`, raised by the database with every write to what they own) as read with
   * the token: what proves a list kept from an earlier request still current.
   */
  revision: number;
}

/** What authenticating a bearer secret gives: the viewer, or why there is none, to tell the client. */
export type Authentication = { viewer: Viewer; refused?: undefined } | { viewer: null; refused: string };

/** Longest lifetime a token may be given. */
export const MAX_TOKEN_LIFETIME_DAYS = 3660;

const TOKEN_PREFIX = 'hoego_';
/** lastUsedAt is written at most this often per token, so that reads do not each cost a write. */
const LAST_USED_RESOLUTION_MS = 60_000;

export function hashToken(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Personal access tokens: issue, list, revoke and authenticate. */
export class TokenService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /**
   * Issues a token for a user. Returns the secret, which is not stored and cannot be shown again.
   * "write" implies "read". With `expiresAt` (after now, within MAX_TOKEN_LIFETIME_DAYS) it stops working then.
   */
  async create(
    userId: number,
    name: string,
    scopes: Scope[],
    expiresAt: Date | null = null,
  ): Promise<{ secret: string; token: ApiTokenEntity }> {
    const now = this.clock.now();
    if (expiresAt !== null) {
      const latest = new Date(now.getTime() + MAX_TOKEN_LIFETIME_DAYS * 86_400_000);
      if (!(expiresAt > now) || expiresAt > latest) {
        throw badInput(
          'expiresAt',
          `must be after now (${now.toISOString()}) and at most ${MAX_TOKEN_LIFETIME_DAYS} days ahead (${latest.toISOString()}), got ${expiresAt.toISOString()}`,
        );
      }
    }
    const trimmed = name.trim();
    if (trimmed.length === 0 || trimmed.length > 100) throw badInput('name', 'must be 1–100 characters');
    const unknown = scopes.filter((s) => !SCOPES.includes(s));
    if (unknown.length > 0) throw badInput('scopes', `unknown scope ${JSON.stringify(unknown[0])}; use read or write`);
    const set = new Set<Scope>(scopes.length === 0 ? ['read'] : scopes);
    if (set.has('write')) set.add('read');
    const secret = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const token = await this.db.write((em) =>
      em.save(
        em.create(ApiTokenEntity, {
          userId,
          name: trimmed,
          tokenHash: hashToken(secret),
          tokenPrefix: secret.slice(0, TOKEN_PREFIX.length + 6),
          scopes: SCOPES.filter((s) => set.has(s)).join(','),
          createdAt: now,
          lastUsedAt: null,
          revokedAt: null,
          expiresAt,
        }),
      ),
    );
    return { secret, token };
  }

  /** The user's tokens, oldest first; with `limit`, only the `limit` most recently created. */
  async list(userId: number, limit?: number): Promise<ApiTokenEntity[]> {
    if (limit === undefined) return this.db.read((em) => em.find(ApiTokenEntity, { where: { userId }, order: { id: 'ASC' } }));
    const newest = await this.db.read((em) => em.find(ApiTokenEntity, { where: { userId }, order: { id: 'DESC' }, take: limit }));
    return newest.reverse();
  }

  /** Revokes one of the user's tokens; revoking twice keeps the first revocation time. */
  async revoke(userId: number, tokenId: number): Promise<ApiTokenEntity> {
    return this.db.write(async (em) => {
      const token = await em.findOneBy(ApiTokenEntity, { id: tokenId, userId });
      if (!token) throw notFound('API token', toGlobalId('ApiToken', tokenId));
      if (!token.revokedAt) {
        token.revokedAt = this.clock.now();
        await em.save(token);
      }
      return token;
    });
  }

  /** Revokes a token by its numeric id regardless of owner (the command line is the operator's tool). */
  async revokeAny(tokenId: number): Promise<ApiTokenEntity> {
    const token = await this.db.read((em) => em.findOneBy(ApiTokenEntity, { id: tokenId }));
    if (!token) throw new AppError(ErrorCode.NOT_FOUND, `No API token with id ${tokenId}`);
    return this.revoke(token.userId, tokenId);
  }

  private authenticationQuery: string | null = null;

  /** The token with its user, by the secret's hash: built once (it runs on every request). */
  private authenticationSql(em: EntityManager): string {
    this.authenticationQuery ??=
      `SELECT ${selectList(em, ApiTokenEntity, 't')}, ${selectList(em, UserEntity, 'u')}, u.revision AS u_revision ` +
      `FROM api_tokens t INNER JOIN users u ON u.id = t.user_id WHERE t.token_hash = ${this.db.dialect === 'postgres' ? '$1' : '?'}`;
    return this.authenticationQuery;
  }

  /** Resolves a bearer secret to its viewer, or says why it names none: unknown, revoked, or expired (and when). */
  async authenticate(secret: string): Promise<Authentication> {
    const unknown = { viewer: null, refused: 'The token is unknown or revoked' } as const;
    if (!secret.startsWith(TOKEN_PREFIX)) return unknown;
    // One statement per request: the token and its user together.
    const token = await this.db.read(async (em) => {
      const [raw] = await queryNamed(em, 'hoego_authenticate', this.authenticationSql(em), [hashToken(secret)]);
      if (!raw) return null;
      return Object.assign(hydrate(em, ApiTokenEntity, raw, 't'), {
        user: hydrate(em, UserEntity, raw, 'u'),
        userRevision: Number(raw.u_revision),
      });
    });
    if (!token?.user || token.revokedAt) return unknown;
    const now = this.clock.now();
    if (token.expiresAt && token.expiresAt <= now) {
      return {
        viewer: null,
        refused: `The token expired at ${token.expiresAt.toISOString()}; create a new one (createApiToken, or cli tokens create)`,
      };
    }
    const last = token.lastUsedAt?.getTime() ?? 0;
    if (now.getTime() - last >= LAST_USED_RESOLUTION_MS) {
      await this.db.write((em) => em.update(ApiTokenEntity, { id: token.id }, { lastUsedAt: now }));
    }
    return {
      viewer: { user: token.user, tokenId: token.id, scopes: new Set(token.scopes.split(',') as Scope[]), revision: token.userRevision },
    };
  }
}
