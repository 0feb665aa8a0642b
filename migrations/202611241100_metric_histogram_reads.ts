import { type Kysely, sql } from 'kysely';

// A percentile reads, per organization and measure, the buckets of a few dozen cells. Keyed by
// (organization, measure, grain, start, bucket) with the count in the index, those buckets are one contiguous
// index range read without visiting the table (an index-only scan), where the first key spread them over the
// table's pages. The count in the index makes every count update a non-HOT update: a cost on case writes,
// measured in the README.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table metric_histograms drop constraint metric_histograms_pkey,
    add constraint metric_histograms_pkey primary key (organization_id, measure, grain, start, bucket) include (count)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table metric_histograms drop constraint metric_histograms_pkey,
    add constraint metric_histograms_pkey primary key (organization_id, grain, start, measure, bucket)`.execute(db);
}
