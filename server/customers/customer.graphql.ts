import type { CustomerRow } from '../db/schema.js';
import { builder } from '../graphql/builder.js';

/**
 * A customer of the brand. Staff reach one only through a case they may see,
 * so it is not a Node: there is no lookup by id that could bypass the case.
 */
export const CustomerRef = builder.objectRef<CustomerRow>('Customer').implement({
  description: 'The person a case is for; one record for the whole brand.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    email: t.exposeString('email', { nullable: true }),
    phone: t.exposeString('phone', { nullable: true, description: 'E.164, e.g. +34612345678.' }),
  }),
});
