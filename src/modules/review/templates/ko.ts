import type { KaggleTier, MissingMedals } from '../../../domain/kaggle';
import type { TrendWord } from '../../../domain/rating';
import type { StandingStatus } from '../../../domain/standing';
import type { KindFacts, Messages } from './types';

const WEEKDAYS = ['월요일', '화요일', '수요일', '목요일', '금요일', '토요일', '일요일'];
const STATUS: Record<StandingStatus, string> = {
  NOT_STARTED: '시작 전',
  ACTIVE: '진행 중',
  PAUSED: '쉬는 중',
  ACHIEVED: '달성',
  ABANDONED: '그만둠',
  ARCHIVED: '보관함',
};

const TIERS: Record<KaggleTier, string> = {
  NOVICE: '노비스',
  CONTRIBUTOR: '컨트리뷰터',
  EXPERT: '엑스퍼트',
  MASTER: '마스터',
  GRANDMASTER: '그랜드마스터',
};
const TRENDS: Record<TrendWord, string> = { IMPROVING: '나아지는 중', STEADY: '비슷하게 유지', DECLINING: '내려가는 중' };

const parts = (d: string) => ({ y: Number(d.slice(0, 4)), m: Number(d.slice(5, 7)), d: Number(d.slice(8, 10)) });
const short = (d: string) => `${parts(d).m}월 ${parts(d).d}일`;

function rule(times: number, perDays: number): string {
  if (perDays === 1) return '매일';
  if (perDays === 7 && times === 1) return '일주일에 한 번';
  return `${perDays}일에 ${times}번`;
}

function kind(f: KindFacts): string {
  const amount = `${f.target}${f.unit ? ` ${f.unit}` : ''}`;
  switch (f.kind) {
    case 'HABIT': {
      if (f.target === null) return `습관 · ${rule(f.times ?? 1, f.perDays ?? 1)}`;
      const per = (f.perDays ?? 1) === 1 ? '하루에' : `${f.perDays}일 동안`;
      return `습관 · ${per} ${amount} ${f.targetType === 'AT_LEAST' ? '이상' : '이하'}`;
    }
    case 'TARGET':
      return f.targetType === 'AT_LEAST' ? `목표치 · ${amount} 달성` : `목표치 · ${amount} 이하로 유지`;
    case 'MILESTONES':
      return '단계별 목표';
  }
}

function medals(m: { gold: number; silver: number; bronze: number }): string {
  const names = { gold: '금메달', silver: '은메달', bronze: '동메달' } as const;
  const won = (['gold', 'silver', 'bronze'] as const).filter((c) => m[c] > 0).map((c) => `${names[c]} ${m[c]}개`);
  return won.length === 0 ? '올해 딴 메달 없음' : `올해 ${won.join('·')}`;
}

/** 다음 등급까지 남은 것: '금메달 1개', '동메달 이상 2개'… */
function missing(m: MissingMedals, next: KaggleTier): string {
  const needs: string[] = [];
  if (m.entries > 0) needs.push(`대회 결과 ${m.entries}개`);
  if (m.gold > 0 && m.soloGold > 0) needs.push(m.gold === 1 ? '혼자 딴 금메달 1개' : `금메달 ${m.gold}개(그중 1개는 혼자서)`);
  else if (m.gold > 0) needs.push(`금메달 ${m.gold}개`);
  else if (m.soloGold > 0) needs.push(`혼자 딴 금메달 ${m.soloGold}개`);
  if (m.silver > 0) needs.push(`은메달 이상 ${m.silver}개`);
  if (m.bronze > 0) needs.push(`동메달 이상 ${m.bronze}개`);
  return `${TIERS[next]}까지 ${needs.join(', ')} 남았습니다`;
}

/** 한국어. */
export const ko: Messages = {
  lang: 'ko',
  monthNames: Array.from({ length: 12 }, (_, i) => `${i + 1}월`),
  monthShort: Array.from({ length: 12 }, (_, i) => `${i + 1}월`),
  monthInitial: Array.from({ length: 12 }, (_, i) => String(i + 1)),
  weekdayNames: WEEKDAYS,
  weekdayShort: WEEKDAYS.map((w) => w.slice(0, 1)),
  date: (d) => `${parts(d).y}년 ${parts(d).m}월 ${parts(d).d}일`,
  shortDate: short,
  span: (a, b) => (a === b ? short(a) : `${short(a)} ~ ${short(b)}`),

  title: (year) => `${year}년 회고`,
  draftNote: (year, zone, through) =>
    `${year}년에 남긴 기록을 바탕으로 hoego가 정리한 초안입니다(날짜 기준: ${zone}` +
    `${through ? `, ${short(through)}까지` : ''}). 내 말로 고쳐 쓰면서 완성해 보세요.`,
  atAGlance: '한눈에 보는 한 해',
  logsOnDays: (logs, days) => `${days}일 동안 기록 ${logs}건`,
  previousYearLine: (year, logs, days, lc, dc) => `${year}년(${days}일 동안 기록 ${logs}건)과 비교하면 기록 ${lc}건, 활동한 날 ${dc}일`,
  firstYear: '비교할 지난해 기록이 없습니다. hoego와 함께한 첫해입니다.',
  achievedLine: (goals, milestones) => `달성한 목표 ${goals}개 · 달성한 마일스톤 ${milestones}개`,
  busiestMonth: (month, logs) => `가장 바빴던 달: ${month} (기록 ${logs}건)`,
  busiestWeekday: (weekday, logs) => `기록이 가장 많은 요일: ${weekday} (${logs}건)`,
  longestStreak: (goal, days, span) => `가장 길게 이어간 기록: ${goal}, ${days}일 연속 (${span})`,
  noLogs: '올해는 남긴 기록이 없습니다.',

  goalsHeading: '목표별로 돌아보기',
  noGoals: '올해 진행한 목표가 없습니다.',
  kind,
  status: (s) => STATUS[s],
  startToEnd: (start, end) => `연초 ${start} → 연말 ${end}`,
  whatHappened: (logs, days, total) => `올해 한 일: ${days}일 동안 기록 ${logs}건${total ? `, 합계 ${total}` : ''}.`,
  nothingLogged: '올해 한 일: 남긴 기록이 없습니다.',
  monthsLine: '월별 기록',
  streakLine: (days, span) => `가장 길게 이어간 기간: ${days}일${span ? ` (${span})` : ''}.`,
  dayRunLine: (days, span) => `하루도 빠짐없이 기록한 가장 긴 기간: ${days}일${span ? ` (${span})` : ''}.`,
  scoreLine: (percent) => `연말 습관 점수: ${percent}.`,
  comparedWith: (year, lc, dc, tc) => `${year}년과 비교하면 기록 ${lc}건, 활동한 날 ${dc}일${tc ? `, 합계 ${tc}` : ''}.`,
  newThisYear: '올해 새로 시작한 목표라 비교할 지난해 기록이 없습니다.',
  milestonesReached: '올해 달성한 마일스톤',
  achievedOn: (date) => `${date}에 달성했습니다.`,
  achievedEarlier: '올해 이전에 이미 달성했습니다.',
  amountToGo: (amount) => `목표까지 ${amount} 남았습니다.`,
  allowanceLeft: (amount) => `허용량이 ${amount} 남았습니다.`,
  nextMilestone: (title, open, all) => `다음 마일스톤: ${title} (${all}개 중 ${open}개 남음).`,
  keepGoing: '계속 이어 가는 중입니다.',
  outcome: '지금 위치',
  progressAtEnd: (current, target, percent) => `진행: ${current}${target ? ` / ${target}` : ''}${percent ? ` (${percent})` : ''}.`,

  kaggleTier: (tier) => (tier === 'NOVICE' ? TIERS.NOVICE : `컴피티션 ${TIERS[tier]}`),
  kaggleMedals: medals,
  kaggleMissing: missing,
  kaggleLine: (tier, won, needs) => `캐글: ${tier}, ${won}.${needs ? ` ${needs}.` : ''}`,
  kaggleTiersReached: (reached) => `올해 오른 등급: ${reached.map((r) => `${TIERS[r.tier]}(${r.date})`).join(', ')}.`,

  ladderLine: (reached, atEnd, next) => {
    const then = next ? ` 다음 단계: ${next}.` : ' 마지막 단계까지 올랐습니다.';
    if (reached.length > 0) return `스킬 단계: ${reached.map((r) => `${r.exercise}(${r.date})`).join(', ')} 달성.${then}`;
    return atEnd ? `스킬 단계: 아직 ${atEnd}.${then}` : `스킬 단계: 아직 달성한 단계가 없습니다.${then}`;
  },
  ladderVolume: (sessions, sets, reps, holds) =>
    `스킬 훈련: ${sessions}회, ${sets}세트${reps ? `, 반복 ${reps}회` : ''}${holds ? `, 버티기 ${holds}초` : ''}.`,

  pipelineTarget: (venue, deadline) => (venue ? `목표 학회: ${venue} (제출 마감 ${deadline}).` : `계획 기준일: ${deadline}.`),
  stageDone: (stage, date, late) => `${stage} ${date} 완료${late === null ? '' : late === '0' ? '(계획대로)' : `(${late}일 늦음)`}`,
  stagesLine: (done) => (done.length === 0 ? '단계: 올해 마친 단계가 없습니다.' : `단계: ${done.join(', ')}.`),
  nextStage: (stage, planned, late) => `다음 단계: ${stage}${planned ? ` (계획 ${planned}${late ? `, ${late}일 늦어짐` : ''})` : ''}.`,
  allStagesDone: '모든 단계를 마쳤습니다.',

  trendWord: (t) => TRENDS[t],
  ratingLine: (count, average, trend, slope) =>
    count === '0'
      ? '평점: 올해 매긴 평점이 없습니다.'
      : `평점: ${count}건 평균 ${average}${trend ? `, ${trend}${slope ? ` (한 달에 ${slope})` : ''}` : ''}.`,
  monthlyRatings: '월별 평균 평점',

  trainingLine: (sessions, minutes, sets, reps, holds) =>
    `운동: ${sessions}회${minutes ? `, ${minutes}분` : ''}, ${sets}세트${reps ? `, 반복 ${reps}회` : ''}${holds ? `, 버티기 ${holds}초` : ''}`,
  busiestWeek: (weekStart, sessions, sets) => `운동을 가장 많이 한 주: ${weekStart}부터 한 주 (${sessions}회, ${sets}세트)`,
  recordsHeading: '올해 세운 개인 기록',
  recordHold: (seconds, date) => `${seconds}초 버티기 (${date})`,
  recordReps: (reps, date) => `${reps}회 (${date})`,
  recordWeight: (kg, date) => `${kg}kg (${date})`,

  notesHeading: '올해 남긴 메모',
  notesMore: (shown, all) => `메모 ${all}개 가운데 최근 ${shown}개입니다.`,
  questionsHeading: '초안을 마무리하기 위한 질문',
  questions: [
    '올해 가장 뿌듯한 결과는 무엇이고, 무엇이 그것을 가능하게 했나요?',
    '자꾸 미뤄진 일은 무엇이었고, 무엇이 발목을 잡았나요?',
    '언제 제대로 쉬었고, 언제 바닥까지 지쳤나요?',
    '내년에는 무엇을 다르게 해 보고, 누구에게 도움을 청할 수 있을까요?',
  ],

  heatmapTitle: '한 해의 모든 날',
  heatmapLegendLess: '적음',
  heatmapLegendMore: '많음',
  heatmapPaused: '쉬어 간 날',
  dayTooltip: (date, logs, paused) => `${date}: 기록 ${logs}건${paused ? ' · 쉬어 간 날' : ''}`,
  monthChartTitle: '월별 기록',
  timelineTitle: '한 해 동안 달성한 마일스톤',
  noMilestones: '올해 달성한 마일스톤이 없습니다.',
};
