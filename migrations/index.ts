import type { Migration } from 'kysely';
import * as organizations from './202611221000_organizations.js';
import * as usersAndSessions from './202611221010_users_and_sessions.js';
import * as customers from './202611221020_customers.js';
import * as cases from './202611221030_cases.js';
import * as caseEventLogOrder from './202611230900_case_event_log_order.js';
import * as slaSettings from './202611231000_sla_settings.js';
import * as slaRunningCasesIndex from './202611231001_sla_running_cases_index.js';
import * as passwordTokens from './202611231100_password_tokens.js';
import * as caseVisibilityFromTree from './202611231101_case_visibility_from_tree.js';
import * as adminChanges from './202611231102_admin_changes.js';
import * as rateLimits from './202611231200_rate_limits.js';
import * as caseEventActorRole from './202611231500_case_event_actor_role.js';
import * as caseTextSearch from './202611231600_case_text_search.js';
import * as channels from './202611231700_channels.js';
import * as caseFigures from './202611231800_case_figures.js';
import * as metricRollups from './202611240900_metric_rollups.js';
import * as metricRollupWeeksHours from './202611241000_metric_rollup_weeks_hours.js';
import * as metricHistogramReads from './202611241100_metric_histogram_reads.js';
import * as metricBacklog from './202611241200_metric_backlog.js';

/** Every migration by name, in order. A new migration is a new file and a new line here. */
export const migrations: Record<string, Migration> = {
  '202611221000_organizations': organizations,
  '202611221010_users_and_sessions': usersAndSessions,
  '202611221020_customers': customers,
  '202611221030_cases': cases,
  '202611230900_case_event_log_order': caseEventLogOrder,
  '202611231000_sla_settings': slaSettings,
  '202611231001_sla_running_cases_index': slaRunningCasesIndex,
  '202611231100_password_tokens': passwordTokens,
  '202611231101_case_visibility_from_tree': caseVisibilityFromTree,
  '202611231102_admin_changes': adminChanges,
  '202611231200_rate_limits': rateLimits,
  '202611231500_case_event_actor_role': caseEventActorRole,
  '202611231600_case_text_search': caseTextSearch,
  '202611231700_channels': channels,
  '202611231800_case_figures': caseFigures,
  '202611240900_metric_rollups': metricRollups,
  '202611241000_metric_rollup_weeks_hours': metricRollupWeeksHours,
  '202611241100_metric_histogram_reads': metricHistogramReads,
  '202611241200_metric_backlog': metricBacklog,
};
