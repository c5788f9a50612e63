import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../clock';
import type { Database } from '../../db/database';
import { isUniqueViolation } from '../../db/errors';
import { AppError, ErrorCode } from '../../errors';
import { fromGlobalId, toGlobalId } from '../../ids';
import type { UserEntity } from '../user/user.entity';
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
  locale?: string;
  expires?: string;
  signature?: string;
}

/**
 * Signed, expiring links to a year's report, so it can be opened in a browser without a bearer token.
 * The signature is HMAC-SHA256 over the user, year, locale and expiry. The key is REPORT_LINK_SECRET when set,
 * otherwise a random secret stored once in the settings table, so every server on one database accepts the
 * links of the others. The key is read once per process: rotating it means changing it and restarting.
 */
export class ReportLinkService {
  private key: Promise<Buffer> | null = null;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly configuredSecret: string | null,
    private readonly publicUrl: string | null,
  ) {}

  /** A link to the user's report of `year`, valid for REPORT_LINK_TTL_MS; `origin` is used when PUBLIC_URL is not set. */
  async create(
    user: UserEntity,
    input: { year: number; locale: ReportLocale; format: ReportFormat },
    origin: string,
  ): Promise<{ url: string; expiresAt: Date }> {
    checkYear(input.year);
    // Whole seconds, so that the expiry in the URL is exactly what was signed.
    const expires = Math.floor((this.clock.now().getTime() + REPORT_LINK_TTL_MS) / 1000);
    const signature = await this.sign(user.id, input.year, input.locale, expires);
    const query = new URLSearchParams({
      user: toGlobalId('User', user.id),
      locale: input.locale.toLowerCase(),
      expires: String(expires),
      signature,
    });
    const base = this.publicUrl ?? origin;
    const file = `${input.year}.${input.format === 'HTML' ? 'html' : 'md'}`;
    return { url: `${base}/reports/${file}?${query.toString()}`, expiresAt: new Date(expires * 1000) };
  }

  /**
   * Checks a signed link for `year` and returns whose report it opens and in which language. A link that was
   * altered or not made with this key is FORBIDDEN; a genuine one past its expiry is UNAUTHENTICATED.
   */
  async verify(year: number, params: SignedLinkParams): Promise<{ userId: number; locale: ReportLocale }> {
    const invalid = () =>
      new AppError(
        ErrorCode.FORBIDDEN,
        'This report link is not valid: it was changed, cut short, or not made by this server. Ask for a new one with createReportLink.',
      );
    const user = params.user ? fromGlobalId(params.user) : null;
    const locale = params.locale?.toUpperCase() as ReportLocale | undefined;
    const expires = params.expires && /^\d{1,12}$/.test(params.expires) ? Number(params.expires) : null;
    if (!user || user.type !== 'User' || !locale || !LOCALES.includes(locale) || expires === null || !params.signature) throw invalid();
    // Compared as text, not decoded: base64url decoding skips stray characters, and a link should match exactly.
    const expected = Buffer.from(await this.sign(user.id, year, locale, expires), 'utf8');
    const given = Buffer.from(params.signature, 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
    if (this.clock.now().getTime() >= expires * 1000) {
      throw new AppError(
        ErrorCode.UNAUTHENTICATED,
        `This report link expired at ${new Date(expires * 1000).toISOString()}. Ask for a new one with createReportLink.`,
      );
    }
    return { userId: user.id, locale };
  }

  private async sign(userId: number, year: number, locale: ReportLocale, expires: number): Promise<string> {
    const message = `hoego-report-link:v1\n${userId}\n${year}\n${locale}\n${expires}`;
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
