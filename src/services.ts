import type { Clock } from './clock';
import type { Database } from './db/database';
import { AnalyticsService, DEFAULT_SUMMARY_CACHE_MB } from './modules/analytics/analytics.service';
import { PauseService } from './modules/pause/pause.service';
import { GoalService } from './modules/goal/goal.service';
import { GoalDeletion } from './modules/goal/goal-deletion';
import { LogService } from './modules/log/log.service';
import { CalendarService } from './modules/log/calendar.service';
import { ProgressLogWriter } from './modules/log/log.writer';
import { MilestoneService } from './modules/milestone/milestone.service';
import { TokenService } from './modules/user/token.service';
import { UserService } from './modules/user/user.service';
import { ReportLinkService } from './modules/review/report-link.service';
import { DEFAULT_REVIEW_CACHE_MB, ReviewService } from './modules/review/review.service';
import { linkBaseUrl, type Config } from './config';
import { KaggleService } from './modules/kaggle/kaggle.service';
import { WorkoutService } from './modules/workout/workout.service';
import { SkillService } from './modules/workout/skill.service';
import { VenueService } from './modules/pipeline/venue.service';
import { PipelineService } from './modules/pipeline/pipeline.service';
import { ReflectionService } from './modules/reflection/reflection.service';
import { TemplateService } from './modules/template/template.service';
import { ExportService } from './modules/transfer/export.service';
import { ImportService } from './modules/transfer/import.service';
import { SpreadsheetImport } from './modules/transfer/spreadsheet.import';
import { LoopImport } from './modules/transfer/loop.import';
import { AccountService } from './modules/user/account.service';
import { Outbox } from './modules/event/outbox';
import { EventFeed } from './modules/event/event.feed';
import { EventPresenter } from './modules/event/event.presenter';
import { WebhookService } from './modules/webhook/webhook.service';
import { DEFAULT_WEBHOOK_CONFIG } from './config';
import { ReminderService } from './modules/reminder/reminder.service';
import { ReminderSchedule } from './modules/reminder/reminder.schedule';

/** The application's services, built once per process. */
export interface Services {
  users: UserService;
  tokens: TokenService;
  goals: GoalService;
  goalDeletion: GoalDeletion;
  logs: LogService;
  calendar: CalendarService;
  milestones: MilestoneService;
  pauses: PauseService;
  analytics: AnalyticsService;
  review: ReviewService;
  reportLinks: ReportLinkService;
  kaggle: KaggleService;
  workouts: WorkoutService;
  skills: SkillService;
  venues: VenueService;
  pipelines: PipelineService;
  reflections: ReflectionService;
  templates: TemplateService;
  exports: ExportService;
  imports: ImportService;
  spreadsheets: SpreadsheetImport;
  loop: LoopImport;
  accounts: AccountService;
  webhooks: WebhookService;
  reminders: ReminderService;
  /** The next instants of reminders and daily checks, and who hears that they changed. */
  reminderSchedule: ReminderSchedule;
  /** The outbox that every write records its events in. */
  outbox: Outbox;
  /** Events as receivers get them. */
  eventPresenter: EventPresenter;
  /** Live events for subscriptions, read from the outbox after commit. */
  eventFeed: EventFeed;
}

/**
 * Builds the services. `links` configures report links (without it they are signed with the database's secret) and
 * the summary cache's bound.
 */
export function createServices(
  db: Database,
  clock: Clock,
  links: Pick<Config, 'reportLinkSecret' | 'publicUrl'> &
    Partial<Pick<Config, 'summaryCacheMb' | 'reviewCacheMb' | 'host' | 'port' | 'webhooks'>> = {
    reportLinkSecret: null,
    publicUrl: null,
  },
): Services {
  const goals = new GoalService(db, clock);
  const analytics = new AnalyticsService(db, goals, (links.summaryCacheMb ?? DEFAULT_SUMMARY_CACHE_MB) * 1024 * 1024);
  const skills = new SkillService(db, clock, goals);
  const venues = new VenueService(db, clock);
  const pipelines = new PipelineService(db, clock, goals, venues);
  const outbox = Outbox.of(db.dataSource, clock);
  const writer = new ProgressLogWriter(db, clock, goals, outbox);
  const kaggle = new KaggleService(db, clock, goals, writer, outbox);
  const workouts = new WorkoutService(db, clock, goals, writer, outbox);
  const reflections = new ReflectionService(db, goals, writer);
  const reminderSchedule = new ReminderSchedule(db, clock);
  return {
    kaggle,
    workouts,
    skills,
    venues,
    pipelines,
    reflections,
    templates: new TemplateService(clock, goals, skills, pipelines),
    exports: new ExportService(db, clock),
    imports: new ImportService(db, writer, reminderSchedule),
    spreadsheets: new SpreadsheetImport(db, goals, writer),
    loop: new LoopImport(db, clock, goals, writer, reminderSchedule),
    accounts: new AccountService(db),
    webhooks: new WebhookService(db, clock, links.webhooks ?? DEFAULT_WEBHOOK_CONFIG),
    reminders: new ReminderService(db, clock, reminderSchedule),
    reminderSchedule,
    outbox,
    eventPresenter: new EventPresenter(db, analytics),
    eventFeed: new EventFeed(db),
    users: new UserService(db, clock, reminderSchedule),
    tokens: new TokenService(db, clock),
    goals,
    goalDeletion: new GoalDeletion(db, clock, goals, writer),
    logs: new LogService(db, writer),
    calendar: new CalendarService(db),
    milestones: new MilestoneService(db, clock, goals),
    pauses: new PauseService(db, clock, goals),
    analytics,
    review: new ReviewService(
      db,
      goals,
      analytics,
      { kaggle, workouts, skills, pipelines, reflections },
      (links.reviewCacheMb ?? DEFAULT_REVIEW_CACHE_MB) * 1024 * 1024,
    ),
    reportLinks: new ReportLinkService(
      db,
      clock,
      links.reportLinkSecret,
      linkBaseUrl({ publicUrl: links.publicUrl, host: links.host ?? '127.0.0.1', port: links.port ?? 4000 }),
    ),
  };
}
