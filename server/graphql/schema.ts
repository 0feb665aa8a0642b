import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder.js';
import './error-types.js';
import '../organizations/organization.graphql.js';
import '../auth/user.graphql.js';
import '../organizations/administration.graphql.js';
import '../auth/staff.graphql.js';
import '../customers/customer.graphql.js';
import '../cases/case.graphql.js';
import '../cases/escalation.graphql.js';
import '../cases/public-status.graphql.js';
import '../realtime/subscriptions.graphql.js';
import '../sla/sla.graphql.js';
import '../channels/channels.graphql.js';
import '../analytics/metrics.graphql.js';
import '../analytics/audit.graphql.js';

export const schema = lexicographicSortSchema(builder.toSchema());
