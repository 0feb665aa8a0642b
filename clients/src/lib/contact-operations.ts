import { graphql } from '../gql';

// The public contact form's documents (no sign-in); `npm run codegen` types them into ../gql.

export const ContactFormOrganizationsQuery = graphql(`
  query ContactFormOrganizations {
    contactFormOrganizations {
      id
      parentId
      code
      name
      kind
      country
    }
  }
`);

export const SubmitContactFormMutation = graphql(`
  mutation SubmitContactForm($input: SubmitContactFormInput!) {
    submitContactForm(input: $input) {
      __typename
      ... on SubmitContactFormPayload {
        reference
        accessCode
      }
      ... on Error {
        message
      }
      ... on ValidationError {
        fieldErrors {
          path
          message
        }
      }
    }
  }
`);
