/** RRULEs in words, and the few the editor offers (issue #13 §2: daily, weekly on days, monthly, yearly; until or count). */
const DAYS: Record<string, string> = { MO: 'Monday', TU: 'Tuesday', WE: 'Wednesday', TH: 'Thursday', FR: 'Friday', SA: 'Saturday', SU: 'Sunday' };
const UNITS: Record<string, [string, string]> = { DAILY: ['day', 'days'], WEEKLY: ['week', 'weeks'], MONTHLY: ['month', 'months'], YEARLY: ['year', 'years'] };

export function parseRule(rule: string): Map<string, string> {
  const parts = new Map<string, string>();
  for (const part of rule.replace(/^RRULE:/, '').split(';')) {
    const [key, value] = part.split('=');
    if (key && value !== undefined) parts.set(key.toUpperCase(), value);
  }
  return parts;
}

export function ruleInWords(rule: string | undefined): string {
  if (!rule) return '';
  const parts = parseRule(rule);
  const unit = UNITS[parts.get('FREQ') ?? ''];
  if (!unit) return rule;
  const interval = Number(parts.get('INTERVAL') ?? 1);
  let text = interval === 1 ? `Every ${unit[0]}` : `Every ${interval} ${unit[1]}`;
  const days = parts.get('BYDAY')?.split(',').map((d) => DAYS[d.slice(-2)] ?? d);
  if (days?.length) text += ` on ${days.join(', ')}`;
  const count = parts.get('COUNT');
  if (count) text += `, ${count} times`;
  const until = parts.get('UNTIL');
  if (until) text += `, until ${until.slice(0, 4)}-${until.slice(4, 6)}-${until.slice(6, 8)}`;
  return text;
}

export interface RuleChoice {
  freq: '' | 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';
  days: string[];
  count?: number;
  /** `YYYY-MM-DD`, the last day. */
  until?: string;
}

export function ruleOf(choice: RuleChoice): string | undefined {
  if (!choice.freq) return undefined;
  let rule = `FREQ=${choice.freq}`;
  if (choice.freq === 'WEEKLY' && choice.days.length > 0) rule += `;BYDAY=${choice.days.join(',')}`;
  if (choice.count) rule += `;COUNT=${choice.count}`;
  else if (choice.until) rule += `;UNTIL=${choice.until.replaceAll('-', '')}T235959Z`;
  return rule;
}

/** The series ended one second before `pivot` (this and following): COUNT goes, UNTIL comes. */
export function endedBefore(rule: string, pivot: number): string {
  const parts = parseRule(rule);
  parts.delete('COUNT');
  parts.set('UNTIL', new Date(pivot - 1000).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, ''));
  return [...parts].map(([k, v]) => `${k}=${v}`).join(';');
}

export const WEEKDAYS = Object.keys(DAYS);
