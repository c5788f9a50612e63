import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { CreateLadderGoalDocument, LogWorkoutDocument, TodayDocument, type TodayQuery } from './generated/graphql';

/** A GraphQL error as hoego sends it: every one has `extensions.code`. */
export class HoegoError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

/** Sends one typed operation; the result and the variables are checked against the schema at compile time. */
export async function request<Result, Variables>(
  url: string,
  token: string,
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
): Promise<Result> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as { data?: Result; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  const error = body.errors?.[0];
  if (error) throw new HoegoError(error.extensions?.code ?? 'UNKNOWN', error.message);
  if (!body.data) throw new Error(`No data in a ${response.status} response`);
  return body.data;
}

/** Logs today's planche session (making the ladder goal the first time) and reads back where the viewer stands. */
export async function logAndRead(url: string, token: string): Promise<TodayQuery> {
  const before = await request(url, token, TodayDocument, {});
  let goalId = before.goals.edges.find((edge) => edge.node.skill !== null)?.node.id;
  if (!goalId) {
    const created = await request(url, token, CreateLadderGoalDocument, {
      input: { template: 'SKILL_LADDER_PLANCHE', title: 'Full planche' },
    });
    goalId = created.createGoalFromTemplate.goal.id;
  }
  await request(url, token, LogWorkoutDocument, {
    input: {
      goalId,
      durationMinutes: 40,
      feeling: 4,
      sets: [
        { exercise: 'planche lean', holdSeconds: 32 },
        { exercise: 'tuck planche', holdSeconds: 8 },
      ],
    },
  });
  return request(url, token, TodayDocument, {});
}

async function main(): Promise<void> {
  const url = process.env.HOEGO_URL ?? 'http://127.0.0.1:4000/graphql';
  const token = process.env.HOEGO_TOKEN;
  if (!token) throw new Error('Set HOEGO_TOKEN to a token with write access (npm run cli -- tokens create <handle>)');
  const today = await logAndRead(url, token);
  for (const { node } of today.goals.edges) {
    const streak = node.streak ? `, streak ${node.streak.current}` : '';
    const level = node.skill?.currentLevel ? `, level "${node.skill.currentLevel.name}"` : '';
    const next = node.skill?.nextLevel ? `, next "${node.skill.nextLevel.name}" (${node.skill.nextLevel.criterion})` : '';
    console.log(`${node.title} [${node.kind}]${streak}${level}${next}`);
  }
  for (const { node } of today.needsAttention.edges) console.log(`needs attention: ${node.title} (${node.attention.join(', ')})`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
