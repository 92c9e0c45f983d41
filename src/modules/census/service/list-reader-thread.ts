// The thread a census list is read in (import.ts starts it; list-reader.ts does the reading).
import { parentPort, workerData } from 'node:worker_threads';
import { readList, type ListReaderSetup } from './list-reader.js';

if (!parentPort) throw new Error('list-reader-thread runs in a worker thread');
// Never throws: a failure is a message to the server's thread.
void readList(workerData as ListReaderSetup, parentPort);
