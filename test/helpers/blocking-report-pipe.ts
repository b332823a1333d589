/**
 * Loaded into every test file's process (`--import` in the test script).
 *
 * Each test file reports its results to the runner over its stdout, a pipe, and node writes
 * to a pipe asynchronously. `--test-force-exit` ends the process as soon as the last test is
 * done, so results still queued for the pipe were lost: a clean CI run reported 968 to 1012
 * tests for the same code, with 0 failures (nodejs/node#64833). Blocking writes are done
 * when the write call returns, so nothing is left queued when the process exits.
 */
import process from 'node:process';

type PipeHandle = {setBlocking?: (blocking: boolean) => number};

const handle = (process.stdout as unknown as {_handle?: PipeHandle})._handle;
handle?.setBlocking?.(true);
