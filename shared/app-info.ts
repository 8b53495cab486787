/** What `app.info` answers: product, version, environment and where data lives. */
export interface AppInfo {
  product: string;
  version: string;
  environment: string;
  engine: 'sqlite' | 'postgres';
  database_target: string;
  data_dir: string;
  config_dir: string;
  platform: string;
}
