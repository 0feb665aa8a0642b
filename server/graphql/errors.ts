/** Failures a user can fix. Each becomes a GraphQL type implementing `Error`. */
export class DomainError extends Error {}

export interface FieldError {
  path: string[];
  message: string;
}

export class ValidationError extends DomainError {
  constructor(
    public readonly fieldErrors: FieldError[],
    message = fieldErrors.map((e) => `${e.path.join('.')}: ${e.message}`).join('; ') || 'Invalid input',
  ) {
    super(message);
  }

  static field(path: string | string[], message: string): ValidationError {
    return new ValidationError([{ path: Array.isArray(path) ? path : path.split('.'), message }]);
  }
}

/** Also what a viewer gets for something that exists but that they may not see. */
export class NotFoundError extends DomainError {
  constructor(what = 'Case') {
    super(`${what} not found`);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You may see this but not change it') {
    super(message);
  }
}

export class ConflictError extends DomainError {
  constructor(public readonly currentVersion: number) {
    super(`The case changed meanwhile (now at version ${currentVersion}); reload and try again`);
  }
}

export class InvalidTransitionError extends DomainError {
  constructor(
    public readonly from: string,
    public readonly to: string,
  ) {
    super(`A case cannot go from ${from} to ${to}`);
  }
}

export class InvalidCredentialsError extends DomainError {
  constructor() {
    super('Wrong e-mail or password');
  }
}
