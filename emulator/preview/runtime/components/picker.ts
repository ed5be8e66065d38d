import { openPickerSheet, type PickerColumn, type PickerSheetController } from '../ui';
import { defineBuiltin, str, writeModel, type Builtin } from './base';
import { REGIONS } from './region-data';

/**
 * picker: tapping the slot content opens a bottom sheet. Modes selector (detail.value: index),
 * multiSelector (indexes; columnchange fires while choosing, and a page that updates `range`
 * in response sees the open sheet follow), date ('YYYY-MM-DD', fields year/month/day, start/end),
 * time ('HH:mm') and region (names, plus codes in detail.code).
 */

const pad = (n: number) => String(n).padStart(2, '0');

function labelOf(item: unknown, rangeKey: string): string {
  if (item && typeof item === 'object' && rangeKey) return str((item as Record<string, unknown>)[rangeKey]);
  return str(item);
}

// ---- date ----

interface Ymd {
  y: number;
  m: number;
  d: number;
}

function parseDate(text: string, fallback: Ymd): Ymd {
  const match = /^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?/.exec(text);
  if (!match) return fallback;
  return { y: Number(match[1]), m: Number(match[2] ?? 1), d: Number(match[3] ?? 1) };
}

const daysIn = (y: number, m: number) => new Date(y, m, 0).getDate();
const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

function dateColumns(sel: Ymd, start: Ymd, end: Ymd, fields: string): { columns: PickerColumn[]; values: number[][] } {
  const years = range(start.y, end.y);
  const y = Math.min(Math.max(sel.y, start.y), end.y);
  const months = range(y === start.y ? start.m : 1, y === end.y ? end.m : 12);
  const m = Math.min(Math.max(sel.m, months[0]), months[months.length - 1]);
  const days = range(
    y === start.y && m === start.m ? start.d : 1,
    y === end.y && m === end.m ? Math.min(end.d, daysIn(y, m)) : daysIn(y, m),
  );
  const d = Math.min(Math.max(sel.d, days[0]), days[days.length - 1]);
  const columns: PickerColumn[] = [{ options: years.map((v) => `${v}年`), selected: years.indexOf(y) }];
  const values = [years];
  if (fields !== 'year') {
    columns.push({ options: months.map((v) => `${v}月`), selected: months.indexOf(m) });
    values.push(months);
  }
  if (fields === 'day') {
    columns.push({ options: days.map((v) => `${v}日`), selected: days.indexOf(d) });
    values.push(days);
  }
  return { columns, values };
}

function formatDate(parts: number[], fields: string): string {
  const [y, m, d] = parts;
  if (fields === 'year') return String(y);
  if (fields === 'month') return `${y}-${pad(m)}`;
  return `${y}-${pad(m)}-${pad(d)}`;
}

// ---- region ----

function regionColumns(
  names: string[],
  customItem: string,
): { columns: PickerColumn[]; pick: (idx: number[]) => { value: string[]; code: string[] } } {
  const withCustom = (options: string[]) => (customItem ? [customItem, ...options] : options);
  const offset = customItem ? 1 : 0;
  const pIndex = Math.max(
    0,
    REGIONS.findIndex((p) => p.name === names[0]),
  );
  const province = REGIONS[pIndex];
  const cIndex = Math.max(
    0,
    province.cities.findIndex((c) => c.name === names[1]),
  );
  const city = province.cities[cIndex];
  const dIndex = Math.max(0, city.districts.indexOf(names[2]));
  const columns = [
    { options: withCustom(REGIONS.map((p) => p.name)), selected: names[0] === customItem ? 0 : pIndex + offset },
    {
      options: withCustom(province.cities.map((c) => c.name)),
      selected: names[1] === customItem ? 0 : cIndex + offset,
    },
    { options: withCustom(city.districts), selected: names[2] === customItem ? 0 : dIndex + offset },
  ];
  const pick = (idx: number[]) => {
    const p = REGIONS[idx[0] - offset];
    const c = p?.cities[idx[1] - offset];
    const d = c?.districts[idx[2] - offset];
    return {
      value: [p?.name ?? customItem, c?.name ?? customItem, d ?? customItem],
      code: [p?.code ?? '', c?.code ?? '', ''],
    };
  };
  return { columns, pick };
}

export function registerPicker(): void {
  defineBuiltin('picker', {
    properties: {
      mode: { type: String, value: 'selector' },
      range: { type: null, value: [] },
      rangeKey: { type: String, value: '' },
      value: { type: null, value: null },
      disabled: { type: Boolean, value: false },
      start: { type: String, value: '' },
      end: { type: String, value: '' },
      fields: { type: String, value: 'day' },
      customItem: { type: String, value: '' },
      headerText: { type: String, value: '' },
      name: { type: String, value: '' },
      level: { type: String, value: 'region' },
    },
    init() {
      this.host.setAttribute('role', 'button');
      this.host.setAttribute('aria-haspopup', 'dialog');
    },
    sync() {
      const sheet = this.sheet as PickerSheetController | undefined;
      if (sheet && str(this.data.mode) === 'multiSelector')
        sheet.update((this.__multiColumns as () => PickerColumn[])());
    },
    tap() {
      if (this.data.disabled || this.sheet) return;
      (this.__open as () => void)();
    },
    methods: {
      __multiColumns(this: Builtin): PickerColumn[] {
        const rangeKey = str(this.data.rangeKey);
        const columns = Array.isArray(this.data.range) ? (this.data.range as unknown[]) : [];
        const selected =
          (this.multiSelected as number[] | undefined) ??
          (Array.isArray(this.data.value) ? (this.data.value as number[]) : []);
        return columns.map((column, i) => ({
          options: (Array.isArray(column) ? column : []).map((item) => labelOf(item, rangeKey)),
          selected: Number(selected[i]) || 0,
        }));
      },
      __open(this: Builtin) {
        const mode = str(this.data.mode) || 'selector';
        const title = str(this.data.headerText);
        const finish = (sheet: PickerSheetController, onDone: (idx: number[]) => void) => {
          this.sheet = sheet;
          sheet.result.then((idx) => {
            this.sheet = undefined;
            this.multiSelected = undefined;
            if (idx) onDone(idx);
            else this.triggerEvent('cancel', {});
          });
        };
        const emit = (value: unknown, extra: Record<string, unknown> = {}) => {
          this.setData({ value });
          writeModel(this, 'value', value);
          this.triggerEvent('change', { value, ...extra });
        };

        if (mode === 'multiSelector') {
          this.multiSelected = Array.isArray(this.data.value) ? [...(this.data.value as number[])] : [];
          const sheet = openPickerSheet(
            (this.__multiColumns as () => PickerColumn[])(),
            (column, index, current) => {
              this.multiSelected = current;
              this.triggerEvent('columnchange', { column, value: index });
            },
            title,
          );
          finish(sheet, (idx) => emit(idx));
          return;
        }

        if (mode === 'date') {
          const today = new Date();
          const now = { y: today.getFullYear(), m: today.getMonth() + 1, d: today.getDate() };
          const start = parseDate(str(this.data.start), { y: now.y - 100, m: 1, d: 1 });
          const end = parseDate(str(this.data.end), { y: now.y + 20, m: 12, d: 31 });
          const fields = str(this.data.fields) || 'day';
          let sel = parseDate(str(this.data.value), now);
          let built = dateColumns(sel, start, end, fields);
          const sheet = openPickerSheet(
            built.columns,
            (_column, _index, current) => {
              sel = {
                y: built.values[0][current[0]] ?? sel.y,
                m: built.values[1]?.[current[1]] ?? sel.m,
                d: built.values[2]?.[current[2]] ?? sel.d,
              };
              built = dateColumns(sel, start, end, fields);
              return built.columns;
            },
            title,
          );
          finish(sheet, (idx) =>
            emit(
              formatDate(
                idx.map((i, c) => built.values[c][i]),
                fields,
              ),
            ),
          );
          return;
        }

        if (mode === 'time') {
          const [sh, sm] = (str(this.data.start) || '00:00').split(':').map(Number);
          const [eh, em] = (str(this.data.end) || '23:59').split(':').map(Number);
          const [vh, vm] = (str(this.data.value) || `${pad(new Date().getHours())}:${pad(new Date().getMinutes())}`)
            .split(':')
            .map(Number);
          const hours = range(sh || 0, Number.isFinite(eh) ? eh : 23);
          const minutes = range(0, 59);
          const sheet = openPickerSheet(
            [
              { options: hours.map(pad), selected: Math.max(0, hours.indexOf(vh)) },
              { options: minutes.map(pad), selected: vm || 0 },
            ],
            undefined,
            title,
          );
          finish(sheet, ([h, m]) => {
            let hour = hours[h];
            let minute = minutes[m];
            // Clamp to [start, end] like WeChat.
            if (hour === sh && minute < (sm || 0)) minute = sm || 0;
            if (hour === eh && minute > (Number.isFinite(em) ? em : 59)) minute = em;
            hour = hour ?? 0;
            emit(`${pad(hour)}:${pad(minute)}`);
          });
          return;
        }

        if (mode === 'region') {
          const customItem = str(this.data.customItem);
          const names = Array.isArray(this.data.value)
            ? (this.data.value as unknown[]).map(str)
            : ['广东省', '广州市', '天河区'];
          let built = regionColumns(names, customItem);
          const sheet = openPickerSheet(
            built.columns,
            (_column, _index, current) => {
              const picked = built.pick(current).value;
              // Changing the province or city resets the columns after it.
              const next = [picked[0], _column < 1 ? '' : picked[1], _column < 2 ? '' : picked[2]];
              built = regionColumns(next, customItem);
              return built.columns;
            },
            title,
          );
          finish(sheet, (idx) => {
            const { value, code } = built.pick(idx);
            emit(value, { code, postcode: '' });
          });
          return;
        }

        // selector
        const rangeKey = str(this.data.rangeKey);
        const items = Array.isArray(this.data.range) ? (this.data.range as unknown[]) : [];
        const sheet = openPickerSheet(
          [{ options: items.map((item) => labelOf(item, rangeKey)), selected: Number(this.data.value) || 0 }],
          undefined,
          title,
        );
        finish(sheet, ([index]) => {
          if (items.length) emit(index);
        });
      },
      __formValue(this: Builtin) {
        return this.data.value;
      },
      __formReset(this: Builtin) {
        this.setData({ value: null });
      },
    },
  });
}
