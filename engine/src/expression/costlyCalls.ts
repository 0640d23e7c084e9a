import { chargeBefore, type Meter, type MeteredNode } from './meter';

/**
 * Library functions whose one native call costs more than the sizes of its arguments, which the
 * meter has already charged, can pay for: they are charged, or refused, before they run.
 * `args` are the evaluated arguments, the receiver first for a method call.
 */
export type CallGuard = (args: readonly unknown[], meter: Meter | undefined, node: MeteredNode) => void;

/** Searching costs up to half an operation per character of the string searched. */
const SEARCH_CHARS_PER_OP = 2;
/** lastIndexOf compares the needle at every position: V8 does it naively, O(n × m). */
const LAST_INDEX_PAIRS_PER_OP = 64;
/** Formatting a timestamp in a time zone builds an Intl formatter each time (≈ 80 µs). */
const TIME_ZONE_OPS = 4_000;
/** size() of a string counts code points one by one. */
const SIZE_CHARS_PER_OP = 4;
/** duration() parses with a backtracking pattern, cubic in the length of what is not a duration. */
const MAX_DURATION_LENGTH = 64;

const search: CallGuard = ([receiver], meter, node) => {
  if (meter && typeof receiver === 'string')
    chargeBefore(meter, Math.ceil(receiver.length / SEARCH_CHARS_PER_OP), node);
};

const lastIndexOf: CallGuard = ([receiver, needle], meter, node) => {
  if (!meter || typeof receiver !== 'string' || typeof needle !== 'string') return;
  const positions = Math.max(0, receiver.length - needle.length + 1);
  chargeBefore(meter, Math.ceil((positions * Math.max(1, needle.length)) / LAST_INDEX_PAIRS_PER_OP), node);
};

/** split() makes up to one string per separator found; charge the most it could make. */
const split: CallGuard = (args, meter, node) => {
  const [receiver, separator] = args;
  if (!meter || typeof receiver !== 'string' || typeof separator !== 'string') return;
  const parts = receiver.length / Math.max(1, separator.length);
  chargeBefore(meter, Math.ceil(receiver.length / SEARCH_CHARS_PER_OP + parts / 2), node);
};

const stringSize: CallGuard = ([value], meter, node) => {
  if (meter && typeof value === 'string')
    chargeBefore(meter, Math.ceil(value.length / SIZE_CHARS_PER_OP), node);
};

const inTimeZone: CallGuard = (args, meter, node) => {
  if (meter && args.length === 2) chargeBefore(meter, TIME_ZONE_OPS, node);
};

/** Not a budget matter: a long "duration" is simply not one, and refusing it early is cheap. */
const duration: CallGuard = ([text]) => {
  if (typeof text === 'string' && text.length > MAX_DURATION_LENGTH)
    throw new Error(`duration() takes a duration like "1h30m" of at most ${MAX_DURATION_LENGTH} characters`);
};

/** Guards of method calls (`receiver.name(...)`), by name. */
export const METHOD_GUARDS: Readonly<Record<string, CallGuard>> = {
  contains: search,
  indexOf: search,
  split,
  lastIndexOf,
  size: stringSize,
  getDate: inTimeZone,
  getDayOfMonth: inTimeZone,
  getDayOfWeek: inTimeZone,
  getDayOfYear: inTimeZone,
  getFullYear: inTimeZone,
  getHours: inTimeZone,
  getMinutes: inTimeZone,
  getMonth: inTimeZone,
  getSeconds: inTimeZone,
};

/** Guards of global calls (`name(...)`), by name. */
export const FUNCTION_GUARDS: Readonly<Record<string, CallGuard>> = { duration, size: stringSize };
