import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { JavaMissingError } from './dynamodb-local';
import { DEMO_AUTOSCOUT24_CUSTOMER, DEMO_MOBILE_DE_SELLER } from './emulators/platform-emulators';
import { LOCAL_FEED_LOGIN } from './feed-targets';
import { startLocalStack } from './local-stack';
import { createLocalLog } from './log';

/** `npm start`: the whole system on this machine, on its embedded defaults. */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default('.data'),
  LOCAL_JWT_SECRET: z.string().min(8).default('local-dev-secret'),
  AWS_REGION: z.string().default('eu-central-1'),
  LOCAL_FTP_PORT: z.coerce.number().int().min(1).max(65535).default(2121),
  LOCAL_SFTP_PORT: z.coerce.number().int().min(1).max(65535).default(2222),
});

const log = createLocalLog();
const env = EnvSchema.safeParse(process.env);
if (!env.success) {
  log.error(
    `invalid environment: ${env.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
  );
  process.exit(1);
}
const rootDir = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const started = Date.now();

try {
  const stack = await startLocalStack({
    rootDir,
    port: env.data.PORT,
    dataDir: resolve(rootDir, env.data.DATA_DIR),
    jwtSecret: env.data.LOCAL_JWT_SECRET,
    region: env.data.AWS_REGION,
    seedDemoData: true,
    runSchedules: true,
    // Fixed, so the demo feed export's stored delivery stays valid across restarts.
    feedPorts: { ftp: env.data.LOCAL_FTP_PORT, sftp: env.data.LOCAL_SFTP_PORT },
    log,
  });

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: stopping`);
    stack.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  console.log(`
Vehicle export is running locally (ready in ${((Date.now() - started) / 1000).toFixed(1)} s).

  API           ${stack.url}            (GET /health, GET /openapi.json, /v1/...)
  Dev token     POST ${stack.url}/_local/token  {"dealerId":"d1","email":"a@b.c"}
  E-mails sent  ${stack.url}/_local/emails
  Queues        ${stack.url}/_local/queues
  DynamoDB      ${stack.endpoints.dynamodb}   (data in ${env.data.DATA_DIR}${stack.seeded ? ', demo dealer seeded' : ''})
  mobile.de     ${stack.platforms.urls.mobileDe}   (${stack.platforms.mobileDe ? `emulator, demo seller ${DEMO_MOBILE_DE_SELLER} linked` : 'MOBILE_DE_API_URL'})
  Feed files    ftp://${stack.feeds.ftp.host}:${stack.feeds.ftp.port} → ${stack.feeds.ftp.root}
                sftp://${stack.feeds.sftp.host}:${stack.feeds.sftp.port} → ${stack.feeds.sftp.root}
                (login ${LOCAL_FEED_LOGIN.username} / ${LOCAL_FEED_LOGIN.password}; the demo dealer's mobile.de CSV feed lands on the FTP one)
  AutoScout24   ${stack.platforms.urls.autoScout24}   (${stack.platforms.autoScout24 ? `emulator, demo customer ${DEMO_AUTOSCOUT24_CUSTOMER} linked` : 'AUTOSCOUT24_API_URL'})

Token for the demo dealer "demo" (valid 12 h):
  ${stack.demoToken}

Try:  TOKEN=${stack.demoToken}
      curl -H "Authorization: Bearer $TOKEN" ${stack.url}/v1/vehicles
      curl -H "Authorization: Bearer $TOKEN" ${stack.url}/v1/apps
      curl -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
        -d '{"settings":{"sellerId":"${DEMO_MOBILE_DE_SELLER}"}}' ${stack.url}/v1/apps/mobile-de-api/activation
Ctrl-C stops everything.
`);
} catch (error) {
  if (error instanceof JavaMissingError) {
    log.error(error.message);
  } else {
    log.error('the local stack could not start', {
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
  process.exit(1);
}
