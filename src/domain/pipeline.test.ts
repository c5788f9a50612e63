import { currentStageIndex, nextDeadline, planStageDates, stageStatuses } from './pipeline';

describe('planStageDates', () => {
  it('spreads all stages evenly to the deadline when the last stage is the submission', () => {
    // 2021-01-01 → 2021-01-31 is 30 days; four stages at 7.5-day steps, rounded.
    expect(
      planStageDates({ startDate: '2021-01-01', deadline: '2021-01-31', endDate: null, stageCount: 4, submissionStage: null }),
    ).toEqual(['2021-01-09', '2021-01-16', '2021-01-24', '2021-01-31']);
  });

  it('puts the submission stage on the deadline and spreads later stages to the end date', () => {
    // The paper preset: idea, experiments, draft, submitted (on the deadline), decision, camera-ready.
    // 319 days to the deadline in four steps (79.75 days each, rounded); 136 days after it in two.
    const plan = planStageDates({
      startDate: '2021-01-01',
      deadline: '2021-11-16',
      endDate: '2022-04-01',
      stageCount: 6,
      submissionStage: 4,
    });
    expect(plan).toEqual(['2021-03-22', '2021-06-10', '2021-08-28', '2021-11-16', '2022-01-23', '2022-04-01']);
  });

  it('gives stages after the submission no plan without an end date, and none at all without a deadline', () => {
    expect(planStageDates({ startDate: '2021-01-01', deadline: '2021-01-11', endDate: null, stageCount: 3, submissionStage: 2 })).toEqual([
      '2021-01-06',
      '2021-01-11',
      null,
    ]);
    expect(planStageDates({ startDate: '2021-01-01', deadline: null, endDate: '2021-12-31', stageCount: 2, submissionStage: 1 })).toEqual([
      null,
      null,
    ]);
    expect(
      planStageDates({ startDate: '2021-01-01', deadline: '2021-01-11', endDate: null, stageCount: 0, submissionStage: null }),
    ).toEqual([]);
  });

  it('plans everything on the deadline when the goal starts after it', () => {
    expect(planStageDates({ startDate: '2021-03-01', deadline: '2021-02-01', endDate: null, stageCount: 2, submissionStage: 9 })).toEqual([
      '2021-02-01',
      '2021-02-01',
    ]);
  });
});

describe('stage lateness', () => {
  const planned = ['2021-02-01', '2021-03-01', '2021-04-01'];

  it('marks the open current stage late once today passes its planned date', () => {
    const stages = [
      { position: 1, achievedOn: '2021-01-25' },
      { position: 2, achievedOn: null },
      { position: 3, achievedOn: null },
    ];
    expect(currentStageIndex(stages)).toBe(1);
    expect(stageStatuses(stages, planned, '2021-03-01')[1]).toEqual({ plannedDate: '2021-03-01', late: false, daysLate: 0 });
    expect(stageStatuses(stages, planned, '2021-03-04')).toEqual([
      { plannedDate: '2021-02-01', late: false, daysLate: 0 },
      { plannedDate: '2021-03-01', late: true, daysLate: 3 },
      { plannedDate: '2021-04-01', late: false, daysLate: 0 },
    ]);
  });

  it('marks a stage completed after its plan as late by the completion day', () => {
    const stages = [{ position: 1, achievedOn: '2021-02-05' }];
    expect(stageStatuses(stages, planned, '2021-06-01')).toEqual([{ plannedDate: '2021-02-01', late: true, daysLate: 4 }]);
    expect(currentStageIndex(stages)).toBeNull();
  });

  it('never marks an unplanned stage late', () => {
    expect(stageStatuses([{ position: 1, achievedOn: null }], [null], '2030-01-01')).toEqual([
      { plannedDate: null, late: false, daysLate: 0 },
    ]);
  });
});

describe('nextDeadline', () => {
  const deadlines = [{ label: 'SUBMISSION', date: '2021-11-16' }, { label: 'CAMERA_READY', date: '2022-04-01' }, null];

  it('counts the days to the earliest deadline not yet passed', () => {
    expect(nextDeadline(deadlines, '2021-06-15')).toEqual({ label: 'SUBMISSION', date: '2021-11-16', daysLeft: 154 });
    expect(nextDeadline(deadlines, '2021-11-16')).toEqual({ label: 'SUBMISSION', date: '2021-11-16', daysLeft: 0 });
    expect(nextDeadline(deadlines, '2021-11-17')).toMatchObject({ label: 'CAMERA_READY', daysLeft: 135 });
    expect(nextDeadline(deadlines, '2022-04-02')).toBeNull();
  });
});
