
      export type PossibleTypesResultData = {
  "possibleTypes": {
    "AddCaseNoteResult": [
      "AddCaseNotePayload",
      "ConflictError",
      "ForbiddenError",
      "NotFoundError",
      "ValidationError"
    ],
    "AssignCaseResult": [
      "AssignCasePayload",
      "ConflictError",
      "ForbiddenError",
      "NotFoundError",
      "ValidationError"
    ],
    "ChangeCasePriorityResult": [
      "ChangeCasePriorityPayload",
      "ConflictError",
      "ForbiddenError",
      "NotFoundError",
      "ValidationError"
    ],
    "ChangeCaseStatusResult": [
      "ChangeCaseStatusPayload",
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "ValidationError"
    ],
    "ClearBusinessCalendarResult": [
      "ClearBusinessCalendarPayload",
      "ForbiddenError",
      "NotFoundError",
      "ValidationError"
    ],
    "ClearSlaPolicyResult": [
      "ClearSlaPolicyPayload",
      "ForbiddenError",
      "NotFoundError",
      "ValidationError"
    ],
    "Error": [
      "ConflictError",
      "ForbiddenError",
      "InvalidCredentialsError",
      "InvalidTransitionError",
      "NotFoundError",
      "ValidationError"
    ],
    "EscalateCaseResult": [
      "ConflictError",
      "EscalateCasePayload",
      "ForbiddenError",
      "NotFoundError",
      "ValidationError"
    ],
    "LogCaseContactResult": [
      "ConflictError",
      "ForbiddenError",
      "LogCaseContactPayload",
      "NotFoundError",
      "ValidationError"
    ],
    "LoginResult": [
      "InvalidCredentialsError",
      "LoginPayload",
      "ValidationError"
    ],
    "Node": [
      "Case",
      "CaseEvent",
      "Organization",
      "User"
    ],
    "OpenCaseResult": [
      "ConflictError",
      "ForbiddenError",
      "NotFoundError",
      "OpenCasePayload",
      "ValidationError"
    ],
    "SetBusinessCalendarResult": [
      "ForbiddenError",
      "NotFoundError",
      "SetBusinessCalendarPayload",
      "ValidationError"
    ],
    "SetSlaPolicyResult": [
      "ForbiddenError",
      "NotFoundError",
      "SetSlaPolicyPayload",
      "ValidationError"
    ],
    "TransferCaseResult": [
      "ConflictError",
      "ForbiddenError",
      "NotFoundError",
      "TransferCasePayload",
      "ValidationError"
    ]
  }
};
      const result: PossibleTypesResultData = {
  "possibleTypes": {
    "AddCaseNoteResult": [
      "AddCaseNotePayload",
      "ConflictError",
      "ForbiddenError",
      "NotFoundError",
      "ValidationError"
    ],
    "AssignCaseResult": [
      "AssignCasePayload",
      "ConflictError",
      "ForbiddenError",
      "NotFoundError",
      "ValidationError"
    ],
    "ChangeCasePriorityResult": [
      "ChangeCasePriorityPayload",
      "ConflictError",
      "ForbiddenError",
      "NotFoundError",
      "ValidationError"
    ],
    "ChangeCaseStatusResult": [
      "ChangeCaseStatusPayload",
      "ConflictError",
      "ForbiddenError",
      "InvalidTransitionError",
      "NotFoundError",
      "ValidationError"
    ],
    "ClearBusinessCalendarResult": [
      "ClearBusinessCalendarPayload",
      "ForbiddenError",
      "NotFoundError",
      "ValidationError"
    ],
    "ClearSlaPolicyResult": [
      "ClearSlaPolicyPayload",
      "ForbiddenError",
      "NotFoundError",
      "ValidationError"
    ],
    "Error": [
      "ConflictError",
      "ForbiddenError",
      "InvalidCredentialsError",
      "InvalidTransitionError",
      "NotFoundError",
      "ValidationError"
    ],
    "EscalateCaseResult": [
      "ConflictError",
      "EscalateCasePayload",
      "ForbiddenError",
      "NotFoundError",
      "ValidationError"
    ],
    "LogCaseContactResult": [
      "ConflictError",
      "ForbiddenError",
      "LogCaseContactPayload",
      "NotFoundError",
      "ValidationError"
    ],
    "LoginResult": [
      "InvalidCredentialsError",
      "LoginPayload",
      "ValidationError"
    ],
    "Node": [
      "Case",
      "CaseEvent",
      "Organization",
      "User"
    ],
    "OpenCaseResult": [
      "ConflictError",
      "ForbiddenError",
      "NotFoundError",
      "OpenCasePayload",
      "ValidationError"
    ],
    "SetBusinessCalendarResult": [
      "ForbiddenError",
      "NotFoundError",
      "SetBusinessCalendarPayload",
      "ValidationError"
    ],
    "SetSlaPolicyResult": [
      "ForbiddenError",
      "NotFoundError",
      "SetSlaPolicyPayload",
      "ValidationError"
    ],
    "TransferCaseResult": [
      "ConflictError",
      "ForbiddenError",
      "NotFoundError",
      "TransferCasePayload",
      "ValidationError"
    ]
  }
};
      export default result;
    