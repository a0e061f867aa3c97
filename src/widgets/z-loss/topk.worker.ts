import { serveGenerator } from '../kit/worker-host';
import { zLossTopKRace } from '../../techniques/z-loss-train';

serveGenerator(zLossTopKRace);
