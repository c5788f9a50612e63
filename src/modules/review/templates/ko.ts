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
