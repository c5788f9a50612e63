import { CreateCoreTables1764230400000 } from '../../migrations/1764230400000-CreateCoreTables';
import { CreatePauses1764234000000 } from '../../migrations/1764234000000-CreatePauses';
import { CreateSettings1764240000000 } from '../../migrations/1764240000000-CreateSettings';
import { AddGoalTypes1764250000000 } from '../../migrations/1764250000000-AddGoalTypes';
import { CreateRequestKeys1764270000000 } from '../../migrations/1764270000000-CreateRequestKeys';
import { CreatePersistedQueries1764280000000 } from '../../migrations/1764280000000-CreatePersistedQueries';
import { AddGoalRevisions1764290000000 } from '../../migrations/1764290000000-AddGoalRevisions';
import { AddImportKeys1796160000000 } from '../../migrations/1796160000000-AddImportKeys';
import { AddGoalLoggedTotals1796170000000 } from '../../migrations/1796170000000-AddGoalLoggedTotals';
import { AddUserRevisions1796170000001 } from '../../migrations/1796170000001-AddUserRevisions';
import { AddHabitWeekdays1796180000000 } from '../../migrations/1796180000000-AddHabitWeekdays';
import { CreateRateLimitWindows1796190000000 } from '../../migrations/1796190000000-CreateRateLimitWindows';
import { AddTokenExpiryAndLinkGeneration1796190000001 } from '../../migrations/1796190000001-AddTokenExpiryAndLinkGeneration';
import { CreateEventsAndWebhooks1796200000000 } from '../../migrations/1796200000000-CreateEventsAndWebhooks';
import { CreateReminders1796240000000 } from '../../migrations/1796240000000-CreateReminders';
import { DropRedundantLogTriggers1796270000000 } from '../../migrations/1796270000000-DropRedundantLogTriggers';
import { SettleLogTotalsPerWrite1796280000000 } from '../../migrations/1796280000000-SettleLogTotalsPerWrite';
import { ReviseRowsByKey1796290000000 } from '../../migrations/1796290000000-ReviseRowsByKey';

/** Every migration in order. A new migration file is added here too (a test checks the folder and this list agree). */
export const MIGRATIONS = [
  CreateCoreTables1764230400000,
  CreatePauses1764234000000,
  CreateSettings1764240000000,
  AddGoalTypes1764250000000,
  CreateRequestKeys1764270000000,
  CreatePersistedQueries1764280000000,
  AddGoalRevisions1764290000000,
  AddImportKeys1796160000000,
  AddGoalLoggedTotals1796170000000,
  AddUserRevisions1796170000001,
  AddHabitWeekdays1796180000000,
  CreateRateLimitWindows1796190000000,
  AddTokenExpiryAndLinkGeneration1796190000001,
  CreateEventsAndWebhooks1796200000000,
  CreateReminders1796240000000,
  DropRedundantLogTriggers1796270000000,
  SettleLogTotalsPerWrite1796280000000,
  ReviseRowsByKey1796290000000,
];
