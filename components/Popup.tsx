// The whole popup: the current tab's quotes (PageQuotes) above the "Check a quote" panel (CheckQuote).
import { useEffect, useState } from 'preact/hooks';
import { warnCaught } from '@/lib/model/log';
import type { CorpusStatus } from '@/lib/model/protocol';
import { siteOf } from '@/lib/model/address';
import type { ScanState } from '@/lib/report/page-view';
import { tabView, type QuoteEntry } from '@/lib/report/page-view';
import type { StoredReport } from '@/lib/model/types';
import { CheckQuote, type LookupReply } from '@/components/CheckQuote';
import { PageQuotes, type PageActions } from '@/components/PageQuotes';

/** The tab the popup describes. */
export interface TabInfo {
  id: number;
  /** Known where the browser tells it (activeTab in the toolbar popup); else the report's URL stands in. */
  url?: string;
  incognito: boolean;
}

/** What the popup learns of a tab's scan while the tab has no report. */


/** A site's settings as the popup needs them. */
export interface SiteState {
  autoScan: boolean;
  paused: boolean;
}

/** Everything the popup asks of the browser, injected so that tests need none. */
export interface PopupPlatform {
  lookup(text: string): Promise<LookupReply>;
  status(): Promise<CorpusStatus>;
  /** The tab to describe, or null when there is none (the popup opened as a page, or as a check window). */
  tab(): Promise<TabInfo | null>;
  fileAccess(): Promise<boolean>;
  /** Calls back with the tab's report now and on every change; returns the unsubscribe. */
  watchReport(tabId: number, onReport: (report: StoredReport | undefined) => void): () => void;
  /** Calls back with the site's settings now and on every change; returns the unsubscribe. */
  watchSite(site: string | null, onSite: (state: SiteState) => void): () => void;
  /**
   * Whether QuoteTrail may read the tab's site (`permissions.contains`; every site when the address is unknown).
   * Absent: always (the reader cannot withhold it there).
   */
  siteAccess?: (url: string | undefined) => Promise<boolean>;
  /**
   * Asks the browser for that access (`permissions.request`: call it straight from the click, nothing awaited
   * first) and reloads the tab when granted, so that its content script runs; resolves to whether it was granted.
   */
  requestSiteAccess?: (tabId: number, url: string | undefined) => Promise<boolean>;
  /** Pauses or resumes a site; absent where the settings module is not there. */
  pauseSite?: (site: string, paused: boolean) => Promise<void>;
  flash(tabId: number, entry: QuoteEntry): Promise<boolean>;
  scanNow(tabId: number): Promise<void>;
  /**
   * While the tab has no report: whether its scan is under way, failed (and why), or has no content script to run
   * it (a tab opened before the extension was installed or updated). Absent: the popup just says it is scanning.
   */
  scanState?: (tabId: number) => Promise<ScanState>;
  addSource?: (tabId: number) => Promise<void>;
  copy(text: string): Promise<void>;
  save(fileName: string, text: string): void;
}

/** The popup's props: the platform, and a text to check at once (`?check=`, or a pending selection). */
export interface PopupProps {
  platform: PopupPlatform;
  checkText?: string;
  /** Describe this tab (`?tab=<id>`) rather than asking the platform which one is current. */
  showTab?: boolean;
}

type TabState = { loading: true } | { loading: false; tab: TabInfo | null };

/** The popup: the tab's section only where there is a tab; the check panel always. */
export function Popup({ platform, checkText = '', showTab = true }: PopupProps) {
  const [tabState, setTabState] = useState<TabState>(showTab ? { loading: true } : { loading: false, tab: null });
  useEffect(() => {
    if (!showTab) return;
    let live = true;
    platform.tab().then(
      (tab) => live && setTabState({ loading: false, tab }),
      () => live && setTabState({ loading: false, tab: null }),
    );
    return () => {
      live = false;
    };
  }, []);
  const tab = tabState.loading ? undefined : tabState.tab;
  return (
    <>
      {/* While the tab is being read its section already holds its place, so nothing below it jumps. */}
      {showTab && tab !== null && <TabSection platform={platform} tab={tab} />}
      <CheckQuote key={checkText} lookup={platform.lookup} status={platform.status} initialText={checkText} />
    </>
  );
}

function TabSection({ platform, tab }: { platform: PopupPlatform; tab: TabInfo | undefined }) {
  const [report, setReport] = useState<{ value: StoredReport | undefined } | null>(null);
  const [site, setSite] = useState<SiteState | null>(null);
  const [fileAccess, setFileAccess] = useState(false);
  // null while asked; a failed question counts as access (the popup then behaves as it did before asking).
  const [access, setAccess] = useState<boolean | null>(platform.siteAccess ? null : true);
  const tabId = tab?.id;
  const url = tab?.url ?? report?.value?.url;
  const host = siteOf(url);

  useEffect(() => {
    if (tabId === undefined) return;
    void platform.fileAccess().then(setFileAccess, (error: unknown) => {
      warnCaught('file access could not be checked', error);
      setFileAccess(false);
    });
    return platform.watchReport(tabId, (value) => setReport({ value }));
  }, [tabId]);
  useEffect(() => {
    if (tabId === undefined) return;
    return platform.watchSite(host, setSite);
  }, [tabId, host]);
  useEffect(() => {
    if (tabId === undefined || !platform.siteAccess) return;
    let live = true;
    platform.siteAccess(tab?.url).then(
      (allowed) => live && setAccess(allowed),
      (error: unknown) => {
        warnCaught('site access could not be checked', error);
        if (live) setAccess(true);
      },
    );
    return () => {
      live = false;
    };
  }, [tabId, tab?.url]);

  const ready = tab !== undefined && report !== null && site !== null && access !== null;
  const view = ready
    ? tabView({ url: tab.url, report: report.value, fileAccess, paused: site.paused, autoScan: site.autoScan, access })
    : null;
  const actions: PageActions = {
    flash: (entry) => (tabId === undefined ? Promise.resolve(false) : platform.flash(tabId, entry)),
    scanNow: () => (tabId === undefined ? Promise.resolve() : platform.scanNow(tabId)),
    ...(platform.scanState && tabId !== undefined ? { scanState: () => platform.scanState!(tabId) } : {}),
    ...(platform.pauseSite && host ? { setPaused: (paused: boolean) => platform.pauseSite!(host, paused) } : {}),
    ...(platform.addSource && tabId !== undefined ? { addSource: () => platform.addSource!(tabId) } : {}),
    ...(platform.requestSiteAccess && tabId !== undefined
      ? {
          requestAccess: async () => {
            const granted = await platform.requestSiteAccess!(tabId, tab?.url);
            // Granted: the tab reloads and its scan comes; the report replaces "Scanning…" as usual.
            if (granted) setAccess(true);
            return granted;
          },
        }
      : {}),
    copy: platform.copy,
    save: platform.save,
  };
  return <PageQuotes view={view} site={host} paused={site?.paused ?? false} incognito={tab?.incognito ?? false} actions={actions} />;
}
