import { isReviewYear, REVIEW_YEAR_MAX, REVIEW_YEAR_MIN } from '../../domain/year-review';
import { badInput } from '../../errors';

/** Throws BAD_USER_INPUT unless `year` is a whole year a review can be made for. */
export function checkYear(year: number): void {
  if (!isReviewYear(year)) throw badInput('year', `must be a whole year from ${REVIEW_YEAR_MIN} to ${REVIEW_YEAR_MAX}, got ${year}`);
}
