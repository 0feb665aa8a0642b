import { z } from 'zod';

/**
 * Text the database can store: PostgreSQL refuses the NUL character, so it is
 * bad input (a ValidationError on its field), never a failed statement.
 */
export const storableString = () => z.string().regex(/^[^\0]*$/, 'Contains a NUL character');
