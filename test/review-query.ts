/**
 * The fields of yearInReview that test/review.test.ts reads, as one fragment. The tests compare whole objects
 * (`toEqual`), so a field added here changes what they must expect; bench/run.ts spreads the fragment and asks
 * for the rest of the review on top of it.
 */
export const YEAR_IN_REVIEW_FIELDS = /* GraphQL */ `
  fragment YearInReviewFields on YearInReview {
    year
    timeZone
    through
    logCount
    activeDays
    goalsAchieved
    milestonesAchieved
    pausedDays
    days {
      date
      logCount
      total
    }
    months {
      month
      logCount
      total
      activeDays
    }
    busiestMonth {
      month
      logCount
    }
    busiestWeekday {
      weekday
      logCount
    }
    longestStreak {
      goal {
        id
      }
      days
      start
      end
    }
    previousYear {
      year
      logCount
      activeDays
      goalsAchieved
      milestonesAchieved
    }
    noteCount
    notes {
      date
      note
      goal {
        id
      }
    }
    goals {
      goal {
        id
        title
      }
      logCount
      total
      activeDays
      longestStreak
      longestStreakStart
      longestStreakEnd
      achieved
      achievedOn
      scoreAtEnd
      months {
        month
        logCount
        total
        activeDays
      }
      milestonesAchieved {
        title
        achievedOn
      }
      openMilestones {
        title
      }
      start {
        date
        status
        progress {
          current
          target
          percent
        }
        remaining
      }
      end {
        date
        status
        progress {
          current
          target
          percent
        }
        remaining
      }
      previousYear {
        logCount
        total
        activeDays
      }
      change {
        logCount
        total
        activeDays
      }
    }
  }
`;
