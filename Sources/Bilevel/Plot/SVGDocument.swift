import Foundation

/// A rectangle in SVG user units (y grows downwards).
public struct SVGRect: Hashable, Sendable {
    /// Left edge.
    public var x: Double
    /// Top edge.
    public var y: Double
    /// Width.
    public var width: Double
    /// Height.
    public var height: Double

    /// A rectangle from its top-left corner and size.
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// The right edge.
    public var maxX: Double { x + width }
    /// The bottom edge.
    public var maxY: Double { y + height }
}

/// A small SVG writer: elements are appended in drawing order and `rendered()` gives a standalone,
/// valid XML document (text is escaped, numbers are written short, non-finite numbers never appear).
///
///     var svg = SVGDocument(width: 200, height: 100)
///     svg.line(x1: 0, y1: 0, x2: 200, y2: 100, stroke: "#333")
///     svg.text("F(x)", x: 10, y: 20)
///     try svg.rendered().write(toFile: "out.svg", atomically: true, encoding: .utf8)
public struct SVGDocument: Sendable {
    /// Width of the picture in pixels.
    public var width: Double
    /// Height of the picture in pixels.
    public var height: Double
    private var body: [String] = []
    private var clipCount = 0

    /// An empty picture of the given size with a white background.
    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
        rect(SVGRect(x: 0, y: 0, width: width, height: height), fill: "#ffffff")
    }

    /// Appends a raw element: `name` with `attributes` (values escaped) and optional text content.
    public mutating func element(_ name: String, _ attributes: [(String, String)], text: String? = nil) {
        var s = "<" + name
        for (key, value) in attributes { s += " \(key)=\"\(Self.escape(value))\"" }
        if let text { s += ">" + Self.escape(text) + "</\(name)>" } else { s += "/>" }
        body.append(s)
    }

    /// A line segment.
    public mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String,
                              width: Double = 1, dash: String? = nil) {
        var a = [("x1", Self.number(x1)), ("y1", Self.number(y1)), ("x2", Self.number(x2)), ("y2", Self.number(y2)),
                 ("stroke", stroke), ("stroke-width", Self.number(width))]
        if let dash { a.append(("stroke-dasharray", dash)) }
        element("line", a)
    }

    /// A rectangle, filled and optionally outlined.
    public mutating func rect(_ r: SVGRect, fill: String, stroke: String? = nil, clip: String? = nil) {
        var a = [("x", Self.number(r.x)), ("y", Self.number(r.y)), ("width", Self.number(r.width)),
                 ("height", Self.number(r.height)), ("fill", fill)]
        if let stroke { a.append(("stroke", stroke)) }
        if let clip { a.append(("clip-path", "url(#\(clip))")) }
        element("rect", a)
    }

    /// An open polyline through `points` (points with a non-finite coordinate are left out).
    public mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 1.5,
                                  dash: String? = nil, clip: String? = nil) {
        let finite = points.filter { $0.0.isFinite && $0.1.isFinite }
        guard !finite.isEmpty else { return }
        let list = finite.map { Self.number($0.0) + "," + Self.number($0.1) }.joined(separator: " ")
        var a = [("points", list), ("fill", "none"), ("stroke", stroke), ("stroke-width", Self.number(width)),
                 ("stroke-linejoin", "round"), ("stroke-linecap", "round")]
        if let dash { a.append(("stroke-dasharray", dash)) }
        if let clip { a.append(("clip-path", "url(#\(clip))")) }
        element("polyline", a)
    }

    /// A circle; `fill` "none" draws an open circle.
    public mutating func circle(cx: Double, cy: Double, r: Double, fill: String, stroke: String? = nil,
                                width: Double = 1.5) {
        var a = [("cx", Self.number(cx)), ("cy", Self.number(cy)), ("r", Self.number(r)), ("fill", fill)]
        if let stroke { a += [("stroke", stroke), ("stroke-width", Self.number(width))] }
        element("circle", a)
    }

    /// A closed polygon (e.g. a star marker).
    public mutating func polygon(_ points: [(Double, Double)], fill: String, stroke: String? = nil) {
        let list = points.map { Self.number($0.0) + "," + Self.number($0.1) }.joined(separator: " ")
        var a = [("points", list), ("fill", fill)]
        if let stroke { a += [("stroke", stroke), ("stroke-width", "1")] }
        element("polygon", a)
    }

    /// Text anchored at (x, y): `anchor` is start, middle or end; `rotate` turns it about its anchor.
    public mutating func text(_ s: String, x: Double, y: Double, size: Double = 12, anchor: String = "start",
                              weight: String? = nil, fill: String = "#222222", rotate: Double? = nil,
                              halo: Bool = false) {
        var a = [("x", Self.number(x)), ("y", Self.number(y)), ("font-size", Self.number(size)),
                 ("text-anchor", anchor), ("fill", fill)]
        if let weight { a.append(("font-weight", weight)) }
        if halo { a += [("stroke", "#ffffff"), ("stroke-width", "3"), ("paint-order", "stroke")] }
        if let rotate { a.append(("transform", "rotate(\(Self.number(rotate)) \(Self.number(x)) \(Self.number(y)))")) }
        element("text", a, text: s)
    }

    /// Declares a clip path for `rect` and returns its id (for the `clip` parameters).
    public mutating func clipPath(_ r: SVGRect) -> String {
        clipCount += 1
        let id = "clip\(clipCount)"
        body.append("<defs><clipPath id=\"\(id)\"><rect x=\"\(Self.number(r.x))\" y=\"\(Self.number(r.y))\" "
                    + "width=\"\(Self.number(r.width))\" height=\"\(Self.number(r.height))\"/></clipPath></defs>")
        return id
    }

    /// The standalone SVG document.
    public func rendered() -> String {
        let w = Self.number(width), h = Self.number(height)
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\" "
            + "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n"
            + body.joined(separator: "\n") + "\n</svg>\n"
    }

    /// XML-escapes text and attribute values.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A coordinate with at most two decimals (`0` for a non-finite value, which SVG cannot hold).
    public static func number(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        let rounded = (v * 100).rounded() / 100
        if rounded == rounded.rounded() && abs(rounded) < 1e15 { return String(Int64(rounded)) }
        return String(format: "%.2f", rounded).replacingOccurrences(of: #"\.?0+$"#, with: "",
                                                                    options: .regularExpression)
    }
}
