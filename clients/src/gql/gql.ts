/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment AdminOrganizationFields on Organization {\n    id\n    code\n    name\n    kind\n    timeZone\n    country\n    active\n    viewerCanAdminister\n    grantableRoles\n    parent {\n      id\n    }\n  }\n": typeof types.AdminOrganizationFieldsFragmentDoc,
    "\n  query AdminOrganizations {\n    organizations {\n      ...AdminOrganizationFields\n    }\n  }\n": typeof types.AdminOrganizationsDocument,
    "\n  fragment StaffMemberFields on User {\n    id\n    name\n    email\n    active\n    invitationPending\n    memberships {\n      role\n      organization {\n        id\n        code\n        name\n      }\n    }\n  }\n": typeof types.StaffMemberFieldsFragmentDoc,
    "\n  query OrganizationStaff($id: ID!, $after: String) {\n    node(id: $id) {\n      ... on Organization {\n        id\n        staff(first: 25, after: $after) {\n          totalCount\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n          edges {\n            node {\n              ...StaffMemberFields\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.OrganizationStaffDocument,
    "\n  query AdminChanges($first: Int!) {\n    adminChanges(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          action\n          at\n          actor {\n            id\n            name\n          }\n          user {\n            id\n            name\n            email\n          }\n          organization {\n            id\n            code\n            name\n          }\n          changes {\n            field\n            before\n            after\n          }\n        }\n      }\n    }\n  }\n": typeof types.AdminChangesDocument,
    "\n  fragment AdminErrorFields on Error {\n    __typename\n    message\n    ... on ValidationError {\n      fieldErrors {\n        path\n        message\n      }\n    }\n  }\n": typeof types.AdminErrorFieldsFragmentDoc,
    "\n  mutation CreateOrganization($input: CreateOrganizationInput!) {\n    createOrganization(input: $input) {\n      __typename\n      ... on CreateOrganizationPayload {\n        organization {\n          ...AdminOrganizationFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n": typeof types.CreateOrganizationDocument,
    "\n  mutation UpdateOrganization($input: UpdateOrganizationInput!) {\n    updateOrganization(input: $input) {\n      __typename\n      ... on UpdateOrganizationPayload {\n        organization {\n          ...AdminOrganizationFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n": typeof types.UpdateOrganizationDocument,
    "\n  mutation MoveOrganization($input: MoveOrganizationInput!) {\n    moveOrganization(input: $input) {\n      __typename\n      ... on MoveOrganizationPayload {\n        casesReindexed\n        organization {\n          ...AdminOrganizationFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n": typeof types.MoveOrganizationDocument,
    "\n  mutation DeactivateOrganization($input: DeactivateOrganizationInput!) {\n    deactivateOrganization(input: $input) {\n      __typename\n      ... on DeactivateOrganizationPayload {\n        organization {\n          ...AdminOrganizationFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n": typeof types.DeactivateOrganizationDocument,
    "\n  mutation ReactivateOrganization($input: ReactivateOrganizationInput!) {\n    reactivateOrganization(input: $input) {\n      __typename\n      ... on ReactivateOrganizationPayload {\n        organization {\n          ...AdminOrganizationFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n": typeof types.ReactivateOrganizationDocument,
    "\n  mutation InviteUser($input: InviteUserInput!) {\n    inviteUser(input: $input) {\n      __typename\n      ... on InviteUserPayload {\n        setPasswordToken\n        setPasswordTokenExpiresAt\n        user {\n          ...StaffMemberFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n": typeof types.InviteUserDocument,
    "\n  mutation ReissueInvitation($input: ReissueInvitationInput!) {\n    reissueInvitation(input: $input) {\n      __typename\n      ... on ReissueInvitationPayload {\n        setPasswordToken\n        setPasswordTokenExpiresAt\n        user {\n          ...StaffMemberFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n": typeof types.ReissueInvitationDocument,
    "\n  mutation GrantRole($input: GrantRoleInput!) {\n    grantRole(input: $input) {\n      __typename\n      ... on GrantRolePayload {\n        user {\n          ...StaffMemberFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n": typeof types.GrantRoleDocument,
    "\n  mutation RevokeRole($input: RevokeRoleInput!) {\n    revokeRole(input: $input) {\n      __typename\n      ... on RevokeRolePayload {\n        user {\n          ...StaffMemberFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n": typeof types.RevokeRoleDocument,
    "\n  mutation DeactivateUser($input: DeactivateUserInput!) {\n    deactivateUser(input: $input) {\n      __typename\n      ... on DeactivateUserPayload {\n        user {\n          ...StaffMemberFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n": typeof types.DeactivateUserDocument,
    "\n  mutation ReactivateUser($input: ReactivateUserInput!) {\n    reactivateUser(input: $input) {\n      __typename\n      ... on ReactivateUserPayload {\n        user {\n          ...StaffMemberFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n": typeof types.ReactivateUserDocument,
    "\n  mutation SetPassword($input: SetPasswordInput!) {\n    setPassword(input: $input) {\n      __typename\n      ... on SetPasswordPayload {\n        email\n      }\n      ...AdminErrorFields\n    }\n  }\n": typeof types.SetPasswordDocument,
    "\n  fragment ViewerFields on User {\n    id\n    name\n    email\n    memberships {\n      role\n      organization {\n        id\n        code\n        name\n        kind\n        timeZone\n        country\n      }\n    }\n  }\n": typeof types.ViewerFieldsFragmentDoc,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      __typename\n      ... on LoginPayload {\n        token\n        viewer {\n          ...ViewerFields\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation Logout {\n    logout\n  }\n": typeof types.LogoutDocument,
    "\n  query Viewer {\n    viewer {\n      ...ViewerFields\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  fragment CaseListFields on Case {\n    id\n    reference\n    subject\n    status\n    priority\n    channel\n    level\n    updatedAt\n    version\n    owner {\n      id\n      name\n      kind\n    }\n    customer {\n      id\n      name\n      phone\n      email\n    }\n    assignee {\n      id\n      name\n    }\n    sla {\n      breached\n      warning\n      paused\n      firstResponseDueAt\n      resolutionDueAt\n    }\n  }\n": typeof types.CaseListFieldsFragmentDoc,
    "\n  query Cases($filter: CaseFilter, $first: Int, $after: String) {\n    cases(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...CaseListFields\n        }\n      }\n    }\n  }\n": typeof types.CasesDocument,
    "\n  query CustomerByPhone($phone: String!) {\n    cases(filter: { customerPhone: $phone }, first: 1) {\n      totalCount\n      edges {\n        node {\n          id\n          customer {\n            id\n            name\n            email\n            phone\n          }\n        }\n      }\n    }\n  }\n": typeof types.CustomerByPhoneDocument,
    "\n  fragment CaseDetailFields on Case {\n    ...CaseListFields\n    accessCode\n    assigned\n    description\n    createdAt\n    resolvedAt\n    rating\n    originOrganization {\n      id\n      name\n      kind\n      code\n    }\n    owner {\n      id\n      code\n      name\n      kind\n      timeZone\n      parent {\n        id\n        name\n        kind\n      }\n    }\n    holders {\n      id\n      name\n      kind\n    }\n    sla {\n      firstResponse {\n        dueAt\n        leftMinutes\n        metAt\n      }\n      resolution {\n        dueAt\n        leftMinutes\n        metAt\n      }\n      holdings {\n        from\n        to\n        usedMinutes\n        organization {\n          id\n          name\n          kind\n        }\n      }\n    }\n  }\n": typeof types.CaseDetailFieldsFragmentDoc,
    "\n  query Case($reference: String!) {\n    case(reference: $reference) {\n      ...CaseDetailFields\n    }\n  }\n": typeof types.CaseDocument,
    "\n  query CaseTimeline($reference: String!) {\n    case(reference: $reference) {\n      id\n      events(first: 100) {\n        edges {\n          node {\n            id\n            type\n            at\n            body\n            channel\n            visibility\n            fromStatus\n            toStatus\n            score\n            actorRole\n            actor {\n              id\n              name\n            }\n            organization {\n              id\n              name\n            }\n            toOrganization {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.CaseTimelineDocument,
    "\n  subscription CaseUpdated($reference: String!) {\n    caseUpdated(reference: $reference) {\n      ...CaseDetailFields\n    }\n  }\n": typeof types.CaseUpdatedDocument,
    "\n  subscription CaseEvents($organizationId: ID, $after: ID) {\n    caseEvents(organizationId: $organizationId, after: $after) {\n      id\n      type\n      case {\n        id\n        reference\n      }\n    }\n  }\n": typeof types.CaseEventsDocument,
    "\n  query Organizations {\n    organizations {\n      id\n      code\n      name\n      kind\n      timeZone\n      parent {\n        id\n      }\n    }\n  }\n": typeof types.OrganizationsDocument,
    "\n  query OrganizationBacklog($ownerId: ID!) {\n    open: cases(filter: { ownerId: $ownerId, open: true }, first: 1) {\n      totalCount\n    }\n    breached: cases(filter: { ownerId: $ownerId, open: true, breached: true }, first: 1) {\n      totalCount\n    }\n    resolved: cases(filter: { ownerId: $ownerId, open: false }, first: 1) {\n      totalCount\n    }\n  }\n": typeof types.OrganizationBacklogDocument,
    "\n  fragment MutationErrorFields on Error {\n    __typename\n    message\n    ... on ValidationError {\n      fieldErrors {\n        path\n        message\n      }\n    }\n    ... on ConflictError {\n      currentVersion\n    }\n  }\n": typeof types.MutationErrorFieldsFragmentDoc,
    "\n  mutation OpenCase($input: OpenCaseInput!) {\n    openCase(input: $input) {\n      __typename\n      ... on OpenCasePayload {\n        case {\n          ...CaseDetailFields\n        }\n      }\n      ...MutationErrorFields\n    }\n  }\n": typeof types.OpenCaseDocument,
    "\n  mutation AssignCase($input: AssignCaseInput!) {\n    assignCase(input: $input) {\n      __typename\n      ... on AssignCasePayload {\n        case {\n          ...CaseDetailFields\n        }\n      }\n      ...MutationErrorFields\n    }\n  }\n": typeof types.AssignCaseDocument,
    "\n  mutation AddCaseNote($input: AddCaseNoteInput!) {\n    addCaseNote(input: $input) {\n      __typename\n      ... on AddCaseNotePayload {\n        case {\n          ...CaseDetailFields\n        }\n      }\n      ...MutationErrorFields\n    }\n  }\n": typeof types.AddCaseNoteDocument,
    "\n  mutation LogCaseContact($input: LogCaseContactInput!) {\n    logCaseContact(input: $input) {\n      __typename\n      ... on LogCaseContactPayload {\n        case {\n          ...CaseDetailFields\n        }\n      }\n      ...MutationErrorFields\n    }\n  }\n": typeof types.LogCaseContactDocument,
    "\n  mutation ChangeCaseStatus($input: ChangeCaseStatusInput!) {\n    changeCaseStatus(input: $input) {\n      __typename\n      ... on ChangeCaseStatusPayload {\n        case {\n          ...CaseDetailFields\n        }\n      }\n      ...MutationErrorFields\n    }\n  }\n": typeof types.ChangeCaseStatusDocument,
    "\n  mutation EscalateCase($input: EscalateCaseInput!) {\n    escalateCase(input: $input) {\n      __typename\n      ... on EscalateCasePayload {\n        case {\n          ...CaseDetailFields\n        }\n      }\n      ...MutationErrorFields\n    }\n  }\n": typeof types.EscalateCaseDocument,
    "\n  mutation TransferCase($input: TransferCaseInput!) {\n    transferCase(input: $input) {\n      __typename\n      ... on TransferCasePayload {\n        case {\n          ...CaseDetailFields\n        }\n      }\n      ...MutationErrorFields\n    }\n  }\n": typeof types.TransferCaseDocument,
    "\n  fragment PublicStatusFields on PublicCaseStatus {\n    reference\n    subject\n    status\n    level\n    organizationName\n    firstResponseDueAt\n    resolutionDueAt\n    updatedAt\n    canRate\n    rating\n    events {\n      type\n      body\n      channel\n      status\n      at\n    }\n  }\n": typeof types.PublicStatusFieldsFragmentDoc,
    "\n  query PublicCaseStatus($reference: String!, $accessCode: String!) {\n    publicCaseStatus(reference: $reference, accessCode: $accessCode) {\n      ...PublicStatusFields\n    }\n  }\n": typeof types.PublicCaseStatusDocument,
    "\n  mutation AddPublicMessage($input: AddPublicMessageInput!) {\n    addPublicMessage(input: $input) {\n      ...PublicStatusFields\n    }\n  }\n": typeof types.AddPublicMessageDocument,
    "\n  mutation RateCase($input: RateCaseInput!) {\n    rateCase(input: $input) {\n      ...PublicStatusFields\n    }\n  }\n": typeof types.RateCaseDocument,
};
const documents: Documents = {
    "\n  fragment AdminOrganizationFields on Organization {\n    id\n    code\n    name\n    kind\n    timeZone\n    country\n    active\n    viewerCanAdminister\n    grantableRoles\n    parent {\n      id\n    }\n  }\n": types.AdminOrganizationFieldsFragmentDoc,
    "\n  query AdminOrganizations {\n    organizations {\n      ...AdminOrganizationFields\n    }\n  }\n": types.AdminOrganizationsDocument,
    "\n  fragment StaffMemberFields on User {\n    id\n    name\n    email\n    active\n    invitationPending\n    memberships {\n      role\n      organization {\n        id\n        code\n        name\n      }\n    }\n  }\n": types.StaffMemberFieldsFragmentDoc,
    "\n  query OrganizationStaff($id: ID!, $after: String) {\n    node(id: $id) {\n      ... on Organization {\n        id\n        staff(first: 25, after: $after) {\n          totalCount\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n          edges {\n            node {\n              ...StaffMemberFields\n            }\n          }\n        }\n      }\n    }\n  }\n": types.OrganizationStaffDocument,
    "\n  query AdminChanges($first: Int!) {\n    adminChanges(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          action\n          at\n          actor {\n            id\n            name\n          }\n          user {\n            id\n            name\n            email\n          }\n          organization {\n            id\n            code\n            name\n          }\n          changes {\n            field\n            before\n            after\n          }\n        }\n      }\n    }\n  }\n": types.AdminChangesDocument,
    "\n  fragment AdminErrorFields on Error {\n    __typename\n    message\n    ... on ValidationError {\n      fieldErrors {\n        path\n        message\n      }\n    }\n  }\n": types.AdminErrorFieldsFragmentDoc,
    "\n  mutation CreateOrganization($input: CreateOrganizationInput!) {\n    createOrganization(input: $input) {\n      __typename\n      ... on CreateOrganizationPayload {\n        organization {\n          ...AdminOrganizationFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n": types.CreateOrganizationDocument,
    "\n  mutation UpdateOrganization($input: UpdateOrganizationInput!) {\n    updateOrganization(input: $input) {\n      __typename\n      ... on UpdateOrganizationPayload {\n        organization {\n          ...AdminOrganizationFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n": types.UpdateOrganizationDocument,
    "\n  mutation MoveOrganization($input: MoveOrganizationInput!) {\n    moveOrganization(input: $input) {\n      __typename\n      ... on MoveOrganizationPayload {\n        casesReindexed\n        organization {\n          ...AdminOrganizationFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n": types.MoveOrganizationDocument,
    "\n  mutation DeactivateOrganization($input: DeactivateOrganizationInput!) {\n    deactivateOrganization(input: $input) {\n      __typename\n      ... on DeactivateOrganizationPayload {\n        organization {\n          ...AdminOrganizationFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n": types.DeactivateOrganizationDocument,
    "\n  mutation ReactivateOrganization($input: ReactivateOrganizationInput!) {\n    reactivateOrganization(input: $input) {\n      __typename\n      ... on ReactivateOrganizationPayload {\n        organization {\n          ...AdminOrganizationFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n": types.ReactivateOrganizationDocument,
    "\n  mutation InviteUser($input: InviteUserInput!) {\n    inviteUser(input: $input) {\n      __typename\n      ... on InviteUserPayload {\n        setPasswordToken\n        setPasswordTokenExpiresAt\n        user {\n          ...StaffMemberFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n": types.InviteUserDocument,
    "\n  mutation ReissueInvitation($input: ReissueInvitationInput!) {\n    reissueInvitation(input: $input) {\n      __typename\n      ... on ReissueInvitationPayload {\n        setPasswordToken\n        setPasswordTokenExpiresAt\n        user {\n          ...StaffMemberFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n": types.ReissueInvitationDocument,
    "\n  mutation GrantRole($input: GrantRoleInput!) {\n    grantRole(input: $input) {\n      __typename\n      ... on GrantRolePayload {\n        user {\n          ...StaffMemberFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n": types.GrantRoleDocument,
    "\n  mutation RevokeRole($input: RevokeRoleInput!) {\n    revokeRole(input: $input) {\n      __typename\n      ... on RevokeRolePayload {\n        user {\n          ...StaffMemberFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n": types.RevokeRoleDocument,
    "\n  mutation DeactivateUser($input: DeactivateUserInput!) {\n    deactivateUser(input: $input) {\n      __typename\n      ... on DeactivateUserPayload {\n        user {\n          ...StaffMemberFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n": types.DeactivateUserDocument,
    "\n  mutation ReactivateUser($input: ReactivateUserInput!) {\n    reactivateUser(input: $input) {\n      __typename\n      ... on ReactivateUserPayload {\n        user {\n          ...StaffMemberFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n": types.ReactivateUserDocument,
    "\n  mutation SetPassword($input: SetPasswordInput!) {\n    setPassword(input: $input) {\n      __typename\n      ... on SetPasswordPayload {\n        email\n      }\n      ...AdminErrorFields\n    }\n  }\n": types.SetPasswordDocument,
    "\n  fragment ViewerFields on User {\n    id\n    name\n    email\n    memberships {\n      role\n      organization {\n        id\n        code\n        name\n        kind\n        timeZone\n        country\n      }\n    }\n  }\n": types.ViewerFieldsFragmentDoc,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      __typename\n      ... on LoginPayload {\n        token\n        viewer {\n          ...ViewerFields\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.LoginDocument,
    "\n  mutation Logout {\n    logout\n  }\n": types.LogoutDocument,
    "\n  query Viewer {\n    viewer {\n      ...ViewerFields\n    }\n  }\n": types.ViewerDocument,
    "\n  fragment CaseListFields on Case {\n    id\n    reference\n    subject\n    status\n    priority\n    channel\n    level\n    updatedAt\n    version\n    owner {\n      id\n      name\n      kind\n    }\n    customer {\n      id\n      name\n      phone\n      email\n    }\n    assignee {\n      id\n      name\n    }\n    sla {\n      breached\n      warning\n      paused\n      firstResponseDueAt\n      resolutionDueAt\n    }\n  }\n": types.CaseListFieldsFragmentDoc,
    "\n  query Cases($filter: CaseFilter, $first: Int, $after: String) {\n    cases(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...CaseListFields\n        }\n      }\n    }\n  }\n": types.CasesDocument,
    "\n  query CustomerByPhone($phone: String!) {\n    cases(filter: { customerPhone: $phone }, first: 1) {\n      totalCount\n      edges {\n        node {\n          id\n          customer {\n            id\n            name\n            email\n            phone\n          }\n        }\n      }\n    }\n  }\n": types.CustomerByPhoneDocument,
    "\n  fragment CaseDetailFields on Case {\n    ...CaseListFields\n    accessCode\n    assigned\n    description\n    createdAt\n    resolvedAt\n    rating\n    originOrganization {\n      id\n      name\n      kind\n      code\n    }\n    owner {\n      id\n      code\n      name\n      kind\n      timeZone\n      parent {\n        id\n        name\n        kind\n      }\n    }\n    holders {\n      id\n      name\n      kind\n    }\n    sla {\n      firstResponse {\n        dueAt\n        leftMinutes\n        metAt\n      }\n      resolution {\n        dueAt\n        leftMinutes\n        metAt\n      }\n      holdings {\n        from\n        to\n        usedMinutes\n        organization {\n          id\n          name\n          kind\n        }\n      }\n    }\n  }\n": types.CaseDetailFieldsFragmentDoc,
    "\n  query Case($reference: String!) {\n    case(reference: $reference) {\n      ...CaseDetailFields\n    }\n  }\n": types.CaseDocument,
    "\n  query CaseTimeline($reference: String!) {\n    case(reference: $reference) {\n      id\n      events(first: 100) {\n        edges {\n          node {\n            id\n            type\n            at\n            body\n            channel\n            visibility\n            fromStatus\n            toStatus\n            score\n            actorRole\n            actor {\n              id\n              name\n            }\n            organization {\n              id\n              name\n            }\n            toOrganization {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n": types.CaseTimelineDocument,
    "\n  subscription CaseUpdated($reference: String!) {\n    caseUpdated(reference: $reference) {\n      ...CaseDetailFields\n    }\n  }\n": types.CaseUpdatedDocument,
    "\n  subscription CaseEvents($organizationId: ID, $after: ID) {\n    caseEvents(organizationId: $organizationId, after: $after) {\n      id\n      type\n      case {\n        id\n        reference\n      }\n    }\n  }\n": types.CaseEventsDocument,
    "\n  query Organizations {\n    organizations {\n      id\n      code\n      name\n      kind\n      timeZone\n      parent {\n        id\n      }\n    }\n  }\n": types.OrganizationsDocument,
    "\n  query OrganizationBacklog($ownerId: ID!) {\n    open: cases(filter: { ownerId: $ownerId, open: true }, first: 1) {\n      totalCount\n    }\n    breached: cases(filter: { ownerId: $ownerId, open: true, breached: true }, first: 1) {\n      totalCount\n    }\n    resolved: cases(filter: { ownerId: $ownerId, open: false }, first: 1) {\n      totalCount\n    }\n  }\n": types.OrganizationBacklogDocument,
    "\n  fragment MutationErrorFields on Error {\n    __typename\n    message\n    ... on ValidationError {\n      fieldErrors {\n        path\n        message\n      }\n    }\n    ... on ConflictError {\n      currentVersion\n    }\n  }\n": types.MutationErrorFieldsFragmentDoc,
    "\n  mutation OpenCase($input: OpenCaseInput!) {\n    openCase(input: $input) {\n      __typename\n      ... on OpenCasePayload {\n        case {\n          ...CaseDetailFields\n        }\n      }\n      ...MutationErrorFields\n    }\n  }\n": types.OpenCaseDocument,
    "\n  mutation AssignCase($input: AssignCaseInput!) {\n    assignCase(input: $input) {\n      __typename\n      ... on AssignCasePayload {\n        case {\n          ...CaseDetailFields\n        }\n      }\n      ...MutationErrorFields\n    }\n  }\n": types.AssignCaseDocument,
    "\n  mutation AddCaseNote($input: AddCaseNoteInput!) {\n    addCaseNote(input: $input) {\n      __typename\n      ... on AddCaseNotePayload {\n        case {\n          ...CaseDetailFields\n        }\n      }\n      ...MutationErrorFields\n    }\n  }\n": types.AddCaseNoteDocument,
    "\n  mutation LogCaseContact($input: LogCaseContactInput!) {\n    logCaseContact(input: $input) {\n      __typename\n      ... on LogCaseContactPayload {\n        case {\n          ...CaseDetailFields\n        }\n      }\n      ...MutationErrorFields\n    }\n  }\n": types.LogCaseContactDocument,
    "\n  mutation ChangeCaseStatus($input: ChangeCaseStatusInput!) {\n    changeCaseStatus(input: $input) {\n      __typename\n      ... on ChangeCaseStatusPayload {\n        case {\n          ...CaseDetailFields\n        }\n      }\n      ...MutationErrorFields\n    }\n  }\n": types.ChangeCaseStatusDocument,
    "\n  mutation EscalateCase($input: EscalateCaseInput!) {\n    escalateCase(input: $input) {\n      __typename\n      ... on EscalateCasePayload {\n        case {\n          ...CaseDetailFields\n        }\n      }\n      ...MutationErrorFields\n    }\n  }\n": types.EscalateCaseDocument,
    "\n  mutation TransferCase($input: TransferCaseInput!) {\n    transferCase(input: $input) {\n      __typename\n      ... on TransferCasePayload {\n        case {\n          ...CaseDetailFields\n        }\n      }\n      ...MutationErrorFields\n    }\n  }\n": types.TransferCaseDocument,
    "\n  fragment PublicStatusFields on PublicCaseStatus {\n    reference\n    subject\n    status\n    level\n    organizationName\n    firstResponseDueAt\n    resolutionDueAt\n    updatedAt\n    canRate\n    rating\n    events {\n      type\n      body\n      channel\n      status\n      at\n    }\n  }\n": types.PublicStatusFieldsFragmentDoc,
    "\n  query PublicCaseStatus($reference: String!, $accessCode: String!) {\n    publicCaseStatus(reference: $reference, accessCode: $accessCode) {\n      ...PublicStatusFields\n    }\n  }\n": types.PublicCaseStatusDocument,
    "\n  mutation AddPublicMessage($input: AddPublicMessageInput!) {\n    addPublicMessage(input: $input) {\n      ...PublicStatusFields\n    }\n  }\n": types.AddPublicMessageDocument,
    "\n  mutation RateCase($input: RateCaseInput!) {\n    rateCase(input: $input) {\n      ...PublicStatusFields\n    }\n  }\n": types.RateCaseDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AdminOrganizationFields on Organization {\n    id\n    code\n    name\n    kind\n    timeZone\n    country\n    active\n    viewerCanAdminister\n    grantableRoles\n    parent {\n      id\n    }\n  }\n"): (typeof documents)["\n  fragment AdminOrganizationFields on Organization {\n    id\n    code\n    name\n    kind\n    timeZone\n    country\n    active\n    viewerCanAdminister\n    grantableRoles\n    parent {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminOrganizations {\n    organizations {\n      ...AdminOrganizationFields\n    }\n  }\n"): (typeof documents)["\n  query AdminOrganizations {\n    organizations {\n      ...AdminOrganizationFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment StaffMemberFields on User {\n    id\n    name\n    email\n    active\n    invitationPending\n    memberships {\n      role\n      organization {\n        id\n        code\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment StaffMemberFields on User {\n    id\n    name\n    email\n    active\n    invitationPending\n    memberships {\n      role\n      organization {\n        id\n        code\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OrganizationStaff($id: ID!, $after: String) {\n    node(id: $id) {\n      ... on Organization {\n        id\n        staff(first: 25, after: $after) {\n          totalCount\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n          edges {\n            node {\n              ...StaffMemberFields\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query OrganizationStaff($id: ID!, $after: String) {\n    node(id: $id) {\n      ... on Organization {\n        id\n        staff(first: 25, after: $after) {\n          totalCount\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n          edges {\n            node {\n              ...StaffMemberFields\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminChanges($first: Int!) {\n    adminChanges(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          action\n          at\n          actor {\n            id\n            name\n          }\n          user {\n            id\n            name\n            email\n          }\n          organization {\n            id\n            code\n            name\n          }\n          changes {\n            field\n            before\n            after\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AdminChanges($first: Int!) {\n    adminChanges(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          action\n          at\n          actor {\n            id\n            name\n          }\n          user {\n            id\n            name\n            email\n          }\n          organization {\n            id\n            code\n            name\n          }\n          changes {\n            field\n            before\n            after\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AdminErrorFields on Error {\n    __typename\n    message\n    ... on ValidationError {\n      fieldErrors {\n        path\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment AdminErrorFields on Error {\n    __typename\n    message\n    ... on ValidationError {\n      fieldErrors {\n        path\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateOrganization($input: CreateOrganizationInput!) {\n    createOrganization(input: $input) {\n      __typename\n      ... on CreateOrganizationPayload {\n        organization {\n          ...AdminOrganizationFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateOrganization($input: CreateOrganizationInput!) {\n    createOrganization(input: $input) {\n      __typename\n      ... on CreateOrganizationPayload {\n        organization {\n          ...AdminOrganizationFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateOrganization($input: UpdateOrganizationInput!) {\n    updateOrganization(input: $input) {\n      __typename\n      ... on UpdateOrganizationPayload {\n        organization {\n          ...AdminOrganizationFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateOrganization($input: UpdateOrganizationInput!) {\n    updateOrganization(input: $input) {\n      __typename\n      ... on UpdateOrganizationPayload {\n        organization {\n          ...AdminOrganizationFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MoveOrganization($input: MoveOrganizationInput!) {\n    moveOrganization(input: $input) {\n      __typename\n      ... on MoveOrganizationPayload {\n        casesReindexed\n        organization {\n          ...AdminOrganizationFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n"): (typeof documents)["\n  mutation MoveOrganization($input: MoveOrganizationInput!) {\n    moveOrganization(input: $input) {\n      __typename\n      ... on MoveOrganizationPayload {\n        casesReindexed\n        organization {\n          ...AdminOrganizationFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeactivateOrganization($input: DeactivateOrganizationInput!) {\n    deactivateOrganization(input: $input) {\n      __typename\n      ... on DeactivateOrganizationPayload {\n        organization {\n          ...AdminOrganizationFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n"): (typeof documents)["\n  mutation DeactivateOrganization($input: DeactivateOrganizationInput!) {\n    deactivateOrganization(input: $input) {\n      __typename\n      ... on DeactivateOrganizationPayload {\n        organization {\n          ...AdminOrganizationFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReactivateOrganization($input: ReactivateOrganizationInput!) {\n    reactivateOrganization(input: $input) {\n      __typename\n      ... on ReactivateOrganizationPayload {\n        organization {\n          ...AdminOrganizationFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n"): (typeof documents)["\n  mutation ReactivateOrganization($input: ReactivateOrganizationInput!) {\n    reactivateOrganization(input: $input) {\n      __typename\n      ... on ReactivateOrganizationPayload {\n        organization {\n          ...AdminOrganizationFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation InviteUser($input: InviteUserInput!) {\n    inviteUser(input: $input) {\n      __typename\n      ... on InviteUserPayload {\n        setPasswordToken\n        setPasswordTokenExpiresAt\n        user {\n          ...StaffMemberFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n"): (typeof documents)["\n  mutation InviteUser($input: InviteUserInput!) {\n    inviteUser(input: $input) {\n      __typename\n      ... on InviteUserPayload {\n        setPasswordToken\n        setPasswordTokenExpiresAt\n        user {\n          ...StaffMemberFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReissueInvitation($input: ReissueInvitationInput!) {\n    reissueInvitation(input: $input) {\n      __typename\n      ... on ReissueInvitationPayload {\n        setPasswordToken\n        setPasswordTokenExpiresAt\n        user {\n          ...StaffMemberFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n"): (typeof documents)["\n  mutation ReissueInvitation($input: ReissueInvitationInput!) {\n    reissueInvitation(input: $input) {\n      __typename\n      ... on ReissueInvitationPayload {\n        setPasswordToken\n        setPasswordTokenExpiresAt\n        user {\n          ...StaffMemberFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation GrantRole($input: GrantRoleInput!) {\n    grantRole(input: $input) {\n      __typename\n      ... on GrantRolePayload {\n        user {\n          ...StaffMemberFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n"): (typeof documents)["\n  mutation GrantRole($input: GrantRoleInput!) {\n    grantRole(input: $input) {\n      __typename\n      ... on GrantRolePayload {\n        user {\n          ...StaffMemberFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeRole($input: RevokeRoleInput!) {\n    revokeRole(input: $input) {\n      __typename\n      ... on RevokeRolePayload {\n        user {\n          ...StaffMemberFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeRole($input: RevokeRoleInput!) {\n    revokeRole(input: $input) {\n      __typename\n      ... on RevokeRolePayload {\n        user {\n          ...StaffMemberFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeactivateUser($input: DeactivateUserInput!) {\n    deactivateUser(input: $input) {\n      __typename\n      ... on DeactivateUserPayload {\n        user {\n          ...StaffMemberFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n"): (typeof documents)["\n  mutation DeactivateUser($input: DeactivateUserInput!) {\n    deactivateUser(input: $input) {\n      __typename\n      ... on DeactivateUserPayload {\n        user {\n          ...StaffMemberFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReactivateUser($input: ReactivateUserInput!) {\n    reactivateUser(input: $input) {\n      __typename\n      ... on ReactivateUserPayload {\n        user {\n          ...StaffMemberFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n"): (typeof documents)["\n  mutation ReactivateUser($input: ReactivateUserInput!) {\n    reactivateUser(input: $input) {\n      __typename\n      ... on ReactivateUserPayload {\n        user {\n          ...StaffMemberFields\n        }\n      }\n      ...AdminErrorFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetPassword($input: SetPasswordInput!) {\n    setPassword(input: $input) {\n      __typename\n      ... on SetPasswordPayload {\n        email\n      }\n      ...AdminErrorFields\n    }\n  }\n"): (typeof documents)["\n  mutation SetPassword($input: SetPasswordInput!) {\n    setPassword(input: $input) {\n      __typename\n      ... on SetPasswordPayload {\n        email\n      }\n      ...AdminErrorFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ViewerFields on User {\n    id\n    name\n    email\n    memberships {\n      role\n      organization {\n        id\n        code\n        name\n        kind\n        timeZone\n        country\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment ViewerFields on User {\n    id\n    name\n    email\n    memberships {\n      role\n      organization {\n        id\n        code\n        name\n        kind\n        timeZone\n        country\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      __typename\n      ... on LoginPayload {\n        token\n        viewer {\n          ...ViewerFields\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      __typename\n      ... on LoginPayload {\n        token\n        viewer {\n          ...ViewerFields\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout {\n    logout\n  }\n"): (typeof documents)["\n  mutation Logout {\n    logout\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    viewer {\n      ...ViewerFields\n    }\n  }\n"): (typeof documents)["\n  query Viewer {\n    viewer {\n      ...ViewerFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CaseListFields on Case {\n    id\n    reference\n    subject\n    status\n    priority\n    channel\n    level\n    updatedAt\n    version\n    owner {\n      id\n      name\n      kind\n    }\n    customer {\n      id\n      name\n      phone\n      email\n    }\n    assignee {\n      id\n      name\n    }\n    sla {\n      breached\n      warning\n      paused\n      firstResponseDueAt\n      resolutionDueAt\n    }\n  }\n"): (typeof documents)["\n  fragment CaseListFields on Case {\n    id\n    reference\n    subject\n    status\n    priority\n    channel\n    level\n    updatedAt\n    version\n    owner {\n      id\n      name\n      kind\n    }\n    customer {\n      id\n      name\n      phone\n      email\n    }\n    assignee {\n      id\n      name\n    }\n    sla {\n      breached\n      warning\n      paused\n      firstResponseDueAt\n      resolutionDueAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Cases($filter: CaseFilter, $first: Int, $after: String) {\n    cases(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...CaseListFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Cases($filter: CaseFilter, $first: Int, $after: String) {\n    cases(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...CaseListFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerByPhone($phone: String!) {\n    cases(filter: { customerPhone: $phone }, first: 1) {\n      totalCount\n      edges {\n        node {\n          id\n          customer {\n            id\n            name\n            email\n            phone\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CustomerByPhone($phone: String!) {\n    cases(filter: { customerPhone: $phone }, first: 1) {\n      totalCount\n      edges {\n        node {\n          id\n          customer {\n            id\n            name\n            email\n            phone\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CaseDetailFields on Case {\n    ...CaseListFields\n    accessCode\n    assigned\n    description\n    createdAt\n    resolvedAt\n    rating\n    originOrganization {\n      id\n      name\n      kind\n      code\n    }\n    owner {\n      id\n      code\n      name\n      kind\n      timeZone\n      parent {\n        id\n        name\n        kind\n      }\n    }\n    holders {\n      id\n      name\n      kind\n    }\n    sla {\n      firstResponse {\n        dueAt\n        leftMinutes\n        metAt\n      }\n      resolution {\n        dueAt\n        leftMinutes\n        metAt\n      }\n      holdings {\n        from\n        to\n        usedMinutes\n        organization {\n          id\n          name\n          kind\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment CaseDetailFields on Case {\n    ...CaseListFields\n    accessCode\n    assigned\n    description\n    createdAt\n    resolvedAt\n    rating\n    originOrganization {\n      id\n      name\n      kind\n      code\n    }\n    owner {\n      id\n      code\n      name\n      kind\n      timeZone\n      parent {\n        id\n        name\n        kind\n      }\n    }\n    holders {\n      id\n      name\n      kind\n    }\n    sla {\n      firstResponse {\n        dueAt\n        leftMinutes\n        metAt\n      }\n      resolution {\n        dueAt\n        leftMinutes\n        metAt\n      }\n      holdings {\n        from\n        to\n        usedMinutes\n        organization {\n          id\n          name\n          kind\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Case($reference: String!) {\n    case(reference: $reference) {\n      ...CaseDetailFields\n    }\n  }\n"): (typeof documents)["\n  query Case($reference: String!) {\n    case(reference: $reference) {\n      ...CaseDetailFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CaseTimeline($reference: String!) {\n    case(reference: $reference) {\n      id\n      events(first: 100) {\n        edges {\n          node {\n            id\n            type\n            at\n            body\n            channel\n            visibility\n            fromStatus\n            toStatus\n            score\n            actorRole\n            actor {\n              id\n              name\n            }\n            organization {\n              id\n              name\n            }\n            toOrganization {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CaseTimeline($reference: String!) {\n    case(reference: $reference) {\n      id\n      events(first: 100) {\n        edges {\n          node {\n            id\n            type\n            at\n            body\n            channel\n            visibility\n            fromStatus\n            toStatus\n            score\n            actorRole\n            actor {\n              id\n              name\n            }\n            organization {\n              id\n              name\n            }\n            toOrganization {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription CaseUpdated($reference: String!) {\n    caseUpdated(reference: $reference) {\n      ...CaseDetailFields\n    }\n  }\n"): (typeof documents)["\n  subscription CaseUpdated($reference: String!) {\n    caseUpdated(reference: $reference) {\n      ...CaseDetailFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription CaseEvents($organizationId: ID, $after: ID) {\n    caseEvents(organizationId: $organizationId, after: $after) {\n      id\n      type\n      case {\n        id\n        reference\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription CaseEvents($organizationId: ID, $after: ID) {\n    caseEvents(organizationId: $organizationId, after: $after) {\n      id\n      type\n      case {\n        id\n        reference\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Organizations {\n    organizations {\n      id\n      code\n      name\n      kind\n      timeZone\n      parent {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  query Organizations {\n    organizations {\n      id\n      code\n      name\n      kind\n      timeZone\n      parent {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OrganizationBacklog($ownerId: ID!) {\n    open: cases(filter: { ownerId: $ownerId, open: true }, first: 1) {\n      totalCount\n    }\n    breached: cases(filter: { ownerId: $ownerId, open: true, breached: true }, first: 1) {\n      totalCount\n    }\n    resolved: cases(filter: { ownerId: $ownerId, open: false }, first: 1) {\n      totalCount\n    }\n  }\n"): (typeof documents)["\n  query OrganizationBacklog($ownerId: ID!) {\n    open: cases(filter: { ownerId: $ownerId, open: true }, first: 1) {\n      totalCount\n    }\n    breached: cases(filter: { ownerId: $ownerId, open: true, breached: true }, first: 1) {\n      totalCount\n    }\n    resolved: cases(filter: { ownerId: $ownerId, open: false }, first: 1) {\n      totalCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MutationErrorFields on Error {\n    __typename\n    message\n    ... on ValidationError {\n      fieldErrors {\n        path\n        message\n      }\n    }\n    ... on ConflictError {\n      currentVersion\n    }\n  }\n"): (typeof documents)["\n  fragment MutationErrorFields on Error {\n    __typename\n    message\n    ... on ValidationError {\n      fieldErrors {\n        path\n        message\n      }\n    }\n    ... on ConflictError {\n      currentVersion\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation OpenCase($input: OpenCaseInput!) {\n    openCase(input: $input) {\n      __typename\n      ... on OpenCasePayload {\n        case {\n          ...CaseDetailFields\n        }\n      }\n      ...MutationErrorFields\n    }\n  }\n"): (typeof documents)["\n  mutation OpenCase($input: OpenCaseInput!) {\n    openCase(input: $input) {\n      __typename\n      ... on OpenCasePayload {\n        case {\n          ...CaseDetailFields\n        }\n      }\n      ...MutationErrorFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AssignCase($input: AssignCaseInput!) {\n    assignCase(input: $input) {\n      __typename\n      ... on AssignCasePayload {\n        case {\n          ...CaseDetailFields\n        }\n      }\n      ...MutationErrorFields\n    }\n  }\n"): (typeof documents)["\n  mutation AssignCase($input: AssignCaseInput!) {\n    assignCase(input: $input) {\n      __typename\n      ... on AssignCasePayload {\n        case {\n          ...CaseDetailFields\n        }\n      }\n      ...MutationErrorFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddCaseNote($input: AddCaseNoteInput!) {\n    addCaseNote(input: $input) {\n      __typename\n      ... on AddCaseNotePayload {\n        case {\n          ...CaseDetailFields\n        }\n      }\n      ...MutationErrorFields\n    }\n  }\n"): (typeof documents)["\n  mutation AddCaseNote($input: AddCaseNoteInput!) {\n    addCaseNote(input: $input) {\n      __typename\n      ... on AddCaseNotePayload {\n        case {\n          ...CaseDetailFields\n        }\n      }\n      ...MutationErrorFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogCaseContact($input: LogCaseContactInput!) {\n    logCaseContact(input: $input) {\n      __typename\n      ... on LogCaseContactPayload {\n        case {\n          ...CaseDetailFields\n        }\n      }\n      ...MutationErrorFields\n    }\n  }\n"): (typeof documents)["\n  mutation LogCaseContact($input: LogCaseContactInput!) {\n    logCaseContact(input: $input) {\n      __typename\n      ... on LogCaseContactPayload {\n        case {\n          ...CaseDetailFields\n        }\n      }\n      ...MutationErrorFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangeCaseStatus($input: ChangeCaseStatusInput!) {\n    changeCaseStatus(input: $input) {\n      __typename\n      ... on ChangeCaseStatusPayload {\n        case {\n          ...CaseDetailFields\n        }\n      }\n      ...MutationErrorFields\n    }\n  }\n"): (typeof documents)["\n  mutation ChangeCaseStatus($input: ChangeCaseStatusInput!) {\n    changeCaseStatus(input: $input) {\n      __typename\n      ... on ChangeCaseStatusPayload {\n        case {\n          ...CaseDetailFields\n        }\n      }\n      ...MutationErrorFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EscalateCase($input: EscalateCaseInput!) {\n    escalateCase(input: $input) {\n      __typename\n      ... on EscalateCasePayload {\n        case {\n          ...CaseDetailFields\n        }\n      }\n      ...MutationErrorFields\n    }\n  }\n"): (typeof documents)["\n  mutation EscalateCase($input: EscalateCaseInput!) {\n    escalateCase(input: $input) {\n      __typename\n      ... on EscalateCasePayload {\n        case {\n          ...CaseDetailFields\n        }\n      }\n      ...MutationErrorFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TransferCase($input: TransferCaseInput!) {\n    transferCase(input: $input) {\n      __typename\n      ... on TransferCasePayload {\n        case {\n          ...CaseDetailFields\n        }\n      }\n      ...MutationErrorFields\n    }\n  }\n"): (typeof documents)["\n  mutation TransferCase($input: TransferCaseInput!) {\n    transferCase(input: $input) {\n      __typename\n      ... on TransferCasePayload {\n        case {\n          ...CaseDetailFields\n        }\n      }\n      ...MutationErrorFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PublicStatusFields on PublicCaseStatus {\n    reference\n    subject\n    status\n    level\n    organizationName\n    firstResponseDueAt\n    resolutionDueAt\n    updatedAt\n    canRate\n    rating\n    events {\n      type\n      body\n      channel\n      status\n      at\n    }\n  }\n"): (typeof documents)["\n  fragment PublicStatusFields on PublicCaseStatus {\n    reference\n    subject\n    status\n    level\n    organizationName\n    firstResponseDueAt\n    resolutionDueAt\n    updatedAt\n    canRate\n    rating\n    events {\n      type\n      body\n      channel\n      status\n      at\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PublicCaseStatus($reference: String!, $accessCode: String!) {\n    publicCaseStatus(reference: $reference, accessCode: $accessCode) {\n      ...PublicStatusFields\n    }\n  }\n"): (typeof documents)["\n  query PublicCaseStatus($reference: String!, $accessCode: String!) {\n    publicCaseStatus(reference: $reference, accessCode: $accessCode) {\n      ...PublicStatusFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddPublicMessage($input: AddPublicMessageInput!) {\n    addPublicMessage(input: $input) {\n      ...PublicStatusFields\n    }\n  }\n"): (typeof documents)["\n  mutation AddPublicMessage($input: AddPublicMessageInput!) {\n    addPublicMessage(input: $input) {\n      ...PublicStatusFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RateCase($input: RateCaseInput!) {\n    rateCase(input: $input) {\n      ...PublicStatusFields\n    }\n  }\n"): (typeof documents)["\n  mutation RateCase($input: RateCaseInput!) {\n    rateCase(input: $input) {\n      ...PublicStatusFields\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;