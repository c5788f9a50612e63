import { en } from './en';
import { ko } from './ko';
import type { Messages, ReportLocale } from './types';

export type { KindFacts, Messages, ReportLocale } from './types';

const MESSAGES: Record<ReportLocale, Messages> = { EN: en, KO: ko };

/** The report words of a locale. */
export function messagesFor(locale: ReportLocale): Messages {
  return MESSAGES[locale];
}

/** A number as people read it in the locale: grouped thousands, at most two decimals (or `decimals`). */
export function formatNumber(m: Messages, n: number, opts: { signed?: boolean; decimals?: number } = {}): string {
  const key = `${m.lang}|${opts.decimals ?? 2}|${opts.signed ? 1 : 0}`;
  let format = NUMBER_FORMATS.get(key);
  if (!format) {
    format = new Intl.NumberFormat(m.lang, { maximumFractionDigits: opts.decimals ?? 2, signDisplay: opts.signed ? 'exceptZero' : 'auto' });
    NUMBER_FORMATS.set(key, format);
  }
  return format.format(n);
}

/** Building an Intl.NumberFormat costs far more than formatting with one, and a report formats hundreds of numbers. */
const NUMBER_FORMATS = new Map<string, Intl.NumberFormat>();

/** A fraction in [0, 1] (or a percentage when `isPercent`) as a whole percentage. */
export function formatPercent(m: Messages, value: number, isPercent = false): string {
  return new Intl.NumberFormat(m.lang, { style: 'percent', maximumFractionDigits: 0 }).format(isPercent ? value / 100 : value);
}
