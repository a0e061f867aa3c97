import { serveGenerator } from '../kit/worker-host';
import { randomWalks } from './walk';

serveGenerator(randomWalks);
