import Foundation
import Plot

/// A table of the report: column titles, and cells with their text and, for numeric columns,
/// the value the table sorts by.
struct ReportTable {
    struct Column {
        var title: String
        var isNumeric: Bool
    }

    struct Cell {
        var text: String
        var sortValue: Double?
        var tooltip: String?

        init(_ text: String, sortValue: Double? = nil, tooltip: String? = nil) {
            self.text = text
            self.sortValue = sortValue
            self.tooltip = tooltip
        }
    }

    var id: String
    var columns: [Column]
    var rows: [[Cell]]
    /// A line under the table.
    var caption: String?
    var isSortable: Bool = true
}

/// A section of the report: a heading, its charts (two to a row where they fit), a table and
/// a note.
struct ReportSection {
    var id: String
    var title: String
    var charts: [RenderedChart] = []
    var table: ReportTable?
    var note: String?
}

/// The report's page, written with Plot: every text given here is escaped as it is written;
/// the SVG of the charts is inserted as it is (``SVGCanvas`` escaped its texts).
///
/// Plot 0.14 escapes `<` and `>` in text but keeps what looks like an entity (`&amp;`) as it
/// is, and does not escape attribute values at all; ``plain(_:)`` and ``attribute(_:_:)``
/// close both gaps, and no user text reaches Plot another way.
struct ReportPage {
    var title: String
    var subtitle: String
    var facts: [(String, String)]
    var sections: [ReportSection]
    var footer: String

    func render() -> String {
        let html = HTML(
            .lang(.english),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .element(named: "title", nodes: [Self.plain("automl · " + title)]),
                .style(ReportStyle.css)
            ),
            .body(
                .header(
                    .h1(Self.plain(title)),
                    .p(.class("subtitle"), Self.plain(subtitle)),
                    .dl(
                        .class("facts"),
                        .group(
                            facts.map { name, value in
                                .group(.dt(Self.plain(name)), .dd(Self.plain(value)))
                            })
                    )
                ),
                .nav(
                    .class("contents"),
                    .group(
                        sections.map { section in
                            .a(.href("#" + section.id), Self.plain(section.title))
                        })
                ),
                .main(.group(sections.map(Self.section))),
                .footer(.p(Self.plain(footer))),
                .script(.raw(ReportStyle.script))
            )
        )
        return html.render()
    }

    /// Text shown exactly as given: `&` is escaped here, `<` and `>` by Plot.
    static func plain<Context>(_ text: String) -> Node<Context> {
        .text(text.replacingOccurrences(of: "&", with: "&amp;"))
    }

    /// An attribute whose value is escaped (Plot writes attribute values as they are).
    static func attribute<Context>(_ name: String, _ value: String) -> Node<Context> {
        .attribute(named: name, value: XMLText.escaped(value))
    }

    private static func section(_ section: ReportSection) -> Node<HTML.BodyContext> {
        let wide = section.charts.filter { $0.id == "history" || $0.id == "parallel" }
        let others = section.charts.filter { $0.id != "history" && $0.id != "parallel" }
        return .section(
            attribute("id", section.id),
            .h2(plain(section.title)),
            .group(wide.map { figure($0, wide: true) }),
            .if(
                !others.isEmpty,
                .div(.class("charts"), .group(others.map { figure($0, wide: false) }))),
            .unwrap(section.table, table),
            .unwrap(section.note) { .p(.class("note"), plain($0)) }
        )
    }

    private static func figure(_ chart: RenderedChart, wide: Bool) -> Node<HTML.BodyContext> {
        .element(
            named: "figure",
            nodes: [
                attribute("id", "chart-" + chart.id),
                .class(wide ? "chart wide" : "chart"),
                .raw(chart.svg),
                .element(named: "figcaption", nodes: [plain(chart.caption)]),
            ])
    }

    private static func table(_ table: ReportTable) -> Node<HTML.BodyContext> {
        .div(
            .class("table-wrap"),
            .table(
                attribute("id", "table-" + table.id),
                .class(table.isSortable ? "sortable" : "plain"),
                .thead(
                    .tr(
                        .group(
                            table.columns.map { column in
                                .th(
                                    attribute("data-type", column.isNumeric ? "number" : "text"),
                                    .class(column.isNumeric ? "num" : "text"),
                                    plain(column.title))
                            })
                    )),
                .tbody(
                    .group(
                        table.rows.map { row in
                            .tr(
                                .group(
                                    zip(table.columns, row).map { column, cell in
                                        .td(
                                            .class(column.isNumeric ? "num" : "text"),
                                            .unwrap(cell.sortValue) {
                                                attribute(
                                                    "data-value",
                                                    $0.isFinite ? String($0) : "")
                                            },
                                            .unwrap(cell.tooltip) { attribute("title", $0) },
                                            plain(cell.text))
                                    }))
                        }))
            ),
            .unwrap(table.caption) { .p(.class("table-caption"), plain($0)) }
        )
    }
}
