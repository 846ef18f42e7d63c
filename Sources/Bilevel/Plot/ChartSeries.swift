/// A point of a chart, in data units.
public struct ChartPoint: Hashable, Sendable {
    /// Horizontal coordinate.
    public var x: Double
    /// Vertical coordinate.
    public var y: Double

    /// A point at (x, y).
    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }
}

/// How a series joins its points.
public enum SeriesStyle: String, Sendable, Hashable {
    /// Straight lines from point to point.
    case polyline
    /// A step function: each value holds until the next point's x, then jumps (an incumbent over time).
    case steps
    /// Dots only, no lines (values defined at isolated x, e.g. an integer variable).
    case points
}

/// One named curve of a `LineChart`: pieces of points, each drawn on its own, so that a gap (no
/// value) or a jump between two pieces is never bridged by a line.
public struct ChartSeries: Sendable {
    /// The name shown in the legend.
    public var name: String
    /// The connected pieces; each is drawn as one line (or set of dots), in x order.
    public var pieces: [[ChartPoint]]
    /// How the points of a piece are joined.
    public var style: SeriesStyle
    /// Stroke colour (CSS); `nil` takes the next colour of `ChartPalette`.
    public var color: String?
    /// Dashed stroke (e.g. the pessimistic reading beside a solid optimistic one).
    public var dashed: Bool
    /// Small circles at the ends of pieces that meet another piece (where the curve jumps): filled
    /// at the ends listed in `attainedEnds` (the value is taken at that x), open at the others.
    public var markJumps: Bool
    /// The piece ends whose value is attained at their x (drawn as filled circles by `markJumps`).
    public var attainedEnds: Set<ChartPoint> = []

    /// A series from its pieces.
    public init(name: String, pieces: [[ChartPoint]], style: SeriesStyle = .polyline, color: String? = nil,
                dashed: Bool = false, markJumps: Bool = false) {
        self.name = name
        self.pieces = pieces
        self.style = style
        self.color = color
        self.dashed = dashed
        self.markJumps = markJumps
    }

    /// A series of one connected piece.
    public init(name: String, points: [ChartPoint], style: SeriesStyle = .polyline, color: String? = nil,
                dashed: Bool = false) {
        self.init(name: name, pieces: [points], style: style, color: color, dashed: dashed)
    }
}

/// A marked point of a chart (e.g. the certified optimum), with a label beside it.
public struct ChartMarker: Sendable {
    /// The shape drawn.
    public enum Shape: String, Sendable {
        /// A filled five-pointed star.
        case star
        /// A filled dot.
        case dot
        /// An open circle (a value approached but not attained).
        case openCircle
    }

    /// Where, in data units.
    public var point: ChartPoint
    /// Text beside the marker (also its legend entry when `inLegend`).
    public var label: String
    /// The shape.
    public var shape: Shape
    /// Fill or stroke colour (CSS).
    public var color: String
    /// Whether the legend lists it.
    public var inLegend: Bool

    /// A marker at `point`.
    public init(_ point: ChartPoint, label: String, shape: Shape = .star, color: String = "#d62728",
                inLegend: Bool = true) {
        self.point = point
        self.label = label
        self.shape = shape
        self.color = color
        self.inLegend = inLegend
    }
}

/// The colours given to series without one: distinct in print and for common colour blindness.
public enum ChartPalette {
    /// Blue, orange, green, purple, brown, pink, grey, olive.
    public static let colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                                "#bcbd22"]

    /// The colour of the `index`-th series (cycling).
    public static func color(_ index: Int) -> String { colors[index % colors.count] }
}
