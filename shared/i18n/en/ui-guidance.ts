/** The screens' guiding texts (banners, first-run checklist, next steps): part of the ui namespace, spread into ./ui.ts. */
import type { CatalogShape } from '../keys.js';
import type { uiGuidance as trGuidance } from '../tr/ui-guidance.js';

export const uiGuidance: CatalogShape<typeof trGuidance> = {
  banner: {
    dbDownTitle: 'The application database cannot be reached',
    dbDownKeep: 'Pages show what they last knew; they refresh by themselves once the database is back.',
    keychainTitle: 'Windows Credential Manager cannot be reached',
    keychainBody: 'Secrets stored as VAULT: cannot be read or saved. You can use an environment variable instead: write ENV:VARIABLE_NAME in place of the value.',
    configTitle: 'Configuration error',
    configBody: 'A configuration file could not be read; the settings in that file are not used.',
    steps: 'What to do',
    goSettings: 'Go to Settings',
    goDatabase: 'Go to the Database page',
  },
  firstRun: {
    heading: 'First-time setup',
    intro: 'Setup is not finished. Work through the steps; each is set up on its own page.',
    done: 'Done',
    todo: 'To do',
    problem: 'Problem',
    items: {
      mikro: 'Mikro connection',
      whatsapp: 'WhatsApp',
      backup: 'First backup',
      keychain: 'Keychain',
    },
    hints: {
      mikro: 'Enter the connection details on the SQL Board, test them and save.',
      whatsapp: 'Enter the phone number id and the token on the WhatsApp page, or switch WhatsApp off.',
      backup: 'Take the first backup on the Backups page.',
      keychain: 'See the keychain state in Settings; without one, use ENV: references.',
      whatsappOff: 'WhatsApp is switched off; this step is not needed.',
    },
    open: 'Open the page',
  },
  next: {
    heading: 'What to do',
    database: 'Check the connection and the server on the Database page.',
    migrations: 'Upgrade the schema on the Database page ({{count, n}} pending migrations).',
    mikro: 'Test the connection on the SQL Board.',
    mikroPassword: 'Enter the password in Settings.',
    whatsapp: 'Enter the settings on the WhatsApp page and run its checks.',
    backup: 'Take a backup now on the Backups page and look at its result.',
    config: 'See and fix the error in {{file}} in Settings.',
    upgradeNow: 'Upgrade the schema now',
    open: {
      database: 'Database',
      mikro: 'SQL Board',
      whatsapp: 'WhatsApp',
      backups: 'Backups',
      settings: 'Settings',
    },
  },
};
