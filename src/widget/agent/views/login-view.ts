/** Signing in with a user name and password when the host page gives no token. */
import { html } from 'lit';

/** The sign-in section. */
export function loginView(busy: boolean, logIn: (username: string, password: string) => void) {
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    logIn(String(data.get('username') ?? ''), String(data.get('password') ?? ''));
  };
  return html`<section aria-labelledby="login-title">
    <h2 id="login-title">Sign in</h2>
    <form @submit=${submit}>
      <label for="username">User name</label>
      <input id="username" name="username" autocomplete="username" required />
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required />
      <div class="row" style="margin-top:8px">
        <button type="submit" class="primary" ?disabled=${busy}>Sign in</button>
      </div>
    </form>
  </section>`;
}
