import type { CatalogShape } from '../keys.js';
import type { support as tr } from '../tr/support.js';

export const support: CatalogShape<typeof tr> = {
  unavailable: {
    failed: 'This part could not be read.',
    timeout: 'This part did not answer in time.',
    no_run: 'No stored diagnostics run yet.',
    config_unparsed: '{{file}} could not be read (not valid JSON); it was left out because its secrets could not be found in it.',
  },
  readme: {
    title: 'OptiPlan360 support bundle',
    intro: 'This bundle was made for support to see the problem. manifest.json lists every file with its size and SHA-256, the versions, the console name and how the bundle was made.',
    redacted_header: 'Removed before anything went into the bundle:',
    redacted_secrets: 'Secrets (passwords, tokens, keys): in config files as their reference (VAULT:/ENV:) or [redacted]; the values from the keychain, the environment and the files were also searched for and removed in logs and reports.',
    redacted_bak: '.bak files are not in the bundle at all.',
    redacted_personal: 'Personal data masked: phone numbers (+90 532 *** ** 93), e-mail addresses, VKN/TCKN and customer titles.',
    redacted_hosts: 'IP addresses and configured server names were replaced by pseudonyms that stay the same within this bundle (the same address is host-1 in every file); local addresses (127.0.0.1, localhost) and the console name were kept.',
    logs_limit: 'Logs: at most {{limit, bytes}} from the newest files; only the end of the file that crosses the limit, older files not at all.',
    cannot_header: 'What redaction cannot promise:',
    cannot_unknown: 'A secret the console does not know (in no config, keychain or environment) inside a driver’s free text is removed only when its shape is recognised.',
    cannot_hosts: 'Server names that only appear in free text and are not configured are not pseudonymised (IP addresses are).',
    cannot_free_text: 'Personal data written in an unrecognised form (e.g. a phone number spelled out in words) may not be masked.',
    cannot_check: 'Look through the files before sending; the pseudonyms hold within this bundle only.',
    manifest: 'To check the hashes: compare the sha256 values in manifest.json with the files.',
    unavailable_header: 'Parts that could not be read (with the reason):',
  },
  cli: {
    help: {
      description: 'a bundle to send to support (secrets and personal data removed)',
      bundle: 'write the support bundle (zip): manifest, latest diagnostics report, health, schema, backups, audit verify, configuration, last logs',
      output: 'path of the zip file',
      preview: 'list the files the bundle would hold and their sizes (writes nothing)',
    },
    written: 'Support bundle written: {{path}} ({{size, bytes}}, {{files, n}} files, {{duration, ms}})',
    unavailable: 'Not read: {{part}} — {{reason}}',
    sha256: 'SHA-256: {{sha}}',
  },
  ui: {
    title: 'Support bundle',
    intro: 'One zip to send to support: the latest diagnostics report, health, schema status, backup list, audit verify, the configuration (without secrets), the last logs and the Mikro statement log.',
    preview: 'Show contents',
    make: 'Make a support bundle',
    making: 'Making the bundle…',
    file: 'File',
    size: 'Size',
    size_pending: 'when made',
    logs_note: 'Logs at most {{limit, bytes}} ({{total, bytes}} on disk in total; {{left, n}} files left out).',
    saved: 'Bundle saved: {{path}} ({{size, bytes}})',
    unavailable_title: 'Parts that could not be read',
    copy_missing: 'The support bundle {{file}} is not in the data folder (it may have been deleted): make the bundle again.',
  },
};
