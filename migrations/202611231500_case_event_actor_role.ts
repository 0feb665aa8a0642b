import { type Kysely, sql } from 'kysely';

// The role an actor acted in, as it was then: a viewer who may not see that
// branch's staff directory reads "AGENT at Madrid Centro" instead of a name.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table case_events add column actor_role text
      check (actor_role in ('AGENT', 'MANAGER', 'AUDITOR', 'ADMIN'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table case_events drop column actor_role`.execute(db);
}
