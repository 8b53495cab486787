/** Türkçe katalog (kaynak dil): her ad alanı kendi dosyasında. */
import { common } from './common.js';
import { errors } from './errors.js';
import { fields } from './fields.js';
import { report } from './report.js';
import { playbook } from './playbook.js';
import { system } from './system.js';
import { database } from './database.js';
import { config } from './config.js';
import { secrets } from './secrets.js';
import { mikro } from './mikro.js';
import { whatsapp } from './whatsapp.js';
import { backup } from './backup.js';
import { queues } from './queues.js';
import { audit } from './audit.js';
import { health } from './health.js';
import { migrations } from './migrations.js';
import { jobs } from './jobs.js';
import { cli } from './cli.js';
import { support } from './support.js';
import { fleet } from './fleet.js';

export const tr = { common, errors, fields, report, playbook, system, database, config, secrets, mikro, whatsapp, backup, queues, audit, health, migrations, jobs, cli, support, fleet };
