import { serialize, type ASTNode } from '@marcbachmann/cel-js';
import {
  BOOL,
  BYTES,
  DOUBLE,
  DYN,
  INT,
  NULL,
  STRING,
  UINT,
  describeType,
  isMapLike,
  listOf,
  mapOf,
  objectType,
  unify,
  type CelType,
  type ObjectType,
} from './celTypes';
import { MACROS } from './limits';
import { NOT_ITERABLE, binaryType, elementType, functionType, methodType, unaryType } from './operatorTypes';

/** Something the types show about an expression before it ever runs. */
export interface TypeFinding {
  /** UNKNOWN_FIELD: a name an object does not have; EXPRESSION_TYPE: a value of the wrong type. */
  readonly code: 'EXPRESSION_TYPE' | 'UNKNOWN_FIELD';
  /** Errors always fail when reached; a warning names a field that is not declared but may exist. */
  readonly severity: 'error' | 'warning';
  /**
   * `fails`: evaluating this part fails whenever its operands could be evaluated;
   * `notCondition`: this part never gives true or false where CEL needs them.
   */
  readonly kind: 'fails' | 'notCondition';
  readonly message: string;
  readonly range: { readonly start: number; readonly end: number };
}

export interface TypeCheckResult {
  readonly type: CelType;
  readonly findings: readonly TypeFinding[];
}

const OPERATOR_VERBS: Readonly<Record<string, string>> = {
  '+': 'add',
  '-': 'subtract',
  '*': 'multiply',
  '/': 'divide',
  '%': 'take the remainder of',
  '<': 'compare',
  '<=': 'compare',
  '>': 'compare',
  '>=': 'compare',
};

/**
 * Infers the type of every part of a parsed expression from the types of the names it reads,
 * and reports what is certain to fail: an operator or function given values it never accepts,
 * a field an object never has, something that is not true/false where CEL needs a condition.
 * Unknown (dyn) values never produce a finding, and after one finding the part counts as dyn,
 * so one mistake is reported once.
 */
export function checkTypes(ast: ASTNode, roots: Readonly<Record<string, CelType>>): TypeCheckResult {
  const findings: TypeFinding[] = [];
  const report = (
    node: ASTNode,
    message: string,
    code: TypeFinding['code'] = 'EXPRESSION_TYPE',
    kind: TypeFinding['kind'] = 'fails',
  ) => {
    findings.push({ code, severity: 'error', kind, message, range: { start: node.start, end: node.end } });
    return DYN;
  };

  /** A condition operand must be true or false (or unknown). */
  const needBool = (node: ASTNode, type: CelType, where: string) => {
    if (type.kind !== 'bool' && type.kind !== 'dyn')
      report(
        node,
        `${where} needs true or false, but ${text(node)} gives ${describeType(type)}`,
        'EXPRESSION_TYPE',
        'notCondition',
      );
  };

  const access = (node: ASTNode, target: CelType, name: string): CelType => {
    switch (target.kind) {
      case 'dyn':
        return DYN;
      case 'map':
        return target.of;
      case 'object':
        return field(node, target, name);
      default:
        return report(node, `${describeType(target)} has no fields, so ${text(node)} cannot be read`);
    }
  };

  const field = (node: ASTNode, target: ObjectType, name: string): CelType => {
    const found = target.field(name);
    if (found) return found;
    const explained = target.missing?.(name);
    if (explained) return report(node, explained, 'UNKNOWN_FIELD');
    const names = target.names();
    const hint = closest(name, names);
    const list = names.length > 0 ? ` (it has: ${names.join(', ')})` : '';
    const suggestion = hint ? `; did you mean "${hint}"?` : list;
    if (target.closed)
      return report(node, `${capitalise(target.what)} has no field "${name}"${suggestion}`, 'UNKNOWN_FIELD');
    findings.push({
      code: 'UNKNOWN_FIELD',
      severity: 'warning',
      kind: 'fails',
      message: `"${name}" is not among the declared fields of ${target.what}, so it may be missing${suggestion}`,
      range: { start: node.start, end: node.end },
    });
    return DYN;
  };

  const visit = (node: ASTNode, bound: ReadonlyMap<string, CelType>): CelType => {
    switch (node.op) {
      case 'value':
        return literalType(node.args);
      case 'id':
        return bound.get(node.args) ?? roots[node.args] ?? DYN;
      case '.':
        return access(node, visit(node.args[0], bound), node.args[1]);
      case '.?':
        visit(node.args[0], bound);
        return DYN;
      case '[]':
      case '[?]': {
        const [targetNode, indexNode] = node.args;
        const target = visit(targetNode, bound);
        const index = visit(indexNode, bound);
        if (node.op === '[?]') return DYN;
        if (indexNode.op === 'value' && typeof indexNode.args === 'string' && target.kind === 'object')
          return field(node, target, indexNode.args);
        return indexed(node, target, index);
      }
      case 'call': {
        const [name, args] = node.args;
        if (name === 'has') {
          // has(a.b) asks whether b is there: only what holds it must be readable.
          const [selected] = args;
          if (selected?.op === '.') visit(selected.args[0], bound);
          return BOOL;
        }
        const types = args.map((arg) => visit(arg, bound));
        const [first] = types;
        if (name === 'timestamp' && first?.kind === 'string' && first.format === 'date')
          return report(
            node,
            `timestamp() needs a date and time, but ${text(args[0]!)} holds a date only (YYYY-MM-DD): write timestamp(${text(args[0]!)} + "T00:00:00Z")`,
          );
        const result = functionType(name, types);
        if (result) return result;
        return report(node, `${name}() cannot take ${describeType(first ?? DYN)} (${text(node)})`);
      }
      case 'rcall':
        return call(node, node.args[0], node.args[1], node.args[2], bound);
      case 'list': {
        const items = node.args.map((item) => visit(item, bound));
        return listOf(items.length === 0 ? DYN : items.reduce(unify));
      }
      case 'map': {
        const fields: Record<string, CelType> = {};
        let allNamed = true;
        const values: CelType[] = [];
        for (const [keyNode, valueNode] of node.args) {
          visit(keyNode, bound);
          const value = visit(valueNode, bound);
          values.push(value);
          if (keyNode.op === 'value' && typeof keyNode.args === 'string') fields[keyNode.args] = value;
          else allNamed = false;
        }
        if (allNamed) return objectType('this object', fields);
        return mapOf(values.length === 0 ? DYN : values.reduce(unify));
      }
      case '?:': {
        const [condition, then, otherwise] = node.args;
        needBool(condition, visit(condition, bound), 'The condition of ? :');
        return unify(visit(then, bound), visit(otherwise, bound));
      }
      case '&&':
      case '||': {
        for (const operand of node.args) needBool(operand, visit(operand, bound), node.op);
        return BOOL;
      }
      case '!_':
      case '-_': {
        const operand = visit(node.args, bound);
        const result = unaryType(node.op, operand);
        if (result) return result;
        return node.op === '!_'
          ? report(node, `! needs true or false, but ${text(node.args)} gives ${describeType(operand)}`)
          : report(
              node,
              `Only a number can be negated, but ${text(node.args)} gives ${describeType(operand)}`,
            );
      }
      default: {
        const [leftNode, rightNode] = node.args;
        const left = visit(leftNode, bound);
        const right = visit(rightNode, bound);
        const result = binaryType(node.op, left, right);
        if (result) return result;
        return report(node, binaryMessage(node, left, right));
      }
    }
  };

  const indexed = (node: ASTNode, target: CelType, index: CelType): CelType => {
    if (target.kind === 'dyn') return DYN;
    if (isMapLike(target)) return target.kind === 'map' ? target.of : DYN;
    if (target.kind !== 'list')
      return report(node, `${describeType(target)} cannot be indexed (${text(node)})`);
    if (index.kind === 'int' || index.kind === 'double' || index.kind === 'uint' || index.kind === 'dyn')
      return target.of;
    return report(node, `A list position must be a whole number, not ${describeType(index)} (${text(node)})`);
  };

  const call = (
    node: ASTNode,
    name: string,
    receiverNode: ASTNode,
    args: readonly ASTNode[],
    bound: ReadonlyMap<string, CelType>,
  ): CelType => {
    const variable = args[0];
    if (MACROS.has(name) && variable?.op === 'id') {
      if (name === 'bind' && receiverNode.op === 'id' && receiverNode.args === 'cel') {
        const [, init, body] = args;
        if (!init || !body) return DYN;
        return visit(body, new Map(bound).set(variable.args, visit(init, bound)));
      }
      const collection = visit(receiverNode, bound);
      if (NOT_ITERABLE.has(collection.kind))
        report(
          receiverNode,
          `${name}() goes through a list or an object, but ${text(receiverNode)} gives ${describeType(collection)}`,
        );
      const inner = new Map(bound).set(variable.args, elementType(collection));
      const [, first, second] = args;
      if (name === 'map') {
        if (second && first) needBool(first, visit(first, inner), 'The filter of map()');
        const body = second ?? first;
        return listOf(body ? visit(body, inner) : DYN);
      }
      if (first) needBool(first, visit(first, inner), `The test of ${name}()`);
      return name === 'filter' ? listOf(elementType(collection)) : BOOL;
    }
    const receiver = visit(receiverNode, bound);
    for (const arg of args) visit(arg, bound);
    const result = methodType(name, receiver);
    if (result) return result;
    return report(node, `${describeType(receiver)} has no ${name}(), so ${text(node)} cannot work`);
  };

  const type = visit(ast, new Map());
  return { type, findings };
}

function literalType(value: unknown): CelType {
  switch (typeof value) {
    case 'bigint':
      return INT;
    case 'number':
      return DOUBLE;
    case 'string':
      return STRING;
    case 'boolean':
      return BOOL;
    case 'object':
      if (value === null) return NULL;
      if (value instanceof Uint8Array) return BYTES;
      return UINT;
    default:
      return DYN;
  }
}

function binaryMessage(node: ASTNode, left: CelType, right: CelType): string {
  const verb = OPERATOR_VERBS[node.op];
  if (node.op === 'in')
    return `"in" needs a list or an object on its right, but ${describeType(right)} is there (${text(node)})`;
  const base = `Cannot ${verb ?? `apply ${node.op} to`} ${describeType(left)} and ${describeType(right)} (${text(node)})`;
  if (node.op === '%' && (left.kind === 'double' || right.kind === 'double'))
    return `${base}: numbers from forms, results and variables are decimals; use int(…) % n`;
  return base;
}

/** The expression text of a part, rebuilt from the parse (ranges may miss a parenthesis). */
function text(node: ASTNode): string {
  try {
    return serialize(node);
  } catch {
    return node.input.slice(node.start, node.end);
  }
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** The one name nearest to `name` within a typo's reach (one edit for short names, else two). */
export function closest(name: string, names: readonly string[]): string | undefined {
  const reach = name.length <= 4 ? 1 : 2;
  const near = names
    .map((candidate) => ({ candidate, distance: editDistance(name.toLowerCase(), candidate.toLowerCase()) }))
    .filter((n) => n.distance <= reach);
  const best = Math.min(...near.map((n) => n.distance));
  const nearest = near.filter((n) => n.distance === best);
  return nearest.length === 1 ? nearest[0]!.candidate : undefined;
}

/** Edits (insert, delete, replace, swap two neighbours) that turn `a` into `b`; 3 means "more". */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i += 1)
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  return d[a.length]![b.length]!;
}
