import type { DetailOf, EventName } from '../../events/catalog.ts';

/** What the team is told about. Each alert is one email and one line of replay's alerts.jsonl. */
export type AlertKind =
  | 'crisis.opened'
  | 'crisis.escalated'
  | 'crisis.reminder'
  | 'crisis.resolved'
  | 'kpi.threshold'
  | 'publication.failed'
  /** Approval emails of the publication queue (requests, reminders, lapsed or rejected requests). */
  | 'publication.review'
  /** A network account to reconnect (its token expired or was revoked). */
  | 'account.access';

export type AlertEventName =
  | 'incidentOpened'
  | 'incidentEscalated'
  | 'incidentReminder'
  | 'incidentResolved'
  | 'kpiThresholdCrossed'
  | 'publicationFailed'
  | 'accountAccessLost';

export const ALERT_KIND_OF: Record<AlertEventName, AlertKind> = {
  incidentOpened: 'crisis.opened',
  incidentEscalated: 'crisis.escalated',
  incidentReminder: 'crisis.reminder',
  incidentResolved: 'crisis.resolved',
  kpiThresholdCrossed: 'kpi.threshold',
  publicationFailed: 'publication.failed',
  accountAccessLost: 'account.access',
};

export type AlertEvent = { [Name in AlertEventName]: { name: Name; detail: DetailOf<Name> } }[AlertEventName];

export interface Alert {
  kind: AlertKind;
  /** Identity of the alert: the same event delivered twice has the same key and sends one email. */
  key: string;
  at: string;
  fields: Record<string, unknown>;
}

export function isAlertEvent(name: EventName): name is AlertEventName {
  return name in ALERT_KIND_OF;
}

export function alertOf(event: AlertEvent): Alert {
  const kind = ALERT_KIND_OF[event.name];
  switch (event.name) {
    case 'incidentOpened':
    case 'incidentEscalated':
    case 'incidentReminder':
    case 'incidentResolved': {
      const { incidentId, severity, at, networks, negativePerHour, usualNegativePerHour } = event.detail;
      return {
        kind,
        // A reminder is keyed by its time: an incident may get one per interval, each sent once.
        key:
          event.name === 'incidentReminder'
            ? `${kind}#${incidentId}#${at}`
            : `${kind}#${incidentId}#${severity}`,
        at,
        fields: { incidentId, severity, networks, negativePerHour, usualNegativePerHour },
      };
    }
    case 'kpiThresholdCrossed': {
      const { kpi, period, periodStart, network, value, worryLine, crossed, at } = event.detail;
      return {
        kind,
        // The line is part of the key: two lines on one KPI (a warning at 20 %, a crisis at 40 %) are two alerts.
        key: `${kind}#${kpi}#${network}#${period}#${periodStart}#${crossed}#${crossed === 'above' ? worryLine.above : worryLine.below}`,
        at,
        fields: { kpi, period, periodStart, network, value, crossed, worryLine },
      };
    }
    case 'publicationFailed': {
      const { publicationId, network, reason, at } = event.detail;
      return {
        kind,
        key: `${kind}#${publicationId}#${network}`,
        at,
        fields: { publicationId, network, reason },
      };
    }
    case 'accountAccessLost': {
      const { network, account, reason, at } = event.detail;
      // One email per account and UTC day while it stays broken: checks run several times a day.
      return { kind, key: `${kind}#${network}#${at.slice(0, 10)}`, at, fields: { network, account, reason } };
    }
  }
}
