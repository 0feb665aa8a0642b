import { rulesToAST } from '@casl/ability/extra';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Action, AppAbility, SubjectType } from './ability.js';

/** How a CASL condition field maps to SQL: a scalar column or a `uuid[]` array column. */
export type FieldMapping = { column: string; array?: 'uuid[]' };
export type FieldMap = Record<string, FieldMapping>;

interface AstNode {
  operator: string;
  field?: string;
  value: unknown;
}

/**
 * Compiles the rules of `ability` for `action` on `subjectType` into a SQL
 * condition. Unknown fields or operators throw: a rule we cannot translate must
 * never widen a query. No rule at all compiles to `false`.
 */
export function accessibleBy(
  ability: AppAbility,
  action: Action,
  subjectType: SubjectType,
  fields: FieldMap,
): RawBuilder<SqlBool> {
  const ast = rulesToAST(ability, action, subjectType) as AstNode | null;
  if (!ast) return sql<SqlBool>`false`;
  return compile(ast, fields);
}

function compile(node: AstNode, fields: FieldMap): RawBuilder<SqlBool> {
  switch (node.operator) {
    case 'and':
    case 'or': {
      const parts = (node.value as AstNode[]).map((child) => compile(child, fields));
      if (parts.length === 0) return node.operator === 'and' ? sql<SqlBool>`true` : sql<SqlBool>`false`;
      return sql<SqlBool>`(${sql.join(parts, sql.raw(` ${node.operator} `))})`;
    }
    case 'not':
      return sql<SqlBool>`not ${compile(node.value as AstNode, fields)}`;
    case 'eq':
      return compileIn(node, [node.value], fields);
    case 'in':
      return compileIn(node, node.value as unknown[], fields);
    default:
      throw new Error(`Permission rule operator "${node.operator}" has no SQL translation`);
  }
}

function compileIn(node: AstNode, values: unknown[], fields: FieldMap): RawBuilder<SqlBool> {
  const mapping = node.field ? fields[node.field] : undefined;
  if (!mapping) throw new Error(`Permission rule field "${node.field}" has no SQL column`);
  const column = sql.ref(mapping.column);
  const present = values.filter((v) => v !== null && v !== undefined);
  const allowsNull = present.length < values.length;
  if (mapping.array) {
    // Array column: matches when it holds any of the values (Mongo semantics, GIN-indexed).
    if (present.length === 0) return sql<SqlBool>`false`;
    const op = present.length === 1 ? sql.raw('@>') : sql.raw('&&');
    return sql<SqlBool>`${column} ${op} array[${sql.join(present)}]::${sql.raw(mapping.array)}`;
  }
  const parts: RawBuilder<SqlBool>[] = [];
  if (present.length === 1) parts.push(sql<SqlBool>`${column} = ${present[0]}`);
  if (present.length > 1) parts.push(sql<SqlBool>`${column} in (${sql.join(present)})`);
  if (allowsNull) parts.push(sql<SqlBool>`${column} is null`);
  if (parts.length === 0) return sql<SqlBool>`false`;
  return parts.length === 1 ? (parts[0] as RawBuilder<SqlBool>) : sql<SqlBool>`(${sql.join(parts, sql.raw(' or '))})`;
}
