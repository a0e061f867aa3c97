import { serveGenerator } from '../kit/worker-host';
import { randomWalks } from './walk-run';

serveGenerator(randomWalks);
