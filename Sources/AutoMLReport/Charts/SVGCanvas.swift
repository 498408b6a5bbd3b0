import Foundation

/// XML escaping of text written into SVG or HTML: `&`, `<`, `>`, `"` and `'` become the five
/// entities XML predefines, so the result is both well-formed XML and safe HTML, in element
/// content and in quoted attribute values alike.
public enum XMLText {
    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by `&amp;`, `&lt;`, `&gt;`, `&quot;` and
    /// `&apos;`; control characters other than tab, newline and carriage return (which XML 1.0
    /// forbids) become spaces.
    /// - Complexity: O(n); a text without any of these characters is returned as is.
    public static func escaped(_ text: String) -> String {
        let needsWork = text.utf8.contains { byte in
            byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
                || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
                || (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D)
        }
        guard needsWork else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F
                    || (0xFFFE...0xFFFF).contains(scalar.value)
                {
                    result += " "
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }
}

/// A writer of one SVG image: elements are appended as text, every text and attribute value
/// escaped on the way in (``XMLText``), coordinates rounded to a tenth of a pixel.
///
/// ```swift
/// var canvas = SVGCanvas(width: 600, height: 360, label: "Optimization history")
/// canvas.circle(x: 10, y: 20, radius: 3, fill: ChartPalette.blue, tooltip: "trial 4: 0.31")
/// canvas.text("trial", x: 300, y: 350, anchor: .middle, cssClass: "axis-label")
/// let svg = canvas.rendered()   // "<svg …>…</svg>"
/// ```
///
/// The image scales to its container (`viewBox`, `width="100%"`). Tooltips are SVG `<title>`
/// children, which browsers show on hover without any script. Data points drawn with
/// ``circle(x:y:radius:fill:stroke:cssClass:tooltip:)`` are the only `<circle>` elements a chart
/// writes (legend swatches are paths), so counting `<circle` counts points.
public struct SVGCanvas: Sendable {
    /// Text anchoring of ``text(_:x:y:anchor:cssClass:rotation:fill:)``.
    public enum Anchor: String, Sendable {
        case start, middle, end
    }

    public let width: Double
    public let height: Double
    private var body: String = ""
    private var attributes: String

    /// A blank image `width` × `height` user units, described by `label` (its accessible name and
    /// its `<title>`), with extra `data-` attributes on the root (names are ours, values escaped).
    public init(width: Double, height: Double, label: String, data: [(String, String)] = []) {
        self.width = width
        self.height = height
        var attributes =
            "xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\""
            + " width=\"100%\" role=\"img\" aria-label=\"\(XMLText.escaped(label))\""
        for (name, value) in data {
            attributes += " data-\(name)=\"\(XMLText.escaped(value))\""
        }
        self.attributes = attributes
        body.reserveCapacity(4096)
        body += "<title>\(XMLText.escaped(label))</title>"
    }

    /// The image as SVG markup (one `<svg>` element).
    public func rendered() -> String {
        "<svg \(attributes)>\(body)</svg>"
    }

    /// A coordinate or length as text: a tenth of a unit, no trailing zero, no exponent.
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        let tenths = Int((x * 10).rounded())
        let whole = tenths / 10
        let fraction = abs(tenths % 10)
        let sign = tenths < 0 && whole == 0 ? "-" : ""
        return fraction == 0 ? sign + String(whole) : sign + String(whole) + "." + String(fraction)
    }

    private static func classAttribute(_ cssClass: String?) -> String {
        cssClass.map { " class=\"\(XMLText.escaped($0))\"" } ?? ""
    }

    private mutating func close(_ name: String, tooltip: String?) {
        if let tooltip {
            body += "><title>\(XMLText.escaped(tooltip))</title></\(name)>"
        } else {
            body += "/>"
        }
    }

    /// A straight line segment.
    public mutating func line(
        x1: Double, y1: Double, x2: Double, y2: Double, stroke: String? = nil,
        cssClass: String? = nil, dashed: Bool = false
    ) {
        body +=
            "<line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" y2=\"\(Self.number(y2))\""
        if let stroke { body += " stroke=\"\(XMLText.escaped(stroke))\"" }
        if dashed { body += " stroke-dasharray=\"4 3\"" }
        body += Self.classAttribute(cssClass) + "/>"
    }

    /// A data point: a filled circle with an optional tooltip.
    public mutating func circle(
        x: Double, y: Double, radius: Double, fill: String, stroke: String? = nil,
        cssClass: String? = nil, tooltip: String? = nil
    ) {
        body +=
            "<circle cx=\"\(Self.number(x))\" cy=\"\(Self.number(y))\" r=\"\(Self.number(radius))\" fill=\"\(XMLText.escaped(fill))\""
        if let stroke { body += " stroke=\"\(XMLText.escaped(stroke))\"" }
        body += Self.classAttribute(cssClass)
        close("circle", tooltip: tooltip)
    }

    /// A rectangle (negative sizes are flipped).
    public mutating func rect(
        x: Double, y: Double, width: Double, height: Double, fill: String,
        stroke: String? = nil, opacity: Double? = nil, cssClass: String? = nil,
        tooltip: String? = nil
    ) {
        let left = width < 0 ? x + width : x
        let top = height < 0 ? y + height : y
        body +=
            "<rect x=\"\(Self.number(left))\" y=\"\(Self.number(top))\" width=\"\(Self.number(abs(width)))\" height=\"\(Self.number(abs(height)))\" fill=\"\(XMLText.escaped(fill))\""
        if let stroke { body += " stroke=\"\(XMLText.escaped(stroke))\"" }
        if let opacity { body += " fill-opacity=\"\(Self.number2(opacity))\"" }
        body += Self.classAttribute(cssClass)
        close("rect", tooltip: tooltip)
    }

    /// A path from its `d` data (built with ``PathData``).
    public mutating func path(
        _ data: PathData, fill: String = "none", stroke: String? = nil, strokeWidth: Double? = nil,
        opacity: Double? = nil, cssClass: String? = nil, dashed: Bool = false,
        tooltip: String? = nil
    ) {
        body += "<path d=\"\(data.text)\" fill=\"\(XMLText.escaped(fill))\""
        if let stroke { body += " stroke=\"\(XMLText.escaped(stroke))\"" }
        if let strokeWidth { body += " stroke-width=\"\(Self.number(strokeWidth))\"" }
        if let opacity { body += " opacity=\"\(Self.number2(opacity))\"" }
        if dashed { body += " stroke-dasharray=\"4 3\"" }
        body += Self.classAttribute(cssClass)
        close("path", tooltip: tooltip)
    }

    /// A marker shape centred on (x, y), `size` across; a circle marker is drawn as a path, so
    /// only ``circle(x:y:radius:fill:stroke:cssClass:tooltip:)`` writes `<circle>`.
    public mutating func marker(
        _ marker: ChartMarker, x: Double, y: Double, size: Double, color: String,
        cssClass: String? = nil, tooltip: String? = nil
    ) {
        let data = marker.path(x: x, y: y, size: size)
        switch marker {
        case .cross, .plus:
            path(data, stroke: color, strokeWidth: 1.6, cssClass: cssClass, tooltip: tooltip)
        case .ring:
            path(data, stroke: color, strokeWidth: 1.4, cssClass: cssClass, tooltip: tooltip)
        default:
            path(
                data, fill: color, stroke: "#ffffff", strokeWidth: 0.6, cssClass: cssClass,
                tooltip: tooltip)
        }
    }

    /// A text, escaped; `rotation` in degrees about (x, y).
    public mutating func text(
        _ string: String, x: Double, y: Double, anchor: Anchor = .start, cssClass: String? = nil,
        rotation: Double? = nil, fill: String? = nil, tooltip: String? = nil
    ) {
        body += "<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\""
        if anchor != .start { body += " text-anchor=\"\(anchor.rawValue)\"" }
        if let rotation {
            body +=
                " transform=\"rotate(\(Self.number(rotation)) \(Self.number(x)) \(Self.number(y)))\""
        }
        if let fill { body += " fill=\"\(XMLText.escaped(fill))\"" }
        body += Self.classAttribute(cssClass) + ">"
        if let tooltip { body += "<title>\(XMLText.escaped(tooltip))</title>" }
        body += XMLText.escaped(string) + "</text>"
    }

    /// Opens a group (`<g>`); close it with ``endGroup()``.
    public mutating func beginGroup(cssClass: String? = nil, tooltip: String? = nil) {
        body += "<g" + Self.classAttribute(cssClass) + ">"
        if let tooltip { body += "<title>\(XMLText.escaped(tooltip))</title>" }
    }

    /// Closes the innermost group.
    public mutating func endGroup() {
        body += "</g>"
    }

    /// A value in [0, 1] with two decimals.
    private static func number2(_ x: Double) -> String {
        let hundredths = Int((min(max(x, 0), 1) * 100).rounded())
        if hundredths == 100 { return "1" }
        return hundredths < 10 ? "0.0\(hundredths)" : "0.\(hundredths)"
    }
}

/// The `d` attribute of an SVG path, built with move and line commands (numbers only, so
/// nothing to escape).
public struct PathData: Sendable {
    public private(set) var text: String = ""

    public init() {}

    /// Starts a new sub-path at (x, y).
    public mutating func move(_ x: Double, _ y: Double) {
        text += "M" + SVGCanvas.number(x) + " " + SVGCanvas.number(y)
    }

    /// A straight line to (x, y).
    public mutating func line(_ x: Double, _ y: Double) {
        text += "L" + SVGCanvas.number(x) + " " + SVGCanvas.number(y)
    }

    /// An arc of radius `r` to (x, y) (half a circle when the points are opposite).
    public mutating func arc(radius r: Double, _ x: Double, _ y: Double) {
        text +=
            "A" + SVGCanvas.number(r) + " " + SVGCanvas.number(r) + " 0 1 0 "
            + SVGCanvas.number(x) + " " + SVGCanvas.number(y)
    }

    /// Closes the current sub-path.
    public mutating func close() {
        text += "Z"
    }

    /// Whether nothing was drawn.
    public var isEmpty: Bool { text.isEmpty }
}

/// The shapes a data point or a legend entry is drawn with.
public enum ChartMarker: String, Sendable, CaseIterable {
    case circle, square, diamond, triangle, triangleDown, cross, plus, star, ring

    /// The marker's outline centred on (x, y), `size` across.
    public func path(x: Double, y: Double, size: Double) -> PathData {
        let h = size / 2
        var d = PathData()
        switch self {
        case .circle, .ring:
            d.move(x - h, y)
            d.arc(radius: h, x + h, y)
            d.arc(radius: h, x - h, y)
            d.close()
        case .square:
            d.move(x - h, y - h)
            d.line(x + h, y - h)
            d.line(x + h, y + h)
            d.line(x - h, y + h)
            d.close()
        case .diamond:
            d.move(x, y - h * 1.25)
            d.line(x + h, y)
            d.line(x, y + h * 1.25)
            d.line(x - h, y)
            d.close()
        case .triangle:
            d.move(x, y - h * 1.15)
            d.line(x + h * 1.1, y + h * 0.85)
            d.line(x - h * 1.1, y + h * 0.85)
            d.close()
        case .triangleDown:
            d.move(x, y + h * 1.15)
            d.line(x + h * 1.1, y - h * 0.85)
            d.line(x - h * 1.1, y - h * 0.85)
            d.close()
        case .cross:
            d.move(x - h, y - h)
            d.line(x + h, y + h)
            d.move(x - h, y + h)
            d.line(x + h, y - h)
        case .plus:
            d.move(x - h, y)
            d.line(x + h, y)
            d.move(x, y - h)
            d.line(x, y + h)
        case .star:
            let outer = h * 1.3
            let inner = outer * 0.45
            for k in 0..<10 {
                let radius = k % 2 == 0 ? outer : inner
                let angle = Double.pi / 5 * Double(k) - Double.pi / 2
                let px = x + radius * cos(angle)
                let py = y + radius * sin(angle)
                if k == 0 { d.move(px, py) } else { d.line(px, py) }
            }
            d.close()
        }
        return d
    }
}
