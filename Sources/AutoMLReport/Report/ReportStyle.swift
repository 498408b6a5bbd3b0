/// The report's inline style sheet and script: no web font, no framework, nothing fetched.
enum ReportStyle {
    /// Readable at 1280 × 800 (two charts a row), one chart a row on narrow windows, and
    /// printable (charts are not split across pages; the contents bar is not printed).
    static let css = """
        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", \
        "Liberation Sans", Arial, sans-serif; color: #1b1b1b; background: #fff; margin: 0 auto; \
        max-width: 1260px; padding: 14px 22px 28px; }
        h1 { font-size: 22px; margin: 0 0 2px; overflow-wrap: anywhere; }
        h2 { font-size: 17px; margin: 22px 0 8px; padding-bottom: 3px; border-bottom: 1px solid #ddd; }
        .subtitle { margin: 0 0 8px; color: #444; overflow-wrap: anywhere; }
        .facts { display: grid; grid-template-columns: max-content minmax(0, 1fr) max-content \
        minmax(0, 1fr); gap: 1px 14px; margin: 0; font-size: 13px; }
        .facts dt { color: #555; }
        .facts dd { margin: 0; overflow-wrap: anywhere; }
        nav.contents { margin: 10px 0 0; font-size: 13px; }
        nav.contents a { margin-right: 14px; color: #0072B2; text-decoration: none; }
        .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); \
        gap: 14px 22px; }
        figure.chart { margin: 0 0 10px; break-inside: avoid; page-break-inside: avoid; }
        figure.wide { max-width: 1000px; }
        figure.chart svg { display: block; width: 100%; height: auto; overflow: hidden; }
        figcaption { font-size: 12.5px; color: #444; margin: 2px 4px 0; }
        svg text { font-size: 11px; fill: #333; }
        svg .chart-title { font-size: 14px; font-weight: 600; fill: #111; }
        svg .axis-label { font-size: 11.5px; fill: #222; }
        svg .tick, svg .legend { fill: #555; }
        svg .point-label { font-size: 11px; font-weight: 600; paint-order: stroke; \
        stroke: #fff; stroke-width: 3px; }
        svg .gridline { stroke: #ececec; }
        svg .axis, svg .pc-axis { stroke: #8a8a8a; }
        svg .pc-axis { stroke: #555; }
        svg .connector { stroke: #777; }
        svg .translucent { fill-opacity: 0.6; }
        svg circle:hover, svg .label-mark:hover { stroke: #000; stroke-width: 1.5; }
        svg .pc-line:hover { stroke-width: 3.5; opacity: 1; }
        svg .cell:hover, svg .bar:hover { stroke: #000; stroke-width: 1; }
        svg .noise { stroke-dasharray: 3 2; }
        .table-wrap { overflow-x: auto; }
        table { border-collapse: collapse; font-size: 13px; margin: 4px 0; }
        th, td { padding: 3px 9px; border-bottom: 1px solid #e6e6e6; text-align: right; \
        white-space: nowrap; }
        th.text, td.text { text-align: left; }
        td.text { white-space: normal; max-width: 460px; overflow-wrap: anywhere; }
        thead th { background: #f4f4f4; position: relative; }
        table.sortable thead th { cursor: pointer; user-select: none; }
        table.sortable thead th::after { content: " \\2195"; color: #aaa; font-size: 11px; }
        table.sortable thead th[aria-sort="ascending"]::after { content: " \\2191"; color: #333; }
        table.sortable thead th[aria-sort="descending"]::after { content: " \\2193"; color: #333; }
        tbody tr:hover { background: #f7fbff; }
        .table-caption, .note { font-size: 12.5px; color: #555; margin: 4px 0 10px; }
        .fail { color: #D55E00; font-weight: 600; }
        .pass { color: #009E73; font-weight: 600; }
        footer { margin-top: 26px; font-size: 12px; color: #666; border-top: 1px solid #ddd; }
        @media print {
          body { max-width: none; padding: 0; font-size: 11px; }
          nav.contents { display: none; }
          .charts { grid-template-columns: 1fr 1fr; }
          table.sortable thead th::after { content: ""; }
          section { break-before: auto; }
          h2 { break-after: avoid; }
        }
        """

    /// Sorts a `table.sortable` by the clicked column (numbers by their `data-value`, missing
    /// values last; text by locale), ascending then descending.
    static let script = """
        (function () {
          "use strict";
          var tables = document.querySelectorAll("table.sortable");
          Array.prototype.forEach.call(tables, function (table) {
            var heads = table.querySelectorAll("thead th");
            Array.prototype.forEach.call(heads, function (head, column) {
              head.setAttribute("tabindex", "0");
              function sort() {
                var body = table.tBodies[0];
                if (!body) { return; }
                var rows = Array.prototype.slice.call(body.rows);
                var ascending = head.getAttribute("aria-sort") !== "ascending";
                Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
                head.setAttribute("aria-sort", ascending ? "ascending" : "descending");
                var numeric = head.getAttribute("data-type") === "number";
                function key(row) {
                  var cell = row.cells[column];
                  if (!cell) { return numeric ? NaN : ""; }
                  if (numeric) { return parseFloat(cell.getAttribute("data-value")); }
                  return cell.textContent;
                }
                rows.sort(function (a, b) {
                  var x = key(a), y = key(b);
                  if (numeric) {
                    if (isNaN(x) && isNaN(y)) { return 0; }
                    if (isNaN(x)) { return 1; }
                    if (isNaN(y)) { return -1; }
                    return ascending ? x - y : y - x;
                  }
                  var order = String(x).localeCompare(String(y));
                  return ascending ? order : -order;
                });
                rows.forEach(function (row) { body.appendChild(row); });
              }
              head.addEventListener("click", sort);
              head.addEventListener("keydown", function (event) {
                if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
              });
            });
          });
        })();
        """
}
