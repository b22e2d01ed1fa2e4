#!/usr/bin/env node
// The `pad-gpu` command; the code lives in dist/main.js (npm run build).
import { main } from '../dist/main.js';

process.exitCode = await main(process.argv.slice(2));
