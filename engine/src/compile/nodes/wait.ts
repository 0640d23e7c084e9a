import type { WaitNode } from '../../definition/types';
import type { Command } from '../commands';
import type { MachineContext } from '../context';
import { atEvent, failStep, nextVisit, without, type Behaviour, type Check } from '../effects';
import { evaluateAt, evaluateMapping, scopeData } from '../evaluation';
import { durationAt } from '../durationAt';
import type { CompileModel } from '../model';
import { FAILED_STATE, requiredTarget, timerKey } from '../stateIds';
import { recordError } from './task';
import type { StateConfig, TransitionConfig } from './stateConfig';

const waitNode = (model: CompileModel, id: string) => model.node(id) as WaitNode;
const at = (model: CompileModel, id: string) => ['nodes', model.graph.nodeIndex.get(id)!, 'wait'];

/** A timestamp from an expression result: a CEL timestamp (already an ISO string) or a date string. */
function toInstant(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

export const enterWait: Behaviour = (model, before, event, { nodeId }) => {
  const context = atEvent(before, event);
  const node = waitNode(model, nodeId);
  const { visit, visits } = nextVisit(context, nodeId);
  const fail = (code: string, message: string) => ({
    patch: { now: context.now, visits },
    raise: failStep(nodeId, code, message, context.now),
  });
  const wait = node.wait;
  if (wait.type === 'event') {
    const key = evaluateAt(model, [...at(model, nodeId), 'correlationKey'], scopeData(context));
    if (!key.ok) return fail(key.error.code, key.error.message);
    if (typeof key.value !== 'string' && typeof key.value !== 'number') {
      return fail(
        'EXPRESSION_TYPE',
        `The correlation key must be text or a number, not ${JSON.stringify(key.value)}`,
      );
    }
    const commands: Command[] = [];
    let timers = context.timers;
    if (wait.timeout) {
      const timeout = durationAt(model, context, [...at(model, nodeId), 'timeout'], wait.timeout);
      if (!timeout.ok) return fail(timeout.error.code, timeout.error.message);
      const timer = timerKey(nodeId, visit, 'timeout');
      timers = { ...timers, [`${nodeId}:timeout`]: timer };
      commands.push({ type: 'timer.schedule', timerKey: timer, nodeId, fireAt: context.now + timeout.value });
    }
    return {
      patch: {
        now: context.now,
        visits,
        timers,
        waits: { ...context.waits, [nodeId]: { event: wait.event, key: String(key.value) } },
      },
      commands,
    };
  }
  let fireAt: number;
  if (wait.type === 'duration') {
    const duration = durationAt(model, context, [...at(model, nodeId), 'duration'], wait.duration);
    if (!duration.ok) return fail(duration.error.code, duration.error.message);
    fireAt = context.now + duration.value;
  } else {
    const until = evaluateAt(model, [...at(model, nodeId), 'until'], scopeData(context));
    if (!until.ok) return fail(until.error.code, until.error.message);
    const instant = toInstant(until.value);
    if (instant === undefined)
      return fail('EXPRESSION_TYPE', `"until" must give a date-time, not ${JSON.stringify(until.value)}`);
    fireAt = instant;
  }
  const timer = timerKey(nodeId, visit, 'wait');
  return {
    patch: { now: context.now, visits, timers: { ...context.timers, [`${nodeId}:wait`]: timer } },
    commands: [{ type: 'timer.schedule', timerKey: timer, nodeId, fireAt }],
  };
};

export const exitWait: Behaviour = (_model, context, event, { nodeId }) => {
  const commands: Command[] = [];
  let timers = context.timers;
  for (const purpose of ['wait', 'timeout']) {
    const key = timers[`${nodeId}:${purpose}`];
    if (key === undefined) continue;
    if (!(event.type === 'timer.fired' && event.timerKey === key))
      commands.push({ type: 'timer.cancel', timerKey: key, nodeId });
    timers = without(timers, `${nodeId}:${purpose}`);
  }
  return { patch: { timers, waits: without(context.waits, nodeId) }, commands };
};

export const eventMatches: Check = (_model, context, event, { nodeId }) => {
  const waiting = context.waits[nodeId];
  return (
    event.type === 'event.received' &&
    waiting !== undefined &&
    waiting.event === event.event &&
    waiting.key === event.correlationKey
  );
};

function mapEvent(model: CompileModel, context: MachineContext, nodeId: string, payload: unknown) {
  const wait = waitNode(model, nodeId).wait;
  const output = wait.type === 'event' ? wait.output : {};
  return evaluateMapping(
    model,
    [...at(model, nodeId), 'output'],
    output,
    scopeData(context, { event: payload }),
  );
}

export const eventMaps: Check = (model, context, event, params) =>
  eventMatches(model, context, event, params) &&
  event.type === 'event.received' &&
  mapEvent(model, atEvent(context, event), params.nodeId, event.payload).ok;

export const receiveEvent: Behaviour = (model, before, event, { nodeId }) => {
  if (event.type !== 'event.received') return {};
  const context = atEvent(before, event);
  const mapped = mapEvent(model, context, nodeId, event.payload);
  if (!mapped.ok) return recordError(context, nodeId, mapped.error);
  return {
    patch: {
      now: context.now,
      vars: { ...context.vars, ...mapped.value },
      nodes: { ...context.nodes, [nodeId]: { event: event.payload, receivedAt: event.at } },
    },
  };
};

export const timerElapsed: Behaviour = (_model, before, event, { nodeId, purpose }) => {
  const context = atEvent(before, event);
  return {
    patch: {
      now: context.now,
      nodes: { ...context.nodes, [nodeId]: { firedAt: context.now, timedOut: purpose === 'timeout' } },
    },
  };
};

export function waitState(model: CompileModel, nodeId: string): StateConfig {
  const node = waitNode(model, nodeId);
  const params = { nodeId };
  const out = requiredTarget(model, nodeId, 'out');
  const on: Record<string, TransitionConfig | TransitionConfig[]> = {
    'step.failed': {
      guard: { type: 'isStepOf', params },
      target: `#${FAILED_STATE}`,
      reenter: true,
      actions: { type: 'failTask', params },
    },
  };
  if (node.wait.type === 'event') {
    on['event.received'] = [
      {
        guard: { type: 'eventMaps', params },
        target: out,
        reenter: true,
        actions: { type: 'receiveEvent', params },
      },
      {
        guard: { type: 'eventMatches', params },
        target: `#${FAILED_STATE}`,
        reenter: true,
        actions: { type: 'receiveEvent', params },
      },
    ];
    if (node.wait.timeout) {
      on['timer.fired'] = {
        guard: { type: 'isTimer', params: { nodeId, purpose: 'timeout' } },
        target: requiredTarget(model, nodeId, 'timeout'),
        reenter: true,
        actions: { type: 'timerElapsed', params: { nodeId, purpose: 'timeout' } },
      };
    }
  } else {
    on['timer.fired'] = {
      guard: { type: 'isTimer', params: { nodeId, purpose: 'wait' } },
      target: out,
      reenter: true,
      actions: { type: 'timerElapsed', params: { nodeId, purpose: 'wait' } },
    };
  }
  return { id: nodeId, entry: { type: 'enterWait', params }, exit: { type: 'exitWait', params }, on };
}
