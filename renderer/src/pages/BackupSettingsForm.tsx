import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupStatusView } from '../../../shared/backup.js';
import { useOp } from '../api.js';
import { useOpMutation } from '../api-mutation.js';
import { ErrorText } from '../components/ErrorText.js';

interface Form {
  retention_days: number;
  enabled: boolean;
  time: string;
  nas_path: string;
  pg_dump_path: string;
}

/** backup_config.json's everyday settings, saved through config.save (atomic, validated, audited). */
export function BackupSettingsForm({ status }: { status: BackupStatusView }) {
  const { t } = useTranslation();
  const file = useOp('config.get', { file: 'backup_config.json' });
  const save = useOpMutation('config.save', ['backup.status', 'backup.checks', 'config.get']);
  const [form, setForm] = useState<Form | null>(null);
  useEffect(() => {
    if (form || !file.data) return;
    const v = (file.data.value ?? {}) as { pg_dump_path?: string | null };
    setForm({
      retention_days: status.retention_days,
      enabled: status.schedule?.enabled ?? true,
      time: status.schedule?.time ?? '02:00',
      nas_path: status.nas_path ?? '',
      pg_dump_path: v.pg_dump_path ?? '',
    });
  }, [file.data, status, form]);
  if (!form) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({
      file: 'backup_config.json',
      patch: { retention_days: form.retention_days, schedule: { enabled: form.enabled, time: form.time }, nas_path: form.nas_path, pg_dump_path: form.pg_dump_path },
    });
  };
  return (
    <form className="card board" onSubmit={submit} data-testid="backup-settings">
      <h3>{t('backups.settingsHeading')}</h3>
      <span />
      <label>
        {t('backups.retention')}
        <input type="number" min={1} max={3650} value={form.retention_days} onChange={(e) => setForm({ ...form, retention_days: Number(e.target.value) })} data-testid="backup-retention" />
      </label>
      <label>
        {t('backups.scheduleTime')}
        <input value={form.time} pattern="([01]\d|2[0-3]):[0-5]\d" onChange={(e) => setForm({ ...form, time: e.target.value })} data-testid="backup-time" />
      </label>
      <label className="check">
        <input type="checkbox" checked={form.enabled} onChange={(e) => setForm({ ...form, enabled: e.target.checked })} /> {t('backups.scheduleEnabled')}
      </label>
      <label>
        {t('backups.nasPath')}
        <input value={form.nas_path} onChange={(e) => setForm({ ...form, nas_path: e.target.value })} />
      </label>
      <label>
        {t('backups.pgDumpPath')}
        <input value={form.pg_dump_path} onChange={(e) => setForm({ ...form, pg_dump_path: e.target.value })} />
      </label>
      <div className="buttons">
        <button type="submit" disabled={save.isPending} data-testid="backup-settings-save">
          {t('backups.saveSettings')}
        </button>
      </div>
      {save.data && !save.isPending && <p className="success">{t('backups.settingsSaved')}</p>}
      {save.error && <ErrorText error={save.error} />}
    </form>
  );
}
