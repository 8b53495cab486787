import type { CatalogShape } from '../keys.js';
import type { cli as tr } from '../tr/cli.js';

export const cli: CatalogShape<typeof tr> = {
  error_line: 'error {{code}}: {{message}}',
  next_step: 'What to do: {{step}}',
  technical: 'Technical detail: {{detail}}',
  usage: {
    unknown_option: 'Unknown option: {{option}}',
    unknown_command: 'Unknown command: {{command}}',
    missing_argument: 'Missing argument: {{argument}}',
    missing_option_value: 'Option {{option}} needs a value',
    invalid_argument: 'Invalid value for {{option}}: {{value}}',
    excess_arguments: 'Too many arguments',
    other: 'The command was not used correctly',
    help_hint: 'Run it with --help for usage.',
  },
};
