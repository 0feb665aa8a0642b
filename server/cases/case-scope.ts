import type { FieldMap } from '../auth/scope.js';

/** How the CASL conditions on cases map to columns of `cases`. */
export const CASE_FIELDS: FieldMap = {
  visibleTo: { column: 'cases.visible_to', array: 'uuid[]' },
};
