import { Command, InvalidArgumentError } from 'commander';
import { ClientConfigError } from '../config/client-config.ts';

// Commands load their modules when they run: `vigie --help` and `vigie sentiment` stay fast.

const DEFAULT_CLIENT = 'clients/example.json';
const DEFAULT_DATA = '.vigie';
const DEFAULT_PORT = 8787;

function integer(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('expected a whole number');
  return parsed;
}

function month(value: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) throw new InvalidArgumentError('expected a month as YYYY-MM');
  return value;
}

export function buildProgram(): Command {
  const program = new Command('vigie')
    .description('Vigie: publication queue, metrics and KPIs, crisis radar — the local side')
    .showHelpAfterError();

  program
    .command('start')
    .description('run the local stack: HTTP routes, bus, scheduler, embedded DynamoDB, mailbox')
    .option('-p, --port <port>', 'HTTP port', integer, DEFAULT_PORT)
    .option('-c, --client <file>', 'client configuration', DEFAULT_CLIENT)
    .option('-d, --data <dir>', 'data folder (dynalite, mailbox, dead letters)', DEFAULT_DATA)
    .option('-v, --verbose', 'also print the functions’ own logs and every delivery', false)
    .action(async (options) => {
      const { runStart } = await import('./commands/start.ts');
      const stop = await runStart(options);
      const shutdown = (signal: string) => {
        console.log(`\n${signal}: stopping…`);
        stop().then(
          () => process.exit(0),
          (error) => {
            console.error(error);
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
    });

  program
    .command('replay')
    .description('feed a JSONL file of events through the pipeline with a simulated clock')
    .argument('<events.jsonl>', 'one event per line: {"type":"mention"|"metrics", …}')
    .requiredOption('-o, --out <dir>', 'where to write alerts.jsonl, kpis.json, posts.json and mail/')
    .option('-c, --client <file>', 'client configuration', DEFAULT_CLIENT)
    .option(
      '--tail <minutes>',
      'simulated minutes after the last event during which schedules still run',
      integer,
      120,
    )
    .action(async (input: string, options) => {
      const { runReplay } = await import('./commands/replay.ts');
      await runReplay(input, options);
    });

  program
    .command('reingest')
    .description(
      're-derive events from the archived raw webhook bodies (local data; stop `vigie start` first)',
    )
    .requiredOption('--from <iso>', 'start of the range (received at)')
    .requiredOption('--to <iso>', 'end of the range (exclusive)')
    .option('-c, --client <file>', 'client configuration', DEFAULT_CLIENT)
    .option('-d, --data <dir>', 'data folder of the local stack', DEFAULT_DATA)
    .action(async (options) => {
      const { runReingest } = await import('./commands/reingest.ts');
      await runReingest(options);
    });

  program
    .command('report')
    .description('write the monthly report as an HTML file (charts inline), from a replay or the local data')
    .requiredOption('-m, --month <YYYY-MM>', 'the month, in the client’s time zone', month)
    .option('--from-replay <dir>', 'a `vigie replay` output folder (kpis.json, posts.json, alerts.jsonl)')
    .option(
      '-d, --data <dir>',
      'data folder of the local stack (when no replay folder is given)',
      DEFAULT_DATA,
    )
    .option('-o, --out <file>', 'where to write the HTML (default report-<month>.html)')
    .option('-c, --client <file>', 'client configuration', DEFAULT_CLIENT)
    .action(async (options) => {
      const { runReport } = await import('./commands/report.ts');
      try {
        await runReport(options);
      } catch (error) {
        if (error instanceof ClientConfigError) throw error;
        console.error(`vigie report: ${(error as Error).message}`);
        process.exitCode = 1;
      }
    });

  program
    .command('sentiment')
    .description('label JSONL lines {"id","text","lang"?} from stdin: {"id","label","score"} on stdout')
    .action(async () => {
      const { runSentiment } = await import('./commands/sentiment.ts');
      const { failed } = await runSentiment(process.stdin, process.stdout, process.stderr);
      if (failed) process.exitCode = 1;
    });

  program
    .command('send')
    .description('send events (replay format) to a standard webhook route, signed')
    .argument('<events.jsonl>', 'file, or - for stdin')
    .option('-u, --url <url>', 'webhook URL', `http://127.0.0.1:${DEFAULT_PORT}/webhooks/standard`)
    .option('-c, --client <file>', 'client configuration', DEFAULT_CLIENT)
    .option('-d, --data <dir>', 'data folder holding the local secrets', DEFAULT_DATA)
    .action(async (file: string, options) => {
      const { readEventFile, sendEvents } = await import('./commands/send.ts');
      const events = await readEventFile(file, (line, reason) =>
        console.error(`line ${line}: ${reason} (skipped)`),
      );
      console.log(JSON.stringify(await sendEvents(events, options)));
    });

  program
    .command('import')
    .description('queue a content calendar (CSV: date,time,networks,text,link,pillar,campaign,media)')
    .argument('<calendar.csv>', 'dates and times local to the client; an empty time takes the next free slot')
    .option('-u, --url <url>', 'API base URL', `http://127.0.0.1:${DEFAULT_PORT}`)
    .option('-c, --client <file>', 'client configuration', DEFAULT_CLIENT)
    .option('-d, --data <dir>', 'data folder holding the local API key', DEFAULT_DATA)
    .action(async (file: string, options) => {
      const { runImport } = await import('./commands/import.ts');
      const summary = await runImport(file, options);
      if (summary.invalid) process.exitCode = 1;
    });

  program
    .command('demo')
    .description(
      'send a small negative storm to the local stack: an incident email follows within 10 minutes',
    )
    .option('-u, --url <url>', 'webhook URL', `http://127.0.0.1:${DEFAULT_PORT}/webhooks/standard`)
    .option('-c, --client <file>', 'client configuration', DEFAULT_CLIENT)
    .option('-d, --data <dir>', 'data folder holding the local secrets', DEFAULT_DATA)
    .action(async (options) => {
      const { sendEvents } = await import('./commands/send.ts');
      const { demoStorm } = await import('./commands/demo.ts');
      const statuses = await sendEvents(demoStorm(new Date()), options);
      console.log(`sent: ${JSON.stringify(statuses)} (HTTP status → count)`);
      console.log(
        'the crisis radar runs every 5 minutes and wants two readings in a row: watch the `vigie start` terminal for the email',
      );
    });

  program
    .command('cost')
    .description('estimated monthly AWS bill of one client, from operations counted on the local stack')
    .option('--profile <name>', 'quiet, typical or storm', 'typical')
    .option(
      '--from-replay <dir>',
      'the output folder of `vigie replay` (its operations.json), scaled to 30 days',
    )
    .option('-c, --client <file>', 'client configuration', DEFAULT_CLIENT)
    .option('--log-retention-days <days>', 'CloudWatch Logs retention (default: the stack’s)', integer)
    .option('--memory-mb <mb>', 'what if every function had this memory size', integer)
    .option('--metrics-pulls-per-hour <n>', 'metrics pull frequency (default 1)', Number)
    .action(async (options) => {
      const { runCost } = await import('./commands/cost.ts');
      await runCost(options);
    });

  program
    .command('redrive')
    .description('after a fix: move dead letters back to their source (local .vigie/dlq/, or AWS with --aws)')
    .option(
      '-q, --queue <name>',
      'one DLQ: a capability (ingress, crisis, metrics, alerts, publishing); locally also a function id',
    )
    .option('--all', 'every DLQ', false)
    .option('-c, --client <file>', 'client configuration', DEFAULT_CLIENT)
    .option('-d, --data <dir>', 'data folder of the local stack (stop `vigie start` first)', DEFAULT_DATA)
    .option('--aws', 'the client’s deployed stack (SDK default credentials)', false)
    .option('--region <region>', 'AWS region of the stack')
    .action(async (options) => {
      const { runRedrive } = await import('./commands/redrive.ts');
      await runRedrive(options);
    });

  program
    .command('forget')
    .description('erase one author’s data (GDPR): their mentions and the raw deliveries naming them')
    .requiredOption('--author <handle>', 'the author’s handle, with or without @')
    .requiredOption('--network <network>', 'the network of the handle')
    .option('--dry-run', 'list what would be erased, erase nothing', false)
    .option('-c, --client <file>', 'client configuration', DEFAULT_CLIENT)
    .option('-d, --data <dir>', 'data folder of the local stack (stop `vigie start` first)', DEFAULT_DATA)
    .option('--table <name>', 'AWS: the table (SDK default credentials) instead of the local data')
    .option('--region <region>', 'AWS region of the table')
    .option('--archive-bucket <name>', 'AWS: the raw archive bucket, searched too')
    .action(async (options) => {
      const { runForget } = await import('./commands/forget.ts');
      await runForget(options);
    });

  program
    .command('receiver')
    .description(
      'a local receiver of the webhook publishers (/publish) and outbound webhooks (/events), signed',
    )
    .option('-p, --port <port>', 'HTTP port', integer, DEFAULT_PORT + 1)
    .option('-c, --client <file>', 'client configuration', DEFAULT_CLIENT)
    .option('-d, --data <dir>', 'data folder holding the local secrets', DEFAULT_DATA)
    .action(async (options) => {
      const { runReceiver } = await import('./commands/receiver.ts');
      const close = await runReceiver(options, (line) => console.log(line));
      process.once('SIGINT', () => void close());
    });

  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof ClientConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}
