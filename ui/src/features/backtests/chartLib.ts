/**
 * lightweight-charts, loaded on first use (a dynamic import keeps it out of the main bundle, so
 * the app starts as fast without it), with the app's colours and times in the trader's zone.
 */
import type { ChartOptions, DeepPartial, Time, UTCTimestamp } from 'lightweight-charts';
import { chartTimeText } from './chartData';

export type ChartLib = typeof import('lightweight-charts');

let loading: Promise<ChartLib> | null = null;

/** The library, imported once; a failed import is tried again next time. */
export function loadChartLib(): Promise<ChartLib> {
  loading ??= import('lightweight-charts').catch((err: unknown) => {
    loading = null;
    throw err;
  });
  return loading;
}

/** A chart time as seconds since the epoch (the charts are fed UTC timestamps). */
export function timeSeconds(time: Time): number {
  if (typeof time === 'number') return time;
  if (typeof time === 'string') return Date.parse(time) / 1000;
  return Date.UTC(time.year, time.month - 1, time.day) / 1000;
}

/** Seconds as the library's timestamp type. */
export function utc(seconds: number): UTCTimestamp {
  return seconds as UTCTimestamp;
}

const tickFormats = new Map<number, Intl.DateTimeFormat>();

function tickFormat(lib: ChartLib, type: number): Intl.DateTimeFormat {
  let f = tickFormats.get(type);
  if (f === undefined) {
    const t = lib.TickMarkType;
    const options: Intl.DateTimeFormatOptions =
      type === t.Year
        ? { year: 'numeric' }
        : type === t.Month
          ? { month: 'short', year: '2-digit' }
          : type === t.DayOfMonth
            ? { day: '2-digit', month: 'short' }
            : type === t.TimeWithSeconds
              ? { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }
              : { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    f = new Intl.DateTimeFormat('en-GB', options);
    tickFormats.set(type, f);
  }
  return f;
}

/** The app's look for a chart in `el` (colours from the CSS tokens), sized by its container. */
export function chartOptions(lib: ChartLib, el: HTMLElement): DeepPartial<ChartOptions> {
  const css = getComputedStyle(el);
  const token = (name: string, fallback: string): string => css.getPropertyValue(name).trim() || fallback;
  const border = token('--border', '#273142');
  return {
    autoSize: true,
    layout: {
      background: { type: lib.ColorType.Solid, color: token('--bg-panel', '#151b23') },
      textColor: token('--fg-muted', '#8b97a8'),
      fontSize: 11,
      panes: { separatorColor: token('--border-strong', '#3a4658') },
    },
    grid: { vertLines: { color: border }, horzLines: { color: border } },
    rightPriceScale: { borderColor: border },
    timeScale: {
      borderColor: border,
      // Fitting a run's whole range (up to 10,000 bars) into the card needs bars under a pixel.
      minBarSpacing: 0.01,
      timeVisible: true,
      secondsVisible: false,
      tickMarkFormatter: (time: Time, type: number) => tickFormat(lib, type).format(new Date(timeSeconds(time) * 1000)),
    },
    localization: { timeFormatter: (time: Time) => chartTimeText(timeSeconds(time)) },
  };
}
