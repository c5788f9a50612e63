import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../clock';
import type { Database } from '../../db/database';
import { isUniqueViolation } from '../../db/errors';
import { AppError, ErrorCode } from '../../errors';
import { fromGlobalId, toGlobalId } from '../../ids';
import { ApiTokenEntity } from '../user/api-token.entity';
import { UserEntity } from '../user/user.entity';
import { checkYear } from './review.rules';
import { SettingEntity } from './setting.entity';
import type { ReportLocale } from './templates';

/** How long a signed report link works. */
export const REPORT_LINK_TTL_MS = 7 * 24 * 3600 * 1000;
const SECRET_SETTING = 'report_link_secret';
const LOCALES: readonly ReportLocale[] = ['EN', 'KO'];

/** The file types a report is served as. */
export type ReportFormat = 'HTML' | 'MARKDOWN';

/** The query parameters of a signed link, as they arrive (all optional strings). */
export interface SignedLinkParams {
  user?: string;
  /** The token the link was made with; absent for links made without one (the demo). */
  token?: string;
  /** The user's report-link generation when the link was made. */
  gen?: string;
  locale?: string;
  expires?: string;
  signature?: string;
}

/**
 * Signed, expiring links to a year's report, so it can be opened in a browser without a bearer token.
 * The signature is HMAC-SHA256 over the user, the token that made the link, the user's link generation, year,
 * locale and expiry. A link stops working when it expires, when its token is revoked or expires, and when the user
 * revokes all their links (which moves the generation on). Links are built on PUBLIC_URL, or on HOST and PORT,
 * never on the Host header a request arrived with. The key is REPORT_LINK_SECRET when set,
 * otherwise a random secret stored once in the settings table, so every server on one database accepts the
 * links of the others. The key is read once per process: rotating it means changing it and restarting.
 */
export class ReportLinkService {
  private key: Promise<Buffer> | null = null;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly configuredSecret: string | null,
    /** Where clients reach this server, e.g. https://hoego.example.com (no trailing slash). */
    private readonly baseUrl: string,
  ) {}

  /**
   * A link to the user's report of `year`, valid for REPORT_LINK_TTL_MS and for as long as `tokenId` (the token
   * of the request that asks for it; null for the operator's tools) stays valid.
   */
  async create(
    user: UserEntity,
    input: { year: number; locale: ReportLocale; format: ReportFormat },
    tokenId: number | null,
  ): Promise<{ url: string; expiresAt: Date }> {
    checkYear(input.year);
    // Read now: revokeReportLinks earlier in the same request has moved it on since the viewer was read.
    const current = await this.db.read((em) => em.findOneBy(UserEntity, { id: user.id }));
    if (!current) throw new AppError(ErrorCode.NOT_FOUND, `No user with id ${toGlobalId('User', user.id)}`);
    const generation = current.reportLinkGeneration;
    // Whole seconds, so that the expiry in the URL is exactly what was signed.
    const expires = Math.floor((this.clock.now().getTime() + REPORT_LINK_TTL_MS) / 1000);
    const signature = await this.sign({ userId: user.id, tokenId, generation, year: input.year, locale: input.locale, expires });
    const query = new URLSearchParams({
      user: toGlobalId('User', user.id),
      ...(tokenId === null ? {} : { token: toGlobalId('ApiToken', tokenId) }),
      gen: String(generation),
      locale: input.locale.toLowerCase(),
      expires: String(expires),
      signature,
    });
    const base = this.baseUrl;
    const file = `${input.year}.${input.format === 'HTML' ? 'html' : 'md'}`;
    return { url: `${base}/reports/${file}?${query.toString()}`, expiresAt: new Date(expires * 1000) };
  }

  /**
   * Revokes every report link the user has made so far; links made afterwards work. Returns when that was.
   */
  async revokeAll(userId: number): Promise<Date> {
    await this.db.write((em) => em.increment(UserEntity, { id: userId }, 'reportLinkGeneration', 1));
    return this.clock.now();
  }

  /**
   * Checks a signed link for `year` and returns whose report it opens and in which language. A link that was
   * altered or not made with this key, or whose user is gone, is FORBIDDEN; a genuine one past its expiry, or
   * revoked (with its token, or with all the user's links), is UNAUTHENTICATED, saying which.
   */
  async verify(year: number, params: SignedLinkParams): Promise<{ user: UserEntity; locale: ReportLocale }> {
    const invalid = () =>
      new AppError(
        ErrorCode.FORBIDDEN,
        'This report link is not valid: it was changed, cut short, or not made by this server. Ask for a new one with createReportLink.',
      );
    const user = params.user ? fromGlobalId(params.user) : null;
    const token = params.token === undefined ? null : fromGlobalId(params.token);
    const locale = params.locale?.toUpperCase() as ReportLocale | undefined;
    const expires = params.expires && /^\d{1,12}$/.test(params.expires) ? Number(params.expires) : null;
    const generation = params.gen && /^\d{1,9}$/.test(params.gen) ? Number(params.gen) : null;
    if (!user || user.type !== 'User' || !locale || !LOCALES.includes(locale) || expires === null || !params.signature) throw invalid();
    if (generation === null || (params.token !== undefined && token?.type !== 'ApiToken')) throw invalid();
    const tokenId = token ? token.id : null;
    // Compared as text, not decoded: base64url decoding skips stray characters, and a link should match exactly.
    const expected = Buffer.from(await this.sign({ userId: user.id, tokenId, generation, year, locale, expires }), 'utf8');
    const given = Buffer.from(params.signature, 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
    if (this.clock.now().getTime() >= expires * 1000) {
      throw new AppError(
        ErrorCode.UNAUTHENTICATED,
        `This report link expired at ${new Date(expires * 1000).toISOString()}. Ask for a new one with createReportLink.`,
      );
    }
    const [owner, madeWith] = await this.db.read((em) =>
      Promise.all([
        em.findOneBy(UserEntity, { id: user.id }),
        tokenId === null ? null : em.findOneBy(ApiTokenEntity, { id: tokenId, userId: user.id }),
      ]),
    );
    // A link outliving its user is as good as a forged one.
    if (!owner) throw new AppError(ErrorCode.FORBIDDEN, 'This report link is not valid: its user no longer exists.');
    const revoked = (why: string) => new AppError(ErrorCode.UNAUTHENTICATED, `This report link was revoked: ${why}. Ask for a new one.`);
    if (generation !== owner.reportLinkGeneration) throw revoked('all report links made before it were revoked (revokeReportLinks)');
    if (tokenId !== null && (!madeWith || madeWith.revokedAt)) throw revoked('the token that made it was revoked');
    if (madeWith?.expiresAt && madeWith.expiresAt <= this.clock.now()) throw revoked('the token that made it has expired');
    return { user: owner, locale };
  }

  private async sign(link: {
    userId: number;
    tokenId: number | null;
    generation: number;
    year: number;
    locale: ReportLocale;
    expires: number;
  }): Promise<string> {
    const { userId, tokenId, generation, year, locale, expires } = link;
    const message = `hoego-report-link:v2\n${userId}\n${tokenId ?? '-'}\n${generation}\n${year}\n${locale}\n${expires}`;
    return createHmac('sha256', await this.secret())
      .update(message, 'utf8')
      .digest('base64url');
  }

  private secret(): Promise<Buffer> {
    if (this.configuredSecret !== null) return Promise.resolve(Buffer.from(this.configuredSecret, 'utf8'));
    // A failed read is not cached, so the next request tries again.
    this.key ??= this.storedSecret().catch((error: unknown) => {
      this.key = null;
      throw error;
    });
    return this.key;
  }

  /** The secret in the settings table, created on first use. When two servers race, the first insert wins. */
  private async storedSecret(): Promise<Buffer> {
    const read = () => this.db.read((em) => em.findOneBy(SettingEntity, { name: SECRET_SETTING }));
    const existing = await read();
    if (existing) return Buffer.from(existing.value, 'base64url');
    const value = randomBytes(32).toString('base64url');
    try {
      await this.db.write((em) => em.insert(SettingEntity, { name: SECRET_SETTING, value, createdAt: this.clock.now() }));
      return Buffer.from(value, 'base64url');
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const winner = await read();
      if (!winner) throw error;
      return Buffer.from(winner.value, 'base64url');
    }
  }
}
