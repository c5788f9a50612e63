import type { Clock } from './clock';
import type { Database } from './db/database';
import { AnalyticsService } from './modules/analytics/analytics.service';
import { PauseService } from './modules/pause/pause.service';
import { GoalService } from './modules/goal/goal.service';
import { LogService } from './modules/log/log.service';
import { MilestoneService } from './modules/milestone/milestone.service';
import { TokenService } from './modules/user/token.service';
import { UserService } from './modules/user/user.service';

/** The application's services, built once per process. */
export interface Services {
  users: UserService;
  tokens: TokenService;
  goals: GoalService;
  logs: LogService;
  milestones: MilestoneService;
  pauses: PauseService;
  analytics: AnalyticsService;
}

export function createServices(db: Database, clock: Clock): Services {
  const goals = new GoalService(db, clock);
  return {
    users: new UserService(db, clock),
    tokens: new TokenService(db, clock),
    goals,
    logs: new LogService(db, clock, goals),
    milestones: new MilestoneService(db, clock, goals),
    pauses: new PauseService(db, clock, goals),
    analytics: new AnalyticsService(db, clock),
  };
}
