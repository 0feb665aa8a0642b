
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
    "ChangePasswordResult": [
      "ChangePasswordPayload",
      "ForbiddenError",
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
    "CreateOrganizationResult": [
      "CreateOrganizationPayload",
      "ForbiddenError",
      "NotFoundError",
      "ValidationError"
    ],
    "DeactivateOrganizationResult": [
      "DeactivateOrganizationPayload",
      "ForbiddenError",
      "NotFoundError",
      "ValidationError"
    ],
    "DeactivateUserResult": [
      "DeactivateUserPayload",
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
    "GrantRoleResult": [
      "ForbiddenError",
      "GrantRolePayload",
      "NotFoundError",
      "ValidationError"
    ],
    "InviteUserResult": [
      "ForbiddenError",
      "InviteUserPayload",
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
    "MoveOrganizationResult": [
      "ForbiddenError",
      "MoveOrganizationPayload",
      "NotFoundError",
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
    "ReactivateOrganizationResult": [
      "ForbiddenError",
      "NotFoundError",
      "ReactivateOrganizationPayload",
      "ValidationError"
    ],
    "ReactivateUserResult": [
      "ForbiddenError",
      "NotFoundError",
      "ReactivateUserPayload",
      "ValidationError"
    ],
    "ReissueInvitationResult": [
      "ForbiddenError",
      "NotFoundError",
      "ReissueInvitationPayload",
      "ValidationError"
    ],
    "ReviewCaseResult": [
      "ConflictError",
      "ForbiddenError",
      "NotFoundError",
      "ReviewCasePayload",
      "ValidationError"
    ],
    "RevokeRoleResult": [
      "ForbiddenError",
      "NotFoundError",
      "RevokeRolePayload",
      "ValidationError"
    ],
    "RevokeUserSessionsResult": [
      "ForbiddenError",
      "NotFoundError",
      "RevokeUserSessionsPayload",
      "ValidationError"
    ],
    "SetBusinessCalendarResult": [
      "ForbiddenError",
      "NotFoundError",
      "SetBusinessCalendarPayload",
      "ValidationError"
    ],
    "SetInboundEmailAddressesResult": [
      "ForbiddenError",
      "NotFoundError",
      "SetInboundEmailAddressesPayload",
      "ValidationError"
    ],
    "SetPasswordResult": [
      "SetPasswordPayload",
      "ValidationError"
    ],
    "SetSlaPolicyResult": [
      "ForbiddenError",
      "NotFoundError",
      "SetSlaPolicyPayload",
      "ValidationError"
    ],
    "SubmitContactFormResult": [
      "NotFoundError",
      "SubmitContactFormPayload",
      "ValidationError"
    ],
    "TransferCaseResult": [
      "ConflictError",
      "ForbiddenError",
      "NotFoundError",
      "TransferCasePayload",
      "ValidationError"
    ],
    "UpdateOrganizationResult": [
      "ForbiddenError",
      "NotFoundError",
      "UpdateOrganizationPayload",
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
    "ChangePasswordResult": [
      "ChangePasswordPayload",
      "ForbiddenError",
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
    "CreateOrganizationResult": [
      "CreateOrganizationPayload",
      "ForbiddenError",
      "NotFoundError",
      "ValidationError"
    ],
    "DeactivateOrganizationResult": [
      "DeactivateOrganizationPayload",
      "ForbiddenError",
      "NotFoundError",
      "ValidationError"
    ],
    "DeactivateUserResult": [
      "DeactivateUserPayload",
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
    "GrantRoleResult": [
      "ForbiddenError",
      "GrantRolePayload",
      "NotFoundError",
      "ValidationError"
    ],
    "InviteUserResult": [
      "ForbiddenError",
      "InviteUserPayload",
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
    "MoveOrganizationResult": [
      "ForbiddenError",
      "MoveOrganizationPayload",
      "NotFoundError",
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
    "ReactivateOrganizationResult": [
      "ForbiddenError",
      "NotFoundError",
      "ReactivateOrganizationPayload",
      "ValidationError"
    ],
    "ReactivateUserResult": [
      "ForbiddenError",
      "NotFoundError",
      "ReactivateUserPayload",
      "ValidationError"
    ],
    "ReissueInvitationResult": [
      "ForbiddenError",
      "NotFoundError",
      "ReissueInvitationPayload",
      "ValidationError"
    ],
    "ReviewCaseResult": [
      "ConflictError",
      "ForbiddenError",
      "NotFoundError",
      "ReviewCasePayload",
      "ValidationError"
    ],
    "RevokeRoleResult": [
      "ForbiddenError",
      "NotFoundError",
      "RevokeRolePayload",
      "ValidationError"
    ],
    "RevokeUserSessionsResult": [
      "ForbiddenError",
      "NotFoundError",
      "RevokeUserSessionsPayload",
      "ValidationError"
    ],
    "SetBusinessCalendarResult": [
      "ForbiddenError",
      "NotFoundError",
      "SetBusinessCalendarPayload",
      "ValidationError"
    ],
    "SetInboundEmailAddressesResult": [
      "ForbiddenError",
      "NotFoundError",
      "SetInboundEmailAddressesPayload",
      "ValidationError"
    ],
    "SetPasswordResult": [
      "SetPasswordPayload",
      "ValidationError"
    ],
    "SetSlaPolicyResult": [
      "ForbiddenError",
      "NotFoundError",
      "SetSlaPolicyPayload",
      "ValidationError"
    ],
    "SubmitContactFormResult": [
      "NotFoundError",
      "SubmitContactFormPayload",
      "ValidationError"
    ],
    "TransferCaseResult": [
      "ConflictError",
      "ForbiddenError",
      "NotFoundError",
      "TransferCasePayload",
      "ValidationError"
    ],
    "UpdateOrganizationResult": [
      "ForbiddenError",
      "NotFoundError",
      "UpdateOrganizationPayload",
      "ValidationError"
    ]
  }
};
      export default result;
    