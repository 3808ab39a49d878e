/** An `AWS::CloudWatch::Alarm` of a synthesized template, as far as its billing goes. */
export interface AlarmResource {
  Type: string;
  Properties?: {
    MetricName?: unknown;
    Metrics?: readonly { MetricStat?: unknown; Expression?: unknown }[];
  };
}

/**
 * The alarm metrics a template is billed for: CloudWatch bills a standard alarm per metric it
 * evaluates, so an alarm on one metric counts 1 and an alarm over metric math counts each metric
 * it reads (the expressions themselves are free).
 */
export function alarmMetricsOf(resources: readonly AlarmResource[]): number {
  return resources
    .filter((resource) => resource.Type === 'AWS::CloudWatch::Alarm')
    .reduce((sum, alarm) => {
      const metrics = alarm.Properties?.Metrics;
      if (metrics) return sum + metrics.filter((metric) => metric.MetricStat).length;
      return sum + (alarm.Properties?.MetricName ? 1 : 0);
    }, 0);
}
