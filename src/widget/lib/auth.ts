/** Signing in: a user name and password give a session token (the `login` mutation). */
import { type CallwrightClient, successOf } from './graphql-client.ts';

/** Logs a person in; resolves with the session token. */
export async function logIn(
  anonymous: CallwrightClient,
  username: string,
  password: string,
): Promise<string> {
  const data = await anonymous.request<{ login: unknown }>(
    `mutation($username: String!, $password: String!) {
      login(username: $username, password: $password) {
        __typename ... on MutationLoginSuccess { data { token } } ... on Problem { code message }
      }
    }`,
    { username, password },
  );
  return successOf<{ token: string }>(data.login).token;
}
