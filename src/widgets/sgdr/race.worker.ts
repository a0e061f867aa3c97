import { serveGenerator } from '../kit/worker-host';
import { sgdrRace } from '../../techniques/sgdr-race';

serveGenerator(sgdrRace);
