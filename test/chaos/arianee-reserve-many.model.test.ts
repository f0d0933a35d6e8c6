import { describeReserveManyModel } from './arianee-model.js';

describeReserveManyModel();
