import { createGoal, errorCode, ok, startTestApp, type TestApp } from './helpers';

const CREATE_VENUE = /* GraphQL */ `
  mutation ($input: CreateVenueInput!) {
    createVenue(input: $input) {
      venue {
        id
        name
        deadline
        notificationDate
        cameraReadyDeadline
        conferenceStart
        conferenceEnd
        url
      }
    }
  }
`;

const FROM_TEMPLATE = /* GraphQL */ `
  mutation ($input: CreateGoalFromTemplateInput!) {
    createGoalFromTemplate(input: $input) {
      goal {
        id
        template
        kind
        milestones {
          id
          title
          position
        }
      }
    }
  }
`;

const PIPELINE = /* GraphQL */ `
  query ($id: ID!) {
    goal(id: $id) {
      pipeline {
        venue {
          id
          name
        }
        deadline
        nextDeadline {
          kind
          date
          daysLeft
        }
        submissionStage
        currentStage {
          milestone {
            title
          }
          plannedDate
          late
          daysLate
        }
        stages {
          milestone {
            title
            achievedOn
          }
          plannedDate
          late
          daysLate
        }
      }
    }
  }
`;

const CVPR = {
  name: 'CVPR 2022',
  deadline: '2021-11-16',
  notificationDate: '2022-03-02',
  cameraReadyDeadline: '2022-04-01',
  conferenceStart: '2022-06-19',
  conferenceEnd: '2022-06-24',
  url: 'https://cvpr2022.thecvf.com/',
};

async function paperToward(t: TestApp, token: string, venue: Record<string, unknown>) {
  const venueId = ok(await t.gql(token, CREATE_VENUE, { input: venue })).createVenue.venue.id;
  const goal = ok(
    await t.gql(token, FROM_TEMPLATE, {
      input: { template: 'PAPER_PIPELINE', overrides: { title: 'Super-resolution paper', startDate: '2021-01-01', venueId } },
    }),
  ).createGoalFromTemplate.goal;
  return { venueId, goal };
}

const complete = (t: TestApp, token: string, id: string, achievedOn: string) =>
  t
    .gql(token, 'mutation($i: CompleteMilestoneInput!) { completeMilestone(input: $i) { milestone { id } } }', { i: { id, achievedOn } })
    .then(ok);

describe('pipelines', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: '2021-06-15T12:00:00Z' });
  });
  afterAll(() => t.close());

  it('plans a paper toward its venue: stages to the submission deadline, then to camera-ready', async () => {
    const { token } = await t.createUser();
    const { venueId, goal } = await paperToward(t, token, CVPR);
    expect(goal).toMatchObject({ template: 'PAPER_PIPELINE', kind: 'MILESTONES' });
    expect(goal.milestones.map((m: any) => m.title)).toEqual(['idea', 'experiments', 'draft', 'submitted', 'decision', 'camera-ready']);

    let pipeline = ok(await t.gql(token, PIPELINE, { id: goal.id })).goal.pipeline;
    expect(pipeline).toMatchObject({
      venue: { id: venueId, name: 'CVPR 2022' },
      deadline: '2021-11-16',
      nextDeadline: { kind: 'SUBMISSION', date: '2021-11-16', daysLeft: 154 },
      submissionStage: 4,
      currentStage: { milestone: { title: 'idea' }, plannedDate: '2021-03-22', late: true, daysLate: 85 },
    });
    expect(pipeline.stages.map((s: any) => s.plannedDate)).toEqual([
      '2021-03-22',
      '2021-06-10',
      '2021-08-28',
      '2021-11-16',
      '2022-01-23',
      '2022-04-01',
    ]);

    await complete(t, token, goal.milestones[0].id, '2021-03-20');
    pipeline = ok(await t.gql(token, PIPELINE, { id: goal.id })).goal.pipeline;
    expect(pipeline.stages[0]).toMatchObject({ milestone: { achievedOn: '2021-03-20' }, late: false, daysLate: 0 });
    expect(pipeline.currentStage).toMatchObject({
      milestone: { title: 'experiments' },
      plannedDate: '2021-06-10',
      late: true,
      daysLate: 5,
    });
  });

  it("re-plans when the viewer moves the venue's deadline, and falls back to the goal's due date without a venue", async () => {
    const { token } = await t.createUser();
    const { venueId, goal } = await paperToward(t, token, CVPR);
    await complete(t, token, goal.milestones[0].id, '2021-03-20');
    ok(
      await t.gql(token, 'mutation($i: UpdateVenueInput!) { updateVenue(input: $i) { venue { deadline } } }', {
        i: { id: venueId, deadline: '2021-12-16' },
      }),
    );
    let pipeline = ok(await t.gql(token, PIPELINE, { id: goal.id })).goal.pipeline;
    expect(pipeline.stages.map((s: any) => s.plannedDate)).toEqual([
      '2021-03-29',
      '2021-06-25',
      '2021-09-20',
      '2021-12-16',
      '2022-02-07',
      '2022-04-01',
    ]);
    expect(pipeline.currentStage).toMatchObject({ milestone: { title: 'experiments' }, late: false, daysLate: 0 });

    ok(await t.gql(token, 'mutation($i: DeleteVenueInput!) { deleteVenue(input: $i) { deletedId } }', { i: { id: venueId } }));
    pipeline = ok(await t.gql(token, PIPELINE, { id: goal.id })).goal.pipeline;
    expect(pipeline).toMatchObject({ venue: null, deadline: null, nextDeadline: null, currentStage: { plannedDate: null, late: false } });
    ok(
      await t.gql(token, 'mutation($i: UpdateGoalInput!) { updateGoal(input: $i) { goal { id } } }', {
        i: { id: goal.id, dueDate: '2021-12-31' },
      }),
    );
    pipeline = ok(await t.gql(token, PIPELINE, { id: goal.id })).goal.pipeline;
    expect(pipeline).toMatchObject({ deadline: '2021-12-31', nextDeadline: { kind: 'GOAL_DUE', date: '2021-12-31', daysLeft: 199 } });
  });

  it('makes any MILESTONES goal a pipeline with setGoalVenue, and refuses other kinds', async () => {
    const { token } = await t.createUser();
    const venueId = ok(await t.gql(token, CREATE_VENUE, { input: { name: 'ECCV 2022', deadline: '2022-03-07' } })).createVenue.venue.id;
    const project = await createGoal(t, token, { title: 'Side project', kind: 'MILESTONES', startDate: '2021-06-01' });
    for (const title of ['prototype', 'launch']) {
      ok(
        await t.gql(token, 'mutation($i: AddMilestoneInput!) { addMilestone(input: $i) { milestone { id } } }', {
          i: { goalId: project, title },
        }),
      );
    }
    expect(ok(await t.gql(token, PIPELINE, { id: project })).goal.pipeline).toBeNull();
    ok(
      await t.gql(token, 'mutation($i: SetGoalVenueInput!) { setGoalVenue(input: $i) { goal { id } } }', {
        i: { goalId: project, venueId },
      }),
    );
    const pipeline = ok(await t.gql(token, PIPELINE, { id: project })).goal.pipeline;
    expect(pipeline).toMatchObject({ submissionStage: 2, venue: { name: 'ECCV 2022' } });
    expect(pipeline.stages.map((s: any) => s.plannedDate)).toEqual(['2021-10-19', '2022-03-07']);

    const habit = await createGoal(t, token, { title: 'Habit', kind: 'HABIT' });
    const res = await t.gql(token, 'mutation($i: SetGoalVenueInput!) { setGoalVenue(input: $i) { goal { id } } }', {
      i: { goalId: habit, venueId },
    });
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'goalId' });
  });

  it.each([
    ['cameraReadyDeadline', { ...CVPR, cameraReadyDeadline: '2021-11-15' }],
    ['conferenceEnd', { ...CVPR, conferenceEnd: '2022-06-18' }],
    ['name', { ...CVPR, name: '  ' }],
    ['url', { ...CVPR, url: 'not a url' }],
  ])('rejects a venue with a bad %s naming the field, saving nothing', async (field, input) => {
    const { token } = await t.createUser();
    const res = await t.gql(token, CREATE_VENUE, { input });
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(ok(await t.gql(token, '{ venues { id } }')).venues).toEqual([]);
  });

  it("keeps one user's venues and pipelines from another", async () => {
    const alice = await t.createUser();
    const bob = await t.createUser();
    const { venueId, goal } = await paperToward(t, alice.token, CVPR);
    expect(ok(await t.gql(bob.token, '{ venues { id } }')).venues).toEqual([]);
    expect(ok(await t.gql(bob.token, 'query($id: ID!) { node(id: $id) { id } }', { id: venueId })).node).toBeNull();
    expect(
      errorCode(
        await t.gql(bob.token, 'mutation($i: UpdateVenueInput!) { updateVenue(input: $i) { venue { id } } }', {
          i: { id: venueId, name: 'x' },
        }),
      ),
    ).toBe('NOT_FOUND');
    expect(
      errorCode(await t.gql(bob.token, 'mutation($i: DeleteVenueInput!) { deleteVenue(input: $i) { deletedId } }', { i: { id: venueId } })),
    ).toBe('NOT_FOUND');
    const stolen = await t.gql(bob.token, FROM_TEMPLATE, { input: { template: 'PAPER_PIPELINE', overrides: { venueId } } });
    expect(errorCode(stolen)).toBe('NOT_FOUND');
    expect(ok(await t.gql(bob.token, '{ goals { totalCount } }')).goals.totalCount).toBe(0);
    expect(
      errorCode(
        await t.gql(bob.token, 'mutation($i: SetGoalVenueInput!) { setGoalVenue(input: $i) { goal { id } } }', {
          i: { goalId: goal.id, venueId: null },
        }),
      ),
    ).toBe('NOT_FOUND');
    expect(ok(await t.gql(alice.token, PIPELINE, { id: goal.id })).goal.pipeline.venue.id).toBe(venueId);
  });

  it('lists the stages completed in a year for the year in review', async () => {
    const { user, token } = await t.createUser();
    const { goal } = await paperToward(t, token, CVPR);
    await complete(t, token, goal.milestones[0].id, '2021-03-20');
    await complete(t, token, goal.milestones[1].id, '2021-06-12');
    expect(await t.app.services.pipelines.stagesCompletedIn(user.id, 2021)).toEqual([
      {
        goalId: expect.any(Number),
        goalTitle: 'Super-resolution paper',
        stage: 'idea',
        position: 1,
        achievedOn: '2021-03-20',
        plannedDate: '2021-03-22',
        late: false,
        daysLate: 0,
      },
      {
        goalId: expect.any(Number),
        goalTitle: 'Super-resolution paper',
        stage: 'experiments',
        position: 2,
        achievedOn: '2021-06-12',
        plannedDate: '2021-06-10',
        late: true,
        daysLate: 2,
      },
    ]);
    expect(await t.app.services.pipelines.stagesCompletedIn(user.id, 2020)).toEqual([]);
  });
});
