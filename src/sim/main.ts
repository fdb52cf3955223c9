/**
 * `npm run sim`: the PBX simulator on its own, as a stand-in Asterisk —
 * ARI (and the /_sim/ control API) on :8088, AMI on :5038, AGI() calls to
 * the FastAGI target. Configured by environment (sim-config.ts).
 */
import pino from 'pino';
import { loadSimConfig } from './sim-config.ts';
import { startSimulator } from './simulator.ts';

async function main(): Promise<void> {
  const cfg = loadSimConfig();
  const root = pino({ level: cfg.logLevel });
  const logger = root.child({ component: 'sim-main' });
  const sim = await startSimulator({
    ariPort: cfg.ariPort,
    amiPort: cfg.amiPort,
    host: cfg.host,
    ariUser: cfg.ariUser,
    ariPassword: cfg.ariPassword,
    amiUsers: cfg.amiUsers,
    agiTarget: cfg.agiTarget,
    dialplanDir: cfg.dialplanDir,
    recordingsDir: cfg.recordingsDir,
    seed: cfg.seed,
    phones: cfg.phones,
    ...(cfg.systemName ? { identity: { systemName: cfg.systemName } } : {}),
    logger: root.child({ component: 'sim' }),
  });
  logger.info(
    { ari: sim.ariUrl, amiPort: sim.amiPort, agiTarget: cfg.agiTarget },
    'PBX simulator ready',
  );
  const stop = async (signal: string): Promise<void> => {
    logger.info({ signal }, 'stopping');
    await sim.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
