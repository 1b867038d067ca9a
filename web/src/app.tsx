import { useEffect, useMemo, useState } from 'preact/hooks';
import { session, whenUnauthenticated } from './api';
import { i18n, I18nContext, type Lang, LANGS, type MessageKey } from './i18n';
import { AlertsPage } from './pages/alerts';
import { ClientFilePage } from './pages/client-file';
import { IndicatorsPage } from './pages/indicators';
import { ActionsPage, ClientsPage, ComplaintsPage, ContractsPage } from './pages/lists';
import { RecordPage } from './pages/record';
import { SignIn } from './pages/sign-in';
import { SurveyResultsPage, SurveysPage } from './pages/surveys';
import { href, type Route, useRoute } from './route';

const LANG = 'qualirec.lang';

const NAV: { path: string; label: MessageKey }[] = [
  { path: '/indicators', label: 'nav.indicators' },
  { path: '/alerts', label: 'nav.alerts' },
  { path: '/contracts', label: 'nav.contracts' },
  { path: '/complaints', label: 'nav.complaints' },
  { path: '/actions', label: 'nav.actions' },
  { path: '/surveys', label: 'nav.surveys' },
  { path: '/clients', label: 'nav.clients' },
];

export function App() {
  const [lang, setLang] = useState<Lang>(() => (localStorage.getItem(LANG) === 'en' ? 'en' : 'fr'));
  const [key, setKey] = useState(session.key);
  const [signedOut, setSignedOut] = useState<MessageKey>();
  const route = useRoute();
  const messages = useMemo(() => i18n(lang), [lang]);

  useEffect(() => {
    document.documentElement.lang = lang;
    localStorage.setItem(LANG, lang);
  }, [lang]);
  useEffect(
    () =>
      whenUnauthenticated(() => {
        session.signOut();
        setKey(null);
        setSignedOut('signIn.expired');
      }),
    [],
  );

  const signOut = () => {
    session.signOut();
    setKey(null);
    setSignedOut(undefined);
  };
  const { t } = messages;
  const section = `/${route.parts[0] ?? 'indicators'}`;

  return (
    <I18nContext.Provider value={messages}>
      <a class="skip-link" href="#main" onClick={skipToMain}>
        {t('app.skip')}
      </a>
      <header class="top">
        <div class="brand">
          <span class="logo" aria-hidden="true">
            ✓
          </span>
          <span>
            <strong>{t('app.title')}</strong> <span class="subtitle">{t('app.subtitle')}</span>
          </span>
        </div>
        {key ? (
          <nav aria-label={t('app.nav')} class="main-nav">
            <ul>
              {NAV.map((item) => (
                <li key={item.path}>
                  <a href={href(item.path, { agency: route.params.agency })} aria-current={section === item.path ? 'page' : undefined}>
                    {t(item.label)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <div class="top-tools">
          <div class="lang-switch" role="group" aria-label={t('app.language')}>
            {LANGS.map((code) => (
              <button type="button" key={code} lang={code} aria-pressed={lang === code} onClick={() => setLang(code)}>
                {code === 'fr' ? 'Français' : 'English'}
              </button>
            ))}
          </div>
          {key ? (
            <button type="button" class="button-secondary" onClick={signOut}>
              {t('app.signOut')}
            </button>
          ) : null}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {key ? (
          <Screen route={route} key={route.path} />
        ) : (
          <SignIn
            reason={signedOut}
            onSignedIn={(value) => {
              session.signIn(value);
              setKey(value);
              setSignedOut(undefined);
            }}
          />
        )}
      </main>
    </I18nContext.Provider>
  );
}

/** The skip link moves focus without changing the hash, which holds the page. */
function skipToMain(event: MouseEvent) {
  event.preventDefault();
  document.getElementById('main')?.focus();
}

function Screen({ route }: { route: Route }) {
  const [first, second] = route.parts;
  switch (first) {
    case undefined:
    case 'indicators':
      return <IndicatorsPage route={route} />;
    case 'alerts':
      return <AlertsPage route={route} />;
    case 'contracts':
      return second ? <RecordPage kind="contract" id={second} /> : <ContractsPage route={route} />;
    case 'complaints':
      return second ? <RecordPage kind="complaint" id={second} /> : <ComplaintsPage route={route} />;
    case 'actions':
      return second ? <RecordPage kind="action" id={second} /> : <ActionsPage route={route} />;
    case 'surveys':
      return second ? <SurveyResultsPage id={second} /> : <SurveysPage route={route} />;
    case 'clients':
      return second ? <ClientFilePage id={second} route={route} /> : <ClientsPage route={route} />;
    default:
      return <IndicatorsPage route={route} />;
  }
}
