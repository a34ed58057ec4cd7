// Runs DynamoDB Local (the command after `--`) and stops it when the process that started
// this one dies, whatever the signal: that process holds our stdin, and the system closes
// it when it exits, also on SIGKILL. Plain JavaScript, so it starts in milliseconds.
import { spawn } from 'node:child_process';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  process.stderr.write('usage: node dynamo-watchdog.mjs <command> [args…]\n');
  process.exit(2);
}
const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
process.stdout.write(`watchdog: started pid ${child.pid}\n`);

let stopping = false;
function stop(reason) {
  if (stopping) return;
  stopping = true;
  if (child.exitCode !== null || child.signalCode !== null) process.exit(0);
  child.kill('SIGTERM');
  setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  if (reason) process.stderr.write(`watchdog: ${reason}; stopping pid ${child.pid}\n`);
}

child.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
child.once('error', (error) => {
  process.stderr.write(`watchdog: ${error.message}\n`);
  process.exit(1);
});
process.stdin.on('end', () => stop('the parent process is gone'));
process.stdin.on('close', () => stop('the parent process is gone'));
process.stdin.resume();
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => stop(null));
