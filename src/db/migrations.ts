import { CreateCoreTables1764230400000 } from '../../migrations/1764230400000-CreateCoreTables';
import { CreatePauses1764234000000 } from '../../migrations/1764234000000-CreatePauses';

/** Every migration in order. A new migration file is added here too (a test checks the folder and this list agree). */
export const MIGRATIONS = [CreateCoreTables1764230400000, CreatePauses1764234000000];
