/** How the training pages show a session: its time, place and seats, and the card of a session list. */
import type { SessionSummary } from '../../typings/api';
import { fill } from './format';
import { formatDateTime } from './time';

/** The words of these helpers (the form's text rules are shared/training.ts TRAINING_TEXT). */
const TEXT = {
  online: '线上直播',
  seatsLeft: '余 {n} 席',
  full: '名额已满',
  waiting: '候补 {n} 人',
  hoursSep: '–',
};

/** A date and its time stay on one line (a no-break space between them). */
const unbroken = (dateTime: string) => dateTime.replace(' ', '\u00a0');

/**
 * The two ends of a time range, each to be shown unbroken (`<text class="nowrap">`): browsers break a
 * line at a date's hyphens. The end is just the time when the range stays within one day.
 */
export function sessionTimeParts(startAt: string, endAt: string): { from: string; to: string } {
  const from = unbroken(formatDateTime(startAt));
  const to = unbroken(formatDateTime(endAt));
  return { from, to: from.slice(0, 10) === to.slice(0, 10) ? to.slice(11) : to };
}

/** 2030-05-10 09:00–12:00 (one day), or both ends in full when it spans days; Asia/Shanghai. */
export function sessionTimeText(startAt: string, endAt: string): string {
  const { from, to } = sessionTimeParts(startAt, endAt);
  return `${from}${TEXT.hoursSep}${to}`;
}

/** 佛山市 · 顺德家电产业集聚区 · 地址, or 线上直播. */
export function placeText(s: Pick<SessionSummary, 'format' | 'city' | 'cluster' | 'venue'>): string {
  if (s.format === 'online') return TEXT.online;
  return [s.city, s.cluster, s.venue].filter(Boolean).join(' · ');
}

/** 余 48 席, or 名额已满 · 候补 3 人. */
export function seatsText(s: Pick<SessionSummary, 'seatsLeft' | 'waitlistCount'>): string {
  if (s.seatsLeft > 0) return fill(TEXT.seatsLeft, { n: s.seatsLeft });
  return s.waitlistCount ? `${TEXT.full} · ${fill(TEXT.waiting, { n: s.waitlistCount })}` : TEXT.full;
}

export interface SessionCard {
  sessionId: string;
  title: string;
  phaseLabel: string;
  open: boolean;
  timeText: string;
  /** The two ends of timeText, each shown unbroken. */
  time: { from: string; to: string };
  placeText: string;
  seatsText: string;
  feeLabel: string;
  ariaLabel: string;
}

export function sessionCard(s: SessionSummary): SessionCard {
  const timeText = sessionTimeText(s.startAt, s.endAt);
  return {
    sessionId: s.sessionId,
    title: s.title,
    phaseLabel: s.phaseLabel,
    open: s.phase === 'signup',
    timeText,
    time: sessionTimeParts(s.startAt, s.endAt),
    placeText: placeText(s),
    seatsText: seatsText(s),
    feeLabel: s.feeLabel,
    ariaLabel: `${s.title}，${timeText}，${placeText(s)}，${s.phaseLabel}`,
  };
}
