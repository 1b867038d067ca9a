import type { TargetedSubmitEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, request } from '../api';
import { type MessageKey, useI18n } from '../i18n';

/**
 * Sign-in with an API key. The key is checked against a route every reading role may use
 * (`GET /indicators`) before it is kept for the session.
 */
export function SignIn({ onSignedIn, reason }: { onSignedIn: (key: string) => void; reason?: MessageKey }) {
  const { t } = useI18n();
  const [problem, setProblem] = useState<MessageKey | undefined>(reason);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    document.title = `${t('signIn.title')} — ${t('app.title')}`;
    input.current?.focus();
  }, [t]);

  const submit = async (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const key = input.current?.value.trim() ?? '';
    if (!key) return setProblem('signIn.empty');
    setBusy(true);
    try {
      await request('/indicators', { key });
      onSignedIn(key);
    } catch (error) {
      const status = error instanceof ApiError ? error.status : 0;
      setProblem(status === 401 ? 'signIn.unknownKey' : status === 403 ? 'signIn.forbidden' : 'signIn.unreachable');
      setBusy(false);
    }
  };

  return (
    <section class="sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t('signIn.title')}</h1>
      <p>{t('signIn.intro')}</p>
      <form onSubmit={submit} method="post" action="#" noValidate>
        <div class="field">
          <label for="api-key">{t('signIn.key')}</label>
          <input
            id="api-key"
            name="api-key"
            type="password"
            ref={input}
            autoComplete="off"
            spellcheck={false}
            aria-invalid={problem ? 'true' : undefined}
            aria-describedby={problem ? 'sign-in-problem' : undefined}
            required
          />
        </div>
        {problem ? (
          <p id="sign-in-problem" class="notice notice-error" role="alert">
            {t(problem)}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          {busy ? t('signIn.checking') : t('signIn.submit')}
        </button>
      </form>
    </section>
  );
}
