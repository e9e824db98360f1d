// Two uPlot charts over the switcher's history: each origin's segment age (with the threshold,
// when one is set), and which origin was active. They are made on the first status, which
// says whether there is a threshold to draw.

import uPlot from './lib/uPlot.esm.js';

const PRIMARY = '#2f7ed8';
const BACKUP = '#e08a1e';
const AGE_HEIGHT = 200;
const ACTIVE_HEIGHT = 110;
// Both charts' y axes take the same room, so that their time axes line up.
const Y_AXIS = 64;

export function createCharts(ageNode, activeNode) {
  let age = null;
  let active = null;

  function make(settings) {
    const threshold = settings.segmentAgeThresholdSeconds != null;
    age = new uPlot({
      width: width(ageNode),
      height: AGE_HEIGHT,
      legend: { live: false },
      cursor: { drag: { x: false, y: false } },
      scales: { y: { range: (u, min, max) => [0, Math.max(6, Math.ceil(max + 1))] } },
      axes: [{}, { size: Y_AXIS, values: (u, ticks) => ticks.map((v) => `${v} s`) }],
      series: [
        {},
        { label: 'primary', stroke: PRIMARY, width: 2 },
        { label: 'backup', stroke: BACKUP, width: 2 },
        ...(threshold ? [{ label: 'threshold', stroke: '#c0392b', dash: [6, 4], width: 1,
          points: { show: false } }] : []),
      ],
    }, [[], [], [], ...(threshold ? [[]] : [])], ageNode);
    active = new uPlot({
      width: width(activeNode),
      height: ACTIVE_HEIGHT,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { y: { range: [-0.25, 1.25] } },
      axes: [{}, { size: Y_AXIS, splits: () => [0, 1],
        values: (u, ticks) => ticks.map((v) => (v === 1 ? 'primary' : 'backup')) }],
      series: [{}, { label: 'active', stroke: '#1e8e4e', width: 2,
        paths: uPlot.paths.stepped({ align: 1 }), points: { show: false } }],
    }, [[], []], activeNode);
    new ResizeObserver(() => {
      age.setSize({ width: width(ageNode), height: AGE_HEIGHT });
      active.setSize({ width: width(activeNode), height: ACTIVE_HEIGHT });
    }).observe(ageNode);
  }

  return {
    update(history, settings) {
      if (age == null) make(settings);
      const t = history.t.map((millis) => millis / 1000);
      const data = [t, history.primaryAge, history.backupAge];
      if (age.series.length > 3) data.push(t.map(() => settings.segmentAgeThresholdSeconds));
      age.setData(data);
      active.setData([t, history.active]);
    },
  };
}

function width(node) {
  return Math.max(300, node.clientWidth);
}
