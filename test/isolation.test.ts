import { toGlobalId, type NodeTypeName } from '../src/graphql/relay';
import { CREATE_GOAL, LOG_PROGRESS, REVOKE_API_TOKEN, createGoal, errorCode, ok, startTestApp, type TestApp } from './helpers';

const NODE = /* GraphQL */ `
  query Node($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on Goal {
        title
      }
      ... on ProgressLog {
        value
      }
      ... on Milestone {
        title
      }
      ... on ApiToken {
        name
      }
      ... on User {
        handle
      }
    }
  }
`;

const GOAL = /* GraphQL */ `
  query Goal($id: ID!) {
    goal(id: $id) {
      id
      title
      description
      status
      tags
      parent {
        id
      }
      progress {
        current
      }
      logs {
        totalCount
        edges {
          node {
            id
            value
            note
            date
          }
        }
      }
      milestones {
        id
        title
        achievedOn
        evidenceUrl
      }
    }
  }
`;

const UPDATE_GOAL = /* GraphQL */ `
  mutation UpdateGoal($input: UpdateGoalInput!) {
    updateGoal(input: $input) {
      goal {
        id
        title
      }
    }
  }
`;

const UPDATE_LOG = /* GraphQL */ `
  mutation UpdateLog($input: UpdateProgressLogInput!) {
    updateProgressLog(input: $input) {
      log {
        id
        value
      }
    }
  }
`;

const DELETE_LOG = /* GraphQL */ `
  mutation DeleteLog($input: DeleteProgressLogInput!) {
    deleteProgressLog(input: $input) {
      deletedId
    }
  }
`;

const ADD_MILESTONE = /* GraphQL */ `
  mutation AddMilestone($input: AddMilestoneInput!) {
    addMilestone(input: $input) {
      milestone {
        id
        title
        position
      }
    }
  }
`;

const COMPLETE_MILESTONE = /* GraphQL */ `
  mutation CompleteMilestone($input: CompleteMilestoneInput!) {
    completeMilestone(input: $input) {
      milestone {
        id
        achievedOn
      }
      goal {
        id
        status
      }
    }
  }
`;

const GOALS = /* GraphQL */ `
  query {
    goals(first: 100) {
      totalCount
      edges {
        node {
          id
          title
        }
      }
    }
  }
`;

const NONEXISTENT = 999_999;

interface Owned {
  token: string;
  userId: string;
  targetGoalId: string;
  milestonesGoalId: string;
  logId: string;
  milestoneId: string;
  apiTokenId: string;
}

describe('isolation between users', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  /** A user with a TARGET goal holding one log and a MILESTONES goal holding one open milestone. */
  async function userWithData(): Promise<Owned> {
    const { user, token } = await t.createUser();
    const targetGoalId = await createGoal(t, token, { title: 'Run 500 km', kind: 'TARGET', target: 500, unit: 'km', tags: ['health'] });
    const milestonesGoalId = await createGoal(t, token, { title: 'Write a paper', kind: 'MILESTONES' });
    const logged = ok(await t.gql(token, LOG_PROGRESS, { input: { goalId: targetGoalId, value: 7, note: 'morning run' } }));
    const added = ok(await t.gql(token, ADD_MILESTONE, { input: { goalId: milestonesGoalId, title: 'Draft' } }));
    const [apiToken] = await t.app.services.tokens.list(user.id);
    return {
      token,
      userId: toGlobalId('User', user.id),
      targetGoalId,
      milestonesGoalId,
      logId: logged.logProgress.log.id,
      milestoneId: added.addMilestone.milestone.id,
      apiTokenId: toGlobalId('ApiToken', apiToken.id),
    };
  }

  async function snapshot(owner: Owned) {
    return {
      target: ok(await t.gql(owner.token, GOAL, { id: owner.targetGoalId })).goal,
      milestones: ok(await t.gql(owner.token, GOAL, { id: owner.milestonesGoalId })).goal,
      goals: ok(await t.gql(owner.token, GOALS)).goals,
      tokens: ok(await t.gql(owner.token, `{ viewer { apiTokens { id revokedAt } } }`)).viewer.apiTokens,
    };
  }

  describe('reads', () => {
    const cases: Array<[NodeTypeName, (a: Owned) => string]> = [
      ['Goal', (a) => a.targetGoalId],
      ['ProgressLog', (a) => a.logId],
      ['Milestone', (a) => a.milestoneId],
      ['ApiToken', (a) => a.apiTokenId],
      ['User', (a) => a.userId],
    ];

    it.each(cases)("node(id:) returns null for another user's %s, exactly as for a nonexistent one", async (type, idOf) => {
      const a = await userWithData();
      const b = await userWithData();
      // The owner sees it...
      const own = ok(await t.gql(a.token, NODE, { id: idOf(a) }));
      expect(own.node).toMatchObject({ __typename: type, id: idOf(a) });
      // ...the other user gets the same answer as for an id that exists nowhere.
      const foreign = await t.gql(b.token, NODE, { id: idOf(a) });
      const missing = await t.gql(b.token, NODE, { id: toGlobalId(type, NONEXISTENT) });
      expect(foreign).toEqual({ status: 200, data: { node: null } });
      expect(foreign).toEqual(missing);
    });

    it.each(cases)("goal(id:) returns null for another user's %s id, exactly as for a nonexistent goal", async (_type, idOf) => {
      const a = await userWithData();
      const b = await userWithData();
      const foreign = await t.gql(b.token, GOAL, { id: idOf(a) });
      const missing = await t.gql(b.token, GOAL, { id: toGlobalId('Goal', NONEXISTENT) });
      expect(foreign).toEqual({ status: 200, data: { goal: null } });
      expect(foreign).toEqual(missing);
    });

    it("lists only the viewer's own goals", async () => {
      const a = await userWithData();
      const b = await userWithData();
      const bGoals = ok(await t.gql(b.token, GOALS)).goals;
      expect(bGoals.totalCount).toBe(2);
      const ids = bGoals.edges.map((e: any) => e.node.id);
      expect(ids).toEqual([b.targetGoalId, b.milestonesGoalId]);
      expect(ids).not.toContain(a.targetGoalId);
      expect(ids).not.toContain(a.milestonesGoalId);
    });

    it("filtered goal lists and a goal's logs hold only the viewer's rows", async () => {
      const a = await userWithData();
      const b = await userWithData();
      const bGoals = ok(await t.gql(b.token, `{ goals(status: ACTIVE, first: 100) { edges { node { id } } } }`)).goals;
      expect(bGoals.edges.map((e: any) => e.node.id).sort()).toEqual([b.targetGoalId, b.milestonesGoalId].sort());
      const bOwnLogs = ok(await t.gql(b.token, GOAL, { id: b.targetGoalId })).goal.logs;
      expect(bOwnLogs.edges.map((e: any) => e.node.id)).toEqual([b.logId]);
      expect(bOwnLogs.edges.map((e: any) => e.node.id)).not.toContain(a.logId);
    });
  });

  describe("mutations on another user's ids fail with NOT_FOUND and change nothing", () => {
    it('updateGoal', async () => {
      const a = await userWithData();
      const b = await userWithData();
      const before = await snapshot(a);
      const res = await t.gql(b.token, UPDATE_GOAL, { input: { id: a.targetGoalId, title: 'Hijacked', description: 'x', tags: [] } });
      expect(errorCode(res)).toBe('NOT_FOUND');
      expect(res.data?.updateGoal ?? null).toBeNull();
      expect(await snapshot(a)).toEqual(before);
      expect(before.target.title).toBe('Run 500 km');
    });

    it("updateGoal cannot attach the viewer's goal under another user's goal", async () => {
      const a = await userWithData();
      const b = await userWithData();
      const res = await t.gql(b.token, UPDATE_GOAL, { input: { id: b.targetGoalId, parentId: a.milestonesGoalId } });
      expect(errorCode(res)).toBe('NOT_FOUND');
      expect(ok(await t.gql(b.token, GOAL, { id: b.targetGoalId })).goal.parent).toBeNull();
    });

    it('logProgress', async () => {
      const a = await userWithData();
      const b = await userWithData();
      const before = await snapshot(a);
      const res = await t.gql(b.token, LOG_PROGRESS, { input: { goalId: a.targetGoalId, value: 1000 } });
      expect(errorCode(res)).toBe('NOT_FOUND');
      expect(res.data?.logProgress ?? null).toBeNull();
      const after = await snapshot(a);
      expect(after).toEqual(before);
      expect(after.target.logs.totalCount).toBe(1);
      expect(after.target.progress.current).toBe(7);
      // B got no log either.
      expect(ok(await t.gql(b.token, GOAL, { id: b.targetGoalId })).goal.logs.totalCount).toBe(1);
    });

    it('updateProgressLog', async () => {
      const a = await userWithData();
      const b = await userWithData();
      const before = await snapshot(a);
      const res = await t.gql(b.token, UPDATE_LOG, { input: { id: a.logId, value: 999, note: 'edited by B' } });
      expect(errorCode(res)).toBe('NOT_FOUND');
      const after = await snapshot(a);
      expect(after).toEqual(before);
      expect(after.target.logs.edges[0].node).toMatchObject({ id: a.logId, value: 7, note: 'morning run' });
    });

    it('deleteProgressLog', async () => {
      const a = await userWithData();
      const b = await userWithData();
      const before = await snapshot(a);
      const res = await t.gql(b.token, DELETE_LOG, { input: { id: a.logId } });
      expect(errorCode(res)).toBe('NOT_FOUND');
      const after = await snapshot(a);
      expect(after).toEqual(before);
      expect(after.target.logs.edges.map((e: any) => e.node.id)).toEqual([a.logId]);
    });

    it('addMilestone', async () => {
      const a = await userWithData();
      const b = await userWithData();
      const before = await snapshot(a);
      const res = await t.gql(b.token, ADD_MILESTONE, { input: { goalId: a.milestonesGoalId, title: 'Injected' } });
      expect(errorCode(res)).toBe('NOT_FOUND');
      const after = await snapshot(a);
      expect(after).toEqual(before);
      expect(after.milestones.milestones.map((m: any) => m.title)).toEqual(['Draft']);
    });

    it('completeMilestone', async () => {
      const a = await userWithData();
      const b = await userWithData();
      const before = await snapshot(a);
      const res = await t.gql(b.token, COMPLETE_MILESTONE, { input: { id: a.milestoneId, evidenceUrl: 'https://example.com/b' } });
      expect(errorCode(res)).toBe('NOT_FOUND');
      const after = await snapshot(a);
      expect(after).toEqual(before);
      expect(after.milestones.milestones[0]).toMatchObject({ achievedOn: null, evidenceUrl: null });
      expect(after.milestones.status).toBe('ACTIVE');
    });

    it('revokeApiToken', async () => {
      const a = await userWithData();
      const b = await userWithData();
      const before = await snapshot(a);
      const res = await t.gql(b.token, REVOKE_API_TOKEN, { input: { id: a.apiTokenId } });
      expect(errorCode(res)).toBe('NOT_FOUND');
      // A's token still works (snapshot uses it) and is not marked revoked.
      const after = await snapshot(a);
      expect(after).toEqual(before);
      expect(after.tokens).toEqual([{ id: a.apiTokenId, revokedAt: null }]);
    });

    it("createGoal with another user's goal as parentId", async () => {
      const a = await userWithData();
      const b = await userWithData();
      const before = await snapshot(a);
      const res = await t.gql(b.token, CREATE_GOAL, { input: { title: 'Child', kind: 'MILESTONES', parentId: a.targetGoalId } });
      expect(errorCode(res)).toBe('NOT_FOUND');
      expect(ok(await t.gql(b.token, GOALS)).goals.totalCount).toBe(2);
      expect(await snapshot(a)).toEqual(before);
    });

    it('fails the same way for an id that does not exist (control)', async () => {
      const b = await userWithData();
      const res = await t.gql(b.token, UPDATE_GOAL, { input: { id: toGlobalId('Goal', NONEXISTENT), title: 'x' } });
      expect(errorCode(res)).toBe('NOT_FOUND');
    });
  });

  it('keeps requestIds per user: the same requestId used by two users makes two separate logs', async () => {
    const a = await userWithData();
    const b = await userWithData();
    const requestId = 'shared-request-id-1';
    const input = (goalId: string) => ({ goalId, value: 3, requestId, date: '2021-06-14', occurredAt: '2021-06-14T10:00:00Z' });

    const aLog = ok(await t.gql(a.token, LOG_PROGRESS, { input: input(a.targetGoalId) })).logProgress;
    const bLog = ok(await t.gql(b.token, LOG_PROGRESS, { input: input(b.targetGoalId) })).logProgress;
    expect(bLog.log.id).not.toBe(aLog.log.id);
    expect(bLog.goal.id).toBe(b.targetGoalId);
    expect(aLog.goal.id).toBe(a.targetGoalId);

    // A retry by A still answers with A's log, not B's.
    const aRetry = ok(await t.gql(a.token, LOG_PROGRESS, { input: input(a.targetGoalId) })).logProgress;
    expect(aRetry.log.id).toBe(aLog.log.id);

    const aLogs = ok(await t.gql(a.token, GOAL, { id: a.targetGoalId })).goal.logs;
    const bLogs = ok(await t.gql(b.token, GOAL, { id: b.targetGoalId })).goal.logs;
    expect(aLogs.totalCount).toBe(2);
    expect(bLogs.totalCount).toBe(2);
    expect(aLogs.edges.map((e: any) => e.node.id)).toContain(aLog.log.id);
    expect(aLogs.edges.map((e: any) => e.node.id)).not.toContain(bLog.log.id);
    expect(bLogs.edges.map((e: any) => e.node.id)).toContain(bLog.log.id);
    expect(bLogs.edges.map((e: any) => e.node.id)).not.toContain(aLog.log.id);
  });

  it('does not treat a requestId of another user as a conflicting retry when the input differs', async () => {
    const a = await userWithData();
    const b = await userWithData();
    ok(await t.gql(a.token, LOG_PROGRESS, { input: { goalId: a.targetGoalId, value: 1, requestId: 'r-differs' } }));
    const bLog = await t.gql(b.token, LOG_PROGRESS, { input: { goalId: b.targetGoalId, value: 2, requestId: 'r-differs' } });
    expect(ok(bLog).logProgress.log.value).toBe(2);
  });

  describe("node(id:) for the viewer's own objects", () => {
    it('returns each type with the right __typename', async () => {
      const a = await userWithData();
      const expected: Array<[string, string, Record<string, unknown>]> = [
        [a.targetGoalId, 'Goal', { title: 'Run 500 km' }],
        [a.logId, 'ProgressLog', { value: 7 }],
        [a.milestoneId, 'Milestone', { title: 'Draft' }],
        [a.apiTokenId, 'ApiToken', { name: 'test' }],
        [a.userId, 'User', {}],
      ];
      for (const [id, typename, fields] of expected) {
        const data = ok(await t.gql(a.token, NODE, { id }));
        expect(data.node).toMatchObject({ __typename: typename, id, ...fields });
      }
    });
  });

  describe('malformed ids', () => {
    const malformed = [
      'not-an-id',
      '',
      '!!!',
      Buffer.from('Goal:abc').toString('base64url'),
      Buffer.from('Goal:0').toString('base64url'),
      Buffer.from('Goal:-1').toString('base64url'),
      Buffer.from('Unknown:1').toString('base64url'),
      '1',
    ];

    it.each(malformed)('node(id:) and goal(id:) return null for the malformed id %j', async (id) => {
      const a = await userWithData();
      expect(await t.gql(a.token, NODE, { id })).toEqual({ status: 200, data: { node: null } });
      expect(await t.gql(a.token, GOAL, { id })).toEqual({ status: 200, data: { goal: null } });
    });

    it("goal(id:) returns null for the viewer's own id of another type", async () => {
      const a = await userWithData();
      expect(await t.gql(a.token, GOAL, { id: a.milestoneId })).toEqual({ status: 200, data: { goal: null } });
    });
  });
});
