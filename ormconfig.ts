import 'reflect-metadata';
import { loadConfig } from './src/config';
import { createDataSource } from './src/db/data-source';

/** The DataSource the TypeORM CLI uses: the same options as the app, from the same DATABASE_URL. */
export default createDataSource(loadConfig().database);
