import { serveGenerator } from '../kit/worker-host';
import { snnResetRace } from '../../techniques/snn-soft-reset-mpr-train';

serveGenerator(snnResetRace);
