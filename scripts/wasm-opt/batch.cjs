// Runs queued wasm-opt jobs (see ./wasm-opt) with binaryen's own wasm-opt command, the one in
// end2end/node_modules/binaryen/bin, loaded once in each of a few worker threads and called once
// per job, as if started with that job's arguments. Usage: node batch.cjs QUEUE [THREADS]
'use strict';
const fs = require('fs');
const path = require('path');
const os = require('os');
const { Worker, isMainThread, parentPort, workerData } = require('worker_threads');

const CLI = path.join(__dirname, '..', '..', 'end2end', 'node_modules', 'binaryen', 'bin', 'wasm-opt');

if (isMainThread) {
  const [queue, threadsArg] = process.argv.slice(2);
  if (!queue) {
    console.error('usage: node batch.cjs QUEUE [THREADS]');
    process.exit(2);
  }
  const jobs = fs.existsSync(queue)
    ? fs.readFileSync(queue, 'utf8').split('\n').filter(Boolean).map((l) => l.split('\t'))
    : [];
  // The largest modules first, so that no thread is left with a big one at the end.
  const input = (args) => args.find((a) => a.endsWith('.wasm'));
  const size = (args) => {
    try { return fs.statSync(input(args)).size; } catch { return 0; }
  };
  jobs.sort((a, b) => size(b) - size(a));
  const threads = Math.max(1, Math.min(jobs.length, Number(threadsArg) || os.availableParallelism()));
  let next = 0;
  let failed = 0;
  let running = threads;
  for (let t = 0; t < threads && jobs.length; t++) {
    const worker = new Worker(__filename, { workerData: { cli: CLI } });
    const give = () => {
      if (failed === 0 && next < jobs.length) worker.postMessage(jobs[next++]);
      else worker.postMessage(null);
    };
    worker.on('message', (m) => {
      if (m.ready) return give();
      if (m.code !== 0) {
        failed++;
        console.error(`wasm-opt ${m.args.join(' ')} failed (exit ${m.code})${m.error ? ':\n' + m.error : ''}`);
      }
      give();
    });
    worker.on('error', (e) => {
      failed++;
      console.error(`wasm-opt worker failed: ${e.stack || e}`);
    });
    worker.on('exit', () => {
      if (--running === 0) process.exit(failed ? 1 : 0);
    });
  }
  if (!jobs.length) process.exit(0);
} else {
  // binaryen's command is an Emscripten program: read it, hand it a Module that does not run
  // main on load, and keep its callMain to call once per job.
  const source = fs.readFileSync(workerData.cli, 'utf8').replace(/^#!.*\n/, '');
  // It writes its messages straight to the process's stderr (Emscripten's NODERAWFS), which
  // site.sh keeps and shows only when a job fails.
  const Module = { noInitialRun: true, noExitRuntime: true, arguments: [] };
  const ready = new Promise((resolve) => { Module.onRuntimeInitialized = resolve; });
  // A `var Module` in the program keeps the value of the parameter of the same name.
  const load = new Function('Module', 'require', 'process', '__dirname', '__filename', 'module',
    `${source}\n;return callMain;`);
  const callMain = load(Module, require, process, path.dirname(workerData.cli), workerData.cli, { exports: {} });
  ready.then(() => {
    parentPort.on('message', (args) => {
      if (args === null) return process.exit(0);
      let code;
      let error;
      try {
        code = callMain(args.slice()) ?? 0;
      } catch (e) {
        code = 1;
        error = String(e && e.message ? e.message : e);
      }
      parentPort.postMessage({ args, code, error });
    });
    parentPort.postMessage({ ready: true });
  });
}
