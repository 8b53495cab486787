import { useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface TabDef<T extends string> {
  id: T;
  label: ReactNode;
  testId?: string;
}

/**
 * ARIA tabs (WAI-ARIA Authoring Practices, "Tabs with automatic activation"): one tab stop,
 * ←/→ (and Home/End) move the selection and the focus. The panels are the caller's, labelled
 * by `tab-<id>` and identified as `panel-<id>`.
 */
export function Tabs<T extends string>({ tabs, selected, onSelect, label }: { tabs: readonly TabDef<T>[]; selected: T; onSelect: (id: T) => void; label: string }) {
  const refs = useRef(new Map<T, HTMLButtonElement>());
  const move = (e: KeyboardEvent) => {
    const i = tabs.findIndex((t) => t.id === selected);
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : null;
    if (next === null) return;
    e.preventDefault();
    const tab = tabs[(next + tabs.length) % tabs.length]!;
    onSelect(tab.id);
    refs.current.get(tab.id)?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label={label} onKeyDown={move}>
      {tabs.map((t) => (
        <button
          key={t.id}
          ref={(el) => {
            if (el) refs.current.set(t.id, el);
          }}
          type="button"
          role="tab"
          id={`tab-${t.id}`}
          aria-selected={t.id === selected}
          aria-controls={`panel-${t.id}`}
          tabIndex={t.id === selected ? 0 : -1}
          className={t.id === selected ? 'tab active' : 'tab'}
          onClick={() => onSelect(t.id)}
          data-testid={t.testId}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
