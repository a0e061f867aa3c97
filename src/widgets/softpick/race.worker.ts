import { serveGenerator } from '../kit/worker-host';
import { softpickRace } from '../../techniques/softpick-race';

serveGenerator(softpickRace);
