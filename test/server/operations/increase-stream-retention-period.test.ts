import { retentionPeriodTests } from './retention-period.ts';

retentionPeriodTests('IncreaseStreamRetentionPeriod');
