import { msg, type Message } from '../../../shared/messages.js';
import { Msg } from './Msg.js';

/**
 * What the audit log proves and what it cannot (issue 13), under the Audit page's header; after
 * a verify, its notes too (legacy rows, the key, the anchors outside the database it checked).
 */
export function AuditProof({ notes }: { notes?: readonly Message[] | undefined }) {
  return (
    <details className="muted" data-testid="audit-proof">
      <summary>
        <Msg m={msg('audit.proof.title')} />
      </summary>
      <p>
        <Msg m={msg('audit.proof.proves')} />
      </p>
      <p>
        <Msg m={msg('audit.proof.cannot')} />
      </p>
      {notes && notes.length > 0 && (
        <ul data-testid="audit-verify-notes">
          {notes.map((n, i) => (
            <li key={i}>
              <Msg m={n} />
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
