/**
 * A dashboard builder to the JSON Grafana's file provisioning loads. The SDK leaves panel ids unset
 * (rows all get 0); Grafana keys panels by id, so they are numbered here, in layout order.
 */
import type { Dashboard, DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';

export function dashboardModel(builder: DashboardBuilder): Dashboard {
  const model = builder.build();
  (model.panels ?? []).forEach((panel, index) => {
    panel.id = index + 1;
  });
  return model;
}

export function renderDashboard(builder: DashboardBuilder): { uid: string; json: string } {
  const model = dashboardModel(builder);
  if (!model.uid) throw new Error(`dashboard "${model.title}" has no uid`);
  return { uid: model.uid, json: `${JSON.stringify(model, null, 2)}\n` };
}
