import { useEffect, useState } from 'react';
import { msg } from '../../../shared/messages.js';
import type { MikroStage, MikroStageProgress, MikroTestResult } from '../../../shared/mikro.js';
import { MIKRO_STAGE_NAMES } from '../wire.js';
import { useEvents, useTransport } from '../api.js';
import { useOpMutation } from '../api-mutation.js';
import { Msg } from './Msg.js';
import { StatusBadge } from './StatusBadge.js';
import { TechnicalDetail } from './TechnicalDetail.js';

/** Certificate failures after which pinning the shown certificate is offered. */
const PINNABLE = new Set(['mikro.stages.tls.untrusted', 'mikro.stages.tls.pin_mismatch']);

function isStageProgress(p: unknown): p is MikroStageProgress {
  return typeof p === 'object' && p !== null && typeof (p as MikroStageProgress).stage?.name === 'string';
}

/**
 * The SQL Board's staged connection test (issue 12 §2): every stage, live from the `mikro.test`
 * job's `job.progress` events while it runs, then the result's stages; Cancel while running; after
 * a certificate failure "Bu sertifikaya güven (parmak izi sabitlenir)" saves the certificate's
 * SHA-256 as `certificate_fingerprint` through the ordinary mikro.save.
 */
export function MikroStages({ running, result, onPinned }: { running: boolean; result: MikroTestResult | undefined; onPinned?: (fingerprint: string) => void }) {
  const transport = useTransport();
  const save = useOpMutation('mikro.save', ['mikro.settings']);
  const [live, setLive] = useState<MikroStage[]>([]);
  const [pinned, setPinned] = useState<string | null>(null);
  useEffect(() => {
    if (running) {
      setLive([]);
      setPinned(null);
    }
  }, [running]);
  useEvents((e) => {
    if (e.name !== 'job.progress' || e.data.op !== 'mikro.test' || !isStageProgress(e.data.progress)) return;
    const stage = e.data.progress.stage;
    setLive((prev) => [...prev.filter((s) => s.name !== stage.name), stage]);
  });
  const stages = running || !result?.stages ? live : result.stages;
  if (!running && stages.length === 0) return null;
  const byName = new Map(stages.map((s) => [s.name, s]));
  const tls = byName.get('tls');
  const certificate = !running ? result?.certificate : undefined;
  const offerPin = !!certificate && tls?.status === 'FAIL' && PINNABLE.has(tls.detail.key);
  const cancel = () => void transport.call('mikro.cancelTest', {}).catch(() => undefined);
  const pin = () => {
    if (!certificate) return;
    save.mutate(
      { certificate_fingerprint: certificate.fingerprint256 },
      {
        onSuccess: () => {
          setPinned(certificate.fingerprint256);
          onPinned?.(certificate.fingerprint256);
        },
      },
    );
  };

  return (
    <div className="card" data-testid="mikro-stages" aria-live="polite">
      <h3>
        <Msg m={msg('mikro.stages.board.title')} />
      </h3>
      <ol className="stages">
        {MIKRO_STAGE_NAMES.map((name) => {
          const s = byName.get(name);
          return (
            <li key={name} data-testid={`mikro-stage-${name}`} data-status={s?.status ?? 'pending'}>
              {s ? <StatusBadge status={s.status} /> : <span className="badge badge-muted">{<Msg m={msg('mikro.stages.board.pending')} />}</span>} <Msg m={msg(`mikro.stages.names.${name}`)} />
              {s && (
                <>
                  {' '}
                  <span className="muted">
                    <Msg m={msg('mikro.stages.board.duration', { duration: s.duration_ms })} />
                  </span>
                  <div>
                    <Msg m={s.detail} />
                  </div>
                  {s.next_step && s.status !== 'PASS' && (
                    <div className="muted">
                      → <Msg m={s.next_step} />
                    </div>
                  )}
                  <TechnicalDetail text={s.technical_detail} />
                </>
              )}
            </li>
          );
        })}
      </ol>
      {running && (
        <button type="button" className="secondary" onClick={cancel} data-testid="mikro-test-cancel">
          <Msg m={msg('mikro.stages.board.cancel')} />
        </button>
      )}
      {certificate && (
        <p className="muted" data-testid="mikro-certificate">
          <Msg m={msg('mikro.stages.board.certificate', { subject: certificate.subject, issuer: certificate.issuer, valid_to: certificate.valid_to, fingerprint: certificate.fingerprint256 })} />
        </p>
      )}
      {offerPin && !pinned && (
        <button type="button" onClick={pin} disabled={save.isPending} data-testid="mikro-pin-certificate">
          <Msg m={msg('mikro.stages.board.trust')} />
        </button>
      )}
      {pinned && (
        <p className="success" data-testid="mikro-pinned">
          <Msg m={msg('mikro.stages.board.trusted', { fingerprint: pinned })} />
        </p>
      )}
    </div>
  );
}
