import { type Kysely, sql } from 'kysely';

// `cases.visible_to` is derived data: every ancestor-or-self, in the tree as it
// is now, of every organization that has held the case (`holder_ids`). The
// database derives it whenever a case is inserted or its holders change, and a
// move of a subtree re-derives it (`set holder_ids = holder_ids`) in the moving
// transaction. Writers that read an organization's path before their own
// transaction (opening, transferring) can then never store a path that a
// concurrent move has just replaced: the trigger reads the tree inside the
// writing statement, after the move's lock on `cases` was released.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function cases_derive_visible_to() returns trigger language plpgsql as $$
    begin
      new.visible_to := array(
        select distinct ancestor
        from organizations, unnest(organizations.path) as ancestor
        where organizations.id = any(new.holder_ids)
        order by ancestor
      );
      return new;
    end
    $$`.execute(db);
  await sql`
    create trigger cases_visible_to_from_tree before insert or update of holder_ids on cases
    for each row execute function cases_derive_visible_to()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger cases_visible_to_from_tree on cases`.execute(db);
  await sql`drop function cases_derive_visible_to()`.execute(db);
}
