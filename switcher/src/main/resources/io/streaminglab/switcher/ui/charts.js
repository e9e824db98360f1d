// Two uPlot charts over the switcher's history: each origin's segment age (with the threshold,
// when one is set), and which origin was active.

import uPlot from './lib/uPlot.esm.js';

const PRIMARY = '#2f7ed8';
const BACKUP = '#e08a1e';

export function createCharts(ageNode, activeNode) {
  const age = new uPlot({
    width: width(ageNode),
    height: 200,
    cursor: { drag: { x: false, y: false } },
    scales: { y: { range: (u, min, max) => [0, Math.max(6, Math.ceil(max + 1))] } },
    axes: [{}, { label: 'seconds', values: (u, ticks) => ticks.map((v) => `${v}`) }],
    series: [
      {},
      { label: 'primary', stroke: PRIMARY, width: 2, spanGaps: false },
      { label: 'backup', stroke: BACKUP, width: 2, spanGaps: false },
      { label: 'threshold', stroke: '#c0392b', dash: [6, 4], width: 1, points: { show: false } },
    ],
  }, [[], [], [], []], ageNode);

  const active = new uPlot({
    width: width(activeNode),
    height: 110,
    cursor: { drag: { x: false, y: false } },
    scales: { y: { range: [-0.2, 1.2] } },
    axes: [{}, { splits: [0, 1], values: (u, ticks) => ticks.map((v) => (v === 1 ? 'primary' : v === 0 ? 'backup' : '')) }],
    series: [
      {},
      {
        label: 'active',
        stroke: '#27ae60',
        width: 2,
        paths: uPlot.paths.stepped({ align: 1 }),
        value: (u, v) => (v == null ? '–' : v === 1 ? 'primary' : 'backup'),
      },
    ],
  }, [[], []], activeNode);

  new ResizeObserver(() => {
    age.setSize({ width: width(ageNode), height: 200 });
    active.setSize({ width: width(activeNode), height: 110 });
  }).observe(ageNode);

  return {
    update(history, settings) {
      const t = history.t.map((millis) => millis / 1000);
      const threshold = settings.segmentAgeThresholdSeconds;
      age.setData([t, history.primaryAge, history.backupAge, t.map(() => threshold)]);
      active.setData([t, history.active]);
    },
  };
}

function width(node) {
  return Math.max(300, node.clientWidth);
}
