// Fix the process time zone so that nothing silently depends on the machine's zone;
// tests that care about zones name them explicitly.
process.env.TZ = 'UTC';
import 'reflect-metadata';
