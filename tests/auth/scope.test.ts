import { describe, expect, it } from 'vitest';
import { Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, DummyDriver } from 'kysely';
import { defineAbility } from '../../server/auth/ability.js';
import { accessibleBy } from '../../server/auth/scope.js';
import type { DB } from '../../server/db/schema.js';
import { CASE_FIELDS } from '../../server/cases/case-scope.js';
import { ORGANIZATION_FIELDS } from '../../server/organizations/organizations.js';

// Compiles queries without a database, to read the SQL the rules become.
const db = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

const membership = (
  role: 'AGENT' | 'MANAGER' | 'AUDITOR' | 'ADMIN',
  organizationId: string,
  ancestorIds: string[] = [],
) => ({
  role,
  organizationId,
  ancestorIds,
  userId: 'u1',
});

describe('CASL rules compiled into SQL', () => {
  it('a viewer without memberships gets a condition that matches nothing', () => {
    const query = db
      .selectFrom('cases')
      .select('id')
      .where(accessibleBy(defineAbility([]), 'read', 'Case', CASE_FIELDS))
      .compile();
    expect(query.sql).toBe('select "id" from "cases" where false');
  });

  it('one membership scopes cases to one indexed array containment', () => {
    const query = db
      .selectFrom('cases')
      .select('id')
      .where(accessibleBy(defineAbility([membership('AGENT', 'org-mad')]), 'read', 'Case', CASE_FIELDS))
      .compile();
    expect(query.sql).toBe('select "id" from "cases" where "cases"."visible_to" @> array[$1]::uuid[]');
    expect(query.parameters).toEqual(['org-mad']);
  });

  it('several memberships become alternatives, each with its own organization', () => {
    const ability = defineAbility([membership('AGENT', 'org-mad'), membership('AUDITOR', 'org-fr')]);
    const query = db
      .selectFrom('cases')
      .select('id')
      .where(accessibleBy(ability, 'read', 'Case', CASE_FIELDS))
      .compile();
    expect(query.sql).toContain(' or ');
    expect([...query.parameters].sort()).toEqual(['org-fr', 'org-mad']);
  });

  it('an auditor may read but the compiled "note" condition matches nothing', () => {
    const ability = defineAbility([membership('AUDITOR', 'org-hq')]);
    expect(
      db
        .selectFrom('cases')
        .select('id')
        .where(accessibleBy(ability, 'note', 'Case', CASE_FIELDS))
        .compile().sql,
    ).toMatch(/where false$/);
  });

  it('organizations: the subtree by path plus the ancestors by id', () => {
    const ability = defineAbility([membership('AGENT', 'org-mad', ['org-hq', 'org-es'])]);
    const query = db
      .selectFrom('organizations')
      .select('id')
      .where(accessibleBy(ability, 'read', 'Organization', ORGANIZATION_FIELDS))
      .compile();
    expect(query.sql).toContain('"organizations"."path" @> array[$');
    expect(query.sql).toContain('"organizations"."id" in (');
    expect(query.parameters).toEqual(expect.arrayContaining(['org-mad', 'org-hq', 'org-es']));
  });

  it('refuses to compile a field it has no column for, rather than widen the query', () => {
    const ability = defineAbility([membership('AGENT', 'org-mad')]);
    expect(() => accessibleBy(ability, 'read', 'Case', {})).toThrow(/no SQL column/);
  });
});
