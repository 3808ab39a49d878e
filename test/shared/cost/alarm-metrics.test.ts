import { describe, expect, it } from 'vitest';
import { alarmMetricsOf } from '../../../shared/cost/alarm-metrics.ts';

const stat = (metricName: string) => ({ MetricStat: { Metric: { MetricName: metricName } } });

describe('alarm metrics billed', () => {
  it('counts an alarm on one metric once, and an alarm over metric math once per metric it reads', () => {
    const resources = [
      { Type: 'AWS::CloudWatch::Alarm', Properties: { MetricName: 'ApproximateNumberOfMessagesVisible' } },
      {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: { Metrics: [stat('Count'), stat('5xx'), { Expression: '100 * errors / requests' }] },
      },
      { Type: 'AWS::CloudWatch::Dashboard', Properties: {} },
      { Type: 'AWS::SQS::Queue' },
    ];
    expect(alarmMetricsOf(resources)).toBe(3);
  });

  it('counts nothing without alarms', () => {
    expect(alarmMetricsOf([{ Type: 'AWS::Lambda::Function' }])).toBe(0);
  });
});
