import { builder } from './builder.js';
import { ConflictError, ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from './errors.js';

export const ErrorInterface = builder.interfaceRef<Error>('Error').implement({
  description: 'A failure the user can fix; mutations return it as a typed result.',
  fields: (t) => ({ message: t.exposeString('message') }),
});

const FieldErrorRef = builder.objectRef<{ path: string[]; message: string }>('FieldError').implement({
  description: 'What is wrong with one input field.',
  fields: (t) => ({
    path: t.exposeStringList('path', { description: 'Path of the field inside `input`, e.g. ["customer", "phone"].' }),
    message: t.exposeString('message'),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  description: 'The input was refused; nothing was stored.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ fieldErrors: t.field({ type: [FieldErrorRef], resolve: (e) => e.fieldErrors }) }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description: 'No such object, or one the viewer may not see (the two are never told apart).',
  interfaces: [ErrorInterface],
});

builder.objectType(ForbiddenError, {
  name: 'ForbiddenError',
  description: 'The viewer may see the object but not make this change.',
  interfaces: [ErrorInterface],
});

builder.objectType(ConflictError, {
  name: 'ConflictError',
  description: 'The case changed since the version the viewer saw; nothing was stored.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ currentVersion: t.exposeInt('currentVersion') }),
});

builder.objectType(InvalidTransitionError, {
  name: 'InvalidTransitionError',
  description: 'The status machine does not allow this move.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ from: t.exposeString('from'), to: t.exposeString('to') }),
});

/** The errors every case mutation may return. */
export const CASE_MUTATION_ERRORS = [ValidationError, NotFoundError, ForbiddenError, ConflictError];
