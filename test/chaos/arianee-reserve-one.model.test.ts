import { describeReserveOneModel } from './arianee-model.js';

describeReserveOneModel();
