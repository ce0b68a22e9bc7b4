// The popup's first view: the current tab's quotes grouped by speaker (misattributed first), or why there are none.
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { citationList } from '@/lib/report/citations';
import { groupQuotes, reportFileName, reportJson, type QuoteEntry, type QuoteGroup, type ScanState, type TabView } from '@/lib/report/page-view';
import { errorMessage } from '@/lib/model/protocol';
import type { StoredReport } from '@/lib/model/types';
import { kindLabel, scorePercent, sourceCount, speakerNameOf, speakerSurnames } from '@/lib/ui/describe-match';
import { plural, t } from '@/lib/ui/i18n';
import { quoteState, stateLabel } from '@/lib/ui/quote-state';
import { SourceList } from '@/components/SourceList';

/** What the view's controls do, injected so that tests need no browser. */
export interface PageActions {
  /** Scrolls the page to a quote and flashes it; false when the page no longer has it. */
  flash(entry: QuoteEntry): Promise<boolean>;
  /** Asks the page's content script to scan now (automatic scanning off). */
  scanNow(): Promise<void>;
  /** While there is no report: whether the page's scan is under way, failed, or has nobody to run it. */
  scanState?: () => Promise<ScanState>;
  /** Pauses or resumes scanning on this site; absent where settings are not available. */
  setPaused?: (paused: boolean) => Promise<void>;
  /** Asks the browser for the site access the reader withheld (a user gesture: the button's click); true when granted. */
  requestAccess?: () => Promise<boolean>;
  /** Adds the page to the reader's own sources; absent where that is not available. */
  addSource?: () => Promise<void>;
  copy(text: string): Promise<void>;
  /** Offers `text` as a file download named `fileName`. */
  save(fileName: string, text: string): void;
}

/** The first view's props: the tab's state (null while it is being read) and what the controls do. */
export interface PageQuotesProps {
  view: TabView | null;
  /** The page's hostname (web pages only): what the pause switch applies to. */
  site: string | null;
  paused: boolean;
  /** A private window keeps nothing, so it offers no "add this page". */
  incognito: boolean;
  actions: PageActions;
}


/** The section: a heading, the pause switch, the state's body, and the page's tools. */
export function PageQuotes({ view, site, paused, incognito, actions }: PageQuotesProps) {
  const headingId = useId();
  const report = view?.kind === 'report' ? view.report : null;
  const scannable = view !== null && view.kind !== 'unscannable';
  const heading = useRef<HTMLHeadingElement>(null);
  const kind = view?.kind ?? null;
  const lastKind = useRef(kind);
  useEffect(() => {
    // "Scan this page" is replaced by the list once the scan is done: focus goes to the section's heading rather
    // than to nowhere (the top of the popup) with the button that had it.
    if (lastKind.current === 'manual' && kind !== 'manual' && (document.activeElement === document.body || !document.activeElement)) {
      heading.current?.focus();
    }
    lastKind.current = kind;
  }, [kind]);
  // Said once the report is there, in a region that was there (empty) before: a list that appears is not announced.
  const arrived = report ? plural(report.quotes.length, 'quotesOne', 'quotesMany') : '';
  return (
    <section class="page-quotes" aria-labelledby={headingId} aria-busy={view === null || view.kind === 'scanning'}>
      <header class="page-head">
        <h2 id={headingId} class="page-title" ref={heading} tabIndex={-1}>
          {t('onThisPage')}
          {report && report.quotes.length > 0 && (
            <span class="page-count"> · {plural(report.quotes.length, 'quotesOne', 'quotesMany')}</span>
          )}
        </h2>
        {scannable && site && actions.setPaused && <PauseSwitch site={site} paused={paused} setPaused={actions.setPaused} />}
      </header>
      <div class="page-body">
        <Body view={view} actions={actions} />
      </div>
      <p class="visually-hidden" role="status">{arrived}</p>
      {scannable && view.kind !== 'paused' && view.kind !== 'no-access' && (
        <PageTools report={report} incognito={incognito} webPage={site !== null} actions={actions} />
      )}
    </section>
  );
}

function Body({ view, actions }: { view: TabView | null; actions: PageActions }) {
  if (view === null) return <p class="page-status muted">{t('pageLoading')}</p>;
  switch (view.kind) {
    case 'unscannable':
      return (
        <p class="page-status notice">
          {t(view.reason === 'store' ? 'unscannableStore' : view.reason === 'file' ? 'unscannableFile' : 'unscannableBrowser')}
        </p>
      );
    case 'paused':
      return (
        <div class="page-status notice">
          <p>{t('paused', view.site)}</p>
          <p class="notice-detail">{t('pausedDetail')}</p>
        </div>
      );
    case 'manual':
      return <ScanNow scanNow={actions.scanNow} />;
    case 'no-access':
      return <SiteAccess site={view.site} requestAccess={actions.requestAccess} />;
    case 'scanning':
      return <Scanning scanState={actions.scanState} />;
    case 'report':
      return <QuoteList report={view.report} actions={actions} />;
  }
}

/** How often the popup asks a tab with no report how its scan is going, and how many silences mean nobody is there. */
export const SCAN_STATE_POLL_MS = 1000;
const ABSENT_AFTER = 3;

/**
 * No report yet: "Scanning…", unless the page says its scan failed, or nobody answers at all (a tab opened before
 * the extension was installed or updated has no content script): then it says so, and that a reload helps, rather
 * than promising a scan that never comes. A page still loading has no content script yet: a few silences in a row
 * are needed before it is called absent.
 */
function Scanning({ scanState }: { scanState?: () => Promise<ScanState> }) {
  const [state, setState] = useState<ScanState>({ state: 'working' });
  const ask = useRef(scanState);
  ask.current = scanState;
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let silences = 0;
    const poll = () => {
      const question = ask.current?.();
      if (!question) return;
      question.then(
        (s) => {
          if (!live) return;
          silences = s.state === 'absent' ? silences + 1 : 0;
          if (s.state === 'failed' || silences >= ABSENT_AFTER) return setState(s);
          timer = setTimeout(poll, SCAN_STATE_POLL_MS);
        },
        () => live && (timer = setTimeout(poll, SCAN_STATE_POLL_MS)),
      );
    };
    poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, []);
  return (
    <div class={`page-status${state.state === 'working' ? '' : ' notice'}`} role="status">
      {state.state === 'working' ? (
        <>
          <p>{t('scanning')}</p>
          <p class="notice-detail">{t('scanningDetail')}</p>
        </>
      ) : (
        <p>{state.state === 'absent' ? t('scanAbsent') : t('scanStopped', state.error)}</p>
      )}
    </div>
  );
}

/**
 * Site access withheld (Firefox lets the reader do that in Manifest V3): no content script runs in the tab, so
 * reloading would not help. The button asks the browser for the access (permissions.request needs the click).
 */
function SiteAccess({ site, requestAccess }: { site: string | null; requestAccess?: () => Promise<boolean> }) {
  const [status, setStatus] = useState<{ busy: boolean; text: string }>({ busy: false, text: '' });
  const ask = () => {
    if (!requestAccess || status.busy) return;
    setStatus({ busy: true, text: t('accessAsking') });
    requestAccess().then(
      (granted) => setStatus({ busy: false, text: granted ? t('scanning') : t('accessRefused') }),
      (error: unknown) => setStatus({ busy: false, text: t('accessFailed', errorMessage(error)) }),
    );
  };
  return (
    <div class="page-status notice">
      <p>{site ? t('noAccess', site) : t('noAccessAll')}</p>
      <p class="notice-detail">{t('noAccessDetail')}</p>
      {requestAccess && (
        <p class="row">
          <button type="button" class="button primary" onClick={ask} aria-disabled={status.busy}>
            {site ? t('allowSite', site) : t('allowAllSites')}
          </button>
        </p>
      )}
      <p class="action-status" aria-live="polite">
        {status.text}
      </p>
    </div>
  );
}

function ScanNow({ scanNow }: { scanNow: () => Promise<void> }) {
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const run = () => {
    if (state.busy) return;
    setState({ busy: true, error: null });
    scanNow().then(
      () => setState({ busy: false, error: null }),
      (error: unknown) => setState({ busy: false, error: errorMessage(error) }),
    );
  };
  return (
    <div class="page-status notice">
      <p>{t('autoScanOff')}</p>
      <p class="notice-detail">{t('autoScanOffDetail')}</p>
      <p class="row">
        {/* aria-disabled, not disabled: a disabled button drops the keyboard focus it has. */}
        <button type="button" class="button primary" onClick={run} aria-disabled={state.busy}>
          {t('scanNow')}
        </button>
      </p>
      <p class="action-status" aria-live="polite">
        {state.error ? t('scanFailed', state.error) : state.busy ? t('scanning') : ''}
      </p>
    </div>
  );
}

function PauseSwitch({ site, paused, setPaused }: { site: string; paused: boolean; setPaused: (p: boolean) => Promise<void> }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <div class="pause">
      <label class="switch">
        <input
          type="checkbox"
          role="switch"
          checked={paused}
          onChange={(event) => {
            const next = event.currentTarget.checked;
            setError(null);
            setPaused(next).catch((e: unknown) => setError(errorMessage(e)));
          }}
        />
        <span>{t('pauseSite', site)}</span>
      </label>
      {error && (
        <p class="action-status error" role="alert">
          {t('pauseFailed', error)}
        </p>
      )}
    </div>
  );
}

function QuoteList({ report, actions }: { report: StoredReport; actions: PageActions }) {
  const [open, setOpen] = useState<string | null>(null);
  if (report.quotes.length === 0) {
    return (
      <div class="page-status">
        <p>{t('noQuotes', speakerSurnames())}</p>
        <p class="notice-detail">{t('noQuotesDetail')}</p>
      </div>
    );
  }
  return (
    <>
      {report.truncated && <p class="notice">{t('truncated', report.quotes.length)}</p>}
      {groupQuotes(report.quotes).map((group) => (
        <Group
          key={group.id}
          group={group}
          open={open}
          onToggle={(entry) => {
            const opening = open !== entry.key;
            setOpen(opening ? entry.key : null);
            return opening;
          }}
          actions={actions}
        />
      ))}
    </>
  );
}

function groupName(group: QuoteGroup): string {
  if (group.id === 'misattributed') return t('groupMisattributed');
  if (group.id === 'others') return t('groupOthers');
  return speakerNameOf(group.id) ?? t('groupOthers');
}

function Group({ group, open, onToggle, actions }: {
  group: QuoteGroup;
  open: string | null;
  onToggle: (entry: QuoteEntry) => boolean;
  actions: PageActions;
}) {
  const headingId = useId();
  return (
    <section class={`group group-${group.id === 'misattributed' ? 'misattributed' : 'speaker'}`} aria-labelledby={headingId}>
      <h3 id={headingId} class="group-title">
        {group.id === 'misattributed' && <span aria-hidden="true">⚠ </span>}
        {t('groupCount', groupName(group), group.entries.length)}
      </h3>
      <ul class="quote-list">
        {group.entries.map((entry) => (
          <QuoteItem key={entry.key} entry={entry} open={open === entry.key} onToggle={onToggle} actions={actions} />
        ))}
      </ul>
    </section>
  );
}

function QuoteItem({ entry, open, onToggle, actions }: {
  entry: QuoteEntry;
  open: boolean;
  onToggle: (entry: QuoteEntry) => boolean;
  actions: PageActions;
}) {
  const panelId = useId();
  const [status, setStatus] = useState('');
  const { quote } = entry;
  const match = quote.match;
  const state = quoteState(quote);
  const kindState = match ? match.kind : 'missing';
  const flash = () => {
    setStatus('');
    actions.flash(entry).then(
      (found) => setStatus(found ? '' : t('flashFailed')),
      () => setStatus(t('flashFailed')),
    );
  };
  const copy = () => {
    const text = citationList(quote, {
      sources: t('citationSources'),
      untitled: t('untitled'),
      undated: t('citationUndated'),
      quoted: t('quoted'),
      unquoted: t('unquoted'),
      speakerName: speakerNameOf,
    });
    const n = match?.sources.length ?? 0;
    actions.copy(text).then(
      () => setStatus(plural(n, 'copiedOne', 'copiedMany')),
      (error: unknown) => setStatus(t('copyFailed', errorMessage(error))),
    );
  };
  return (
    <li class={`quote-item state-${state}`}>
      <button
        type="button"
        class="quote-toggle"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => {
          // Opening a quote is choosing it: the page scrolls to it and flashes it.
          if (onToggle(entry)) flash();
        }}
      >
        <span class="quote-text">“{quote.text}”</span>
        <span class="quote-meta">
          {state === 'misattributed' && <span class="badge badge-misattributed">{stateLabel('misattributed')}</span>}
          <span class={`badge badge-${kindState}`}>{stateLabel(kindState)}</span>
          <span class="source-count">{sourceCount(match?.sources.length ?? 0)}</span>
        </span>
      </button>
      {match?.misattributed && (
        <p class="flag">{t('misattributedWarning', speakerNameOf(quote.speaker) ?? '', speakerNameOf(match.speaker) ?? '')}</p>
      )}
      <div id={panelId} class="quote-panel" hidden={!open}>
        {open && (
          <>
            {match ? (
              <>
                <p class="match-line">
                  {kindLabel(match)} · {scorePercent(match.score)}
                </p>
                <SourceList sources={match.sources} legend={t('wordingLegendPage')} />
              </>
            ) : (
              <p class="muted">{t('stateMissing')}</p>
            )}
            <p class="row">
              <button type="button" class="button" onClick={flash}>
                {t('showOnPage')}
              </button>
              {match && match.sources.length > 0 && (
                <button type="button" class="button" onClick={copy}>
                  {t('copyCitations')}
                </button>
              )}
            </p>
          </>
        )}
        <p class="action-status" aria-live="polite">
          {status}
        </p>
      </div>
    </li>
  );
}

function PageTools({ report, incognito, webPage, actions }: {
  report: StoredReport | null;
  incognito: boolean;
  webPage: boolean;
  actions: PageActions;
}) {
  const [status, setStatus] = useState('');
  const [adding, setAdding] = useState(false);
  const exportReport = () => {
    if (!report) return;
    const name = reportFileName(report);
    actions.save(name, reportJson(report));
    setStatus(t('exported', name));
  };
  const add = () => {
    if (!actions.addSource) return;
    setAdding(true);
    setStatus(t('adding'));
    actions.addSource().then(
      () => setStatus(t('added')),
      (error: unknown) => setStatus(t('addFailed', errorMessage(error))),
    ).finally(() => setAdding(false));
  };
  const canAdd = webPage && actions.addSource !== undefined;
  if (!report && !canAdd) return null;
  return (
    <footer class="page-tools">
      <p class="row">
        {report && (
          <button type="button" class="button" onClick={exportReport}>
            {t('exportReport')}
          </button>
        )}
        {canAdd && !incognito && (
          <button type="button" class="button" onClick={add} disabled={adding}>
            {t('addSource')}
          </button>
        )}
      </p>
      {canAdd && incognito && <p class="muted">{t('privateWindow')}</p>}
      <p class="action-status" aria-live="polite">
        {status}
      </p>
    </footer>
  );
}
