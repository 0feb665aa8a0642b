import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder.js';
import './error-types.js';
import '../organizations/organization.graphql.js';
import '../auth/user.graphql.js';

export const schema = lexicographicSortSchema(builder.toSchema());
