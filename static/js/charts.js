// Draw the page's Plotly figures (their JSON sits in <script type="application/json">), in the page's theme.
(function () {
  const dark = window.matchMedia("(prefers-color-scheme: dark)");
  // In the dark, a calm day should be dark too, and the worst days the brightest.
  const DARK_INTENSITY = [[0, "#333f55"], [0.3, "#4068ab"], [0.6, "#6a5fa8"], [0.8, "#c0506f"], [1, "#ffa3b5"]];

  function themed(layout, el) {
    const style = getComputedStyle(document.body);
    const text = style.color;
    // Notes on a chart (the overuse levels, the factor labels on a phone) get the card's own colour behind them,
    // so that bars or lines under them do not make them unreadable.
    const card = el.closest("article") ? getComputedStyle(el.closest("article")).backgroundColor : undefined;
    const annotations = (layout.annotations || []).map((a) => Object.assign({ bgcolor: card }, a));
    const grid = dark.matches ? "rgba(255,255,255,0.12)" : "rgba(0,0,0,0.1)";
    const axes = {};
    const names = Object.keys(layout).filter((k) => /^[xy]axis\d*$/.test(k)).concat(["xaxis", "yaxis"]);
    if (layout.grid) names.push("xaxis2", "yaxis2"); // side-by-side charts get their second axes implicitly
    names.forEach((k) => {
      axes[k] = Object.assign({}, layout[k] || {}, { gridcolor: grid, zerolinecolor: grid, linecolor: grid });
    });
    return Object.assign({}, layout, axes, { annotations, font: { color: text, family: style.fontFamily, size: 13 } });
  }

  // On a phone a year of days is 52 columns: drop the gaps between cells, shrink markers, thin the ticks.
  function compacted(figure, width) {
    if (width >= 600) return figure;
    const data = figure.data.map((trace) => {
      const t = Object.assign({}, trace);
      if (t.type === "heatmap") Object.assign(t, { xgap: 0, ygap: 1 });
      if (t.marker && typeof t.marker.size === "number") t.marker = Object.assign({}, t.marker, { size: 4 });
      return t;
    });
    const layout = Object.assign({}, figure.layout);
    // A note as wide as a desktop chart (the overuse levels) takes two lines on a small phone (11 px text).
    layout.annotations = (layout.annotations || []).map((a) =>
      Object.assign({}, a, { text: wrapped(a.text, Math.floor((width - 16) / 6.5)) }));
    if (layout.meta && layout.meta.labels_above) labelsAbove(data, layout, width);
    Object.keys(layout).filter((k) => /^xaxis\d*$/.test(k)).forEach((k) => {
      // Three dates ("Jan 2026") fit side by side in the 190 px of a 320 px phone's plot, four do not.
      layout[k] = Object.assign({}, layout[k], { nticks: width < 360 ? 3 : 4, tickangle: 0, dtick: undefined });
      if (layout[k].tickformat === "%b %Y") {
        layout[k].tickformat = "%b<br>%Y";
        layout.margin = Object.assign({}, layout.margin, { b: (layout.margin.b || 40) + 16 }); // room for the year
        layout.height += 16;
      }
    });
    if (layout.meta && layout.meta.weeks_as_rows) weeksAsRows(data, layout);
    return { data, layout };
  }

  // A year of weeks side by side is 4 px a week on a phone: there the calendar is turned, one row a week and one
  // column a weekday as on a paper calendar, and grows downwards instead (14 px a week).
  function weeksAsRows(data, layout) {
    const [days, periods] = data;
    const turned = (grid) => grid[0].map((_, week) => grid.map((row) => row[week]));
    const scale = { orientation: "h", len: 160, lenmode: "pixels", x: 0, xanchor: "left", yref: "container", y: 1,
                    yanchor: "top", title: { text: "worst", side: "right" } };
    data[0] = Object.assign({}, days, { x: days.y, y: days.x, z: turned(days.z), text: turned(days.text), xgap: 2,
                                        ygap: 2, colorbar: Object.assign({}, days.colorbar, scale) });
    data[1] = Object.assign({}, periods, { x: periods.y, y: periods.x,
                                           marker: Object.assign({}, periods.marker, { size: 7 }) });
    // The weeks' own range from charts.py, turned round so that the first week is at the top.
    layout.yaxis = { type: "date", range: layout.xaxis.range.slice().reverse(), dtick: "M1", tickformat: "%b %Y",
                     showgrid: false, fixedrange: true, automargin: true };
    layout.xaxis = { side: "top", showgrid: false, fixedrange: true };
    layout.margin = Object.assign({}, layout.margin, { t: 80, b: 8 });  // the colour scale, then the weekdays, on top
    layout.height = 88 + 14 * days.x.length;
  }

  // A label longer than `fits` characters breaks once, at the last space that fits.
  function wrapped(label, fits) {
    if (typeof label !== "string" || label.length <= fits || label.includes("<br>")) return label;
    const cut = label.lastIndexOf(" ", fits);
    return cut > 0 ? label.slice(0, cut) + "<br>" + label.slice(cut + 1) : label;
  }

  // Long row labels (the factor chart) would leave no room for the plot beside them: each goes above its row.
  // A label longer than the screen is wide breaks at a space, and then every row gets room for two lines.
  function labelsAbove(data, layout, width) {
    const rows = data[0].y;
    const fits = Math.floor((width - 16) / 7); // characters of 12 px text, with a margin to spare
    const labels = rows.map((label) => wrapped(label, fits));
    const twoLines = labels.some((label) => label.includes("<br>"));
    data[0].marker = Object.assign({}, data[0].marker, { size: 8 });
    layout.margin = Object.assign({}, layout.margin, { l: 8 });
    layout.height = 76 + (twoLines ? 54 : 40) * rows.length;
    layout.yaxis = Object.assign({}, layout.yaxis, { showticklabels: false });
    layout.annotations = (layout.annotations || []).concat(rows.map((label, i) => ({
      text: labels[i], xref: "paper", x: 0, xanchor: "left", yref: "y", y: label, yanchor: "bottom", yshift: 6,
      showarrow: false, align: "left", font: { size: 12 },
    })));
  }

  function darkened(figure) {
    if (!dark.matches) return figure;
    const data = figure.data.map((t) => {
      if (t.type === "heatmap") return Object.assign({}, t, { colorscale: DARK_INTENSITY });
      // Plotly draws interval whiskers in near-black, which vanishes on a dark card.
      if (t.error_x) return Object.assign({}, t, { error_x: Object.assign({ color: "rgba(255,255,255,0.8)" }, t.error_x) });
      // Ink (charts.py's INK, black) is white in the dark.
      if (t.line && t.line.color === "#000000") {
        return Object.assign({}, t, { line: Object.assign({}, t.line, { color: "#ffffff" }),
                                      marker: Object.assign({}, t.marker, { color: "#ffffff" }) });
      }
      return t;
    });
    return { data, layout: figure.layout };
  }

  // The calendar sends each cell's state only ("no attack"); its date follows from the grid, which starts on
  // meta.first_monday with one column a week and one row a weekday. Dates read in the reader's own language.
  function dated(figure) {
    const data = figure.data.map((trace) => {
      if (trace.type !== "heatmap" || !trace.meta || !trace.meta.first_monday) return trace;
      const [year, month, day] = trace.meta.first_monday.split("-").map(Number);
      const format = { weekday: "short", day: "2-digit", month: "short", year: "numeric", timeZone: "UTC" };
      const text = trace.text.map((row, weekday) => row.map((state, week) => state &&
        new Date(Date.UTC(year, month - 1, day + week * 7 + weekday)).toLocaleDateString(undefined, format) +
        ": " + state));
      return Object.assign({}, trace, { text });
    });
    return { data, layout: figure.layout };
  }

  // Charts to read, not to handle. No mode bar: its eight buttons sat inside the chart's role="img", where a
  // screen reader cannot say what they are, cost eight Tab stops and covered the legend on a phone. Nothing zooms
  // or pans, so a swipe that starts on a chart scrolls the page (Plotly cancels the touch unless dragmode is false),
  // and a double tap cannot reset the ranges charts.py chose. Nothing is offered to Plotly's cloud either (plotly.js
  // 4 has no showLink or sendData left to turn off).
  const CONFIG = { responsive: true, displayModeBar: false, displaylogo: false, showSendToCloud: false,
                   scrollZoom: false, doubleClick: false, showAxisDragHandles: false, showTips: false };

  function draw() {
    document.querySelectorAll("[data-figure]").forEach((el) => {
      const figure = darkened(compacted(dated(JSON.parse(document.getElementById(el.dataset.figure).textContent)),
        el.clientWidth));
      window.Plotly.react(el, figure.data, Object.assign(themed(figure.layout, el), { dragmode: false }), CONFIG);
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    if (!window.Plotly) return; // no charts without the script; the summaries and tables still say it all
    draw();
    dark.addEventListener("change", draw);
  });
})();
