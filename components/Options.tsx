// The options page: automatic scanning, the sites lists, whom to mark, the highlight style, and the reader's sources.
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { errorMessage } from '@/lib/model/protocol';
import { HIGHLIGHT_STYLES, type HighlightStyle, type Settings } from '@/lib/model/settings';
import { SPEAKERS } from '@/lib/model/speakers';
import type { SpeakerId } from '@/lib/model/types';
import { t, type MessageKey } from '@/lib/ui/i18n';
import { OptionsSites } from '@/components/OptionsSites';
import { OptionsSources, type SourcesApi } from '@/components/OptionsSources';

/** Where the settings come from and go to (WXT storage in the extension; fakes in tests). */
export interface SettingsApi {
  load(): Promise<Settings>;
  /** Stores the settings; resolves with what was stored. */
  save(settings: Settings): Promise<Settings>;
  /** Calls back when another page (the popup's pause switch) changes them; returns the unwatch. */
  watch?(listener: (settings: Settings) => void): () => void;
}

export interface OptionsProps {
  settings: SettingsApi;
  sources: SourcesApi;
}

const STYLE_LABELS: Record<HighlightStyle, MessageKey> = {
  'underline+tint': 'options_style_underlineTint',
  underline: 'options_style_underline',
  tint: 'options_style_tint',
};


/** The page. Every change is saved at once (no Save button), and says so in a live region. */
export function Options({ settings: api, sources }: OptionsProps) {
  const ids = { scanning: useId(), autoScan: useId(), autoHint: useId(), sites: useId(), speakersHint: useId() };
  const [settings, setSettings] = useState<Settings | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  // Saves are chained, so that the last change is the one stored.
  const saving = useRef<Promise<unknown>>(Promise.resolve());

  useEffect(() => {
    let live = true;
    api.load().then(
      (s) => live && setSettings(s),
      (error: unknown) => live && setLoadError(errorMessage(error)),
    );
    const unwatch = api.watch?.((s) => live && setSettings(s));
    return () => {
      live = false;
      unwatch?.();
    };
  }, []);

  const change = (patch: Partial<Settings>) => {
    if (!settings) return;
    const next = { ...settings, ...patch };
    setSettings(next);
    // Emptied first, so that a second "Saved." is a change a screen reader announces, not the same text again.
    setStatus(null);
    saving.current = saving.current.then(() =>
      api.save(next).then(
        () => setStatus({ ok: true, text: t('options_saved') }),
        (error: unknown) => setStatus({ ok: false, text: t('options_saveFailed', errorMessage(error)) }),
      ),
    );
  };
  const toggleSpeaker = (id: SpeakerId, on: boolean) => {
    if (!settings) return;
    const chosen = new Set(settings.speakers);
    if (on) chosen.add(id);
    else chosen.delete(id);
    change({ speakers: SPEAKERS.map((s) => s.id).filter((s) => chosen.has(s)) });
  };

  return (
    <div class="options">
      {loadError && <p class="notice failed" role="alert">{t('options_loadFailed', loadError)}</p>}
      {!settings && !loadError && <p class="muted">{t('options_loading')}</p>}
      {settings && (
        <>
          <section class="options-section" aria-labelledby={ids.scanning}>
            <h2 id={ids.scanning}>{t('options_scanning')}</h2>
            <div class="check">
              <input
                id={ids.autoScan}
                type="checkbox"
                role="switch"
                checked={settings.autoScan}
                aria-describedby={ids.autoHint}
                onChange={(e) => change({ autoScan: (e.target as HTMLInputElement).checked })}
              />
              <label for={ids.autoScan}>{t('options_autoScan')}</label>
            </div>
            <p class="hint" id={ids.autoHint}>{t('options_autoScanHint')}</p>
          </section>

          <section class="options-section" aria-labelledby={ids.sites}>
            <h2 id={ids.sites}>{t('options_sites')}</h2>
            <p class="hint">{t('options_sitesHint')}</p>
            <OptionsSites
              title={t('options_allow')}
              hint={t('options_allowHint')}
              sites={settings.allowSites}
              overruledBy={settings.denySites}
              onChange={(allowSites) => change({ allowSites })}
            />
            <OptionsSites
              title={t('options_deny')}
              hint={t('options_denyHint')}
              sites={settings.denySites}
              onChange={(denySites) => change({ denySites })}
            />
          </section>

          <fieldset class="options-section" aria-describedby={ids.speakersHint}>
            <legend>{t('options_speakers')}</legend>
            <p class="hint" id={ids.speakersHint}>{t('options_speakersHint')}</p>
            {SPEAKERS.map((s) => (
              <label class="check" key={s.id}>
                <input type="checkbox" checked={settings.speakers.includes(s.id)} onChange={(e) => toggleSpeaker(s.id, (e.target as HTMLInputElement).checked)} />
                {s.displayName}
              </label>
            ))}
          </fieldset>

          <fieldset class="options-section">
            <legend>{t('options_style')}</legend>
            {HIGHLIGHT_STYLES.map((style) => (
              <label class="check" key={style}>
                <input type="radio" name="highlight-style" value={style} checked={settings.highlightStyle === style} onChange={() => change({ highlightStyle: style })} />
                {t(STYLE_LABELS[style])}
                <span class={`sample sample-${style.replace('+', '-')}`} aria-hidden="true">{t('options_styleSample')}</span>
              </label>
            ))}
          </fieldset>
        </>
      )}
      <p class={`status${status && !status.ok ? ' failed' : ''}`} role="status">{status?.text ?? ''}</p>

      <OptionsSources api={sources} />
    </div>
  );
}
