import BenchCore
import Foundation

/// Line charts drawn by the server as SVG: no script, no library. Each point carries a
/// `<title>`, which browsers show on hover (the commit, its subject, the value).
enum Charts {
    /// A point of a line: its value, what hovering it says, and where it sits.
    struct Point {
        var value: Double
        var label: String
        /// Where the point sits on a time axis (seconds); nil: by its position in the line.
        var time: Double? = nil
        /// A confidence interval drawn as an error bar.
        var interval: ClosedRange<Double>? = nil
        /// The limits a verdict held the point to, shaded as a band (an open side reaches
        /// the chart's edge).
        var band: (lower: Double?, upper: Double?)? = nil
    }

    /// A named line of points, in order.
    struct Line {
        var name: String
        var points: [Point]
        /// What hovering the line's band says (the model that drew it).
        var bandLabel: String? = nil
    }

    static let palette = ["#2f6fde", "#d9534f", "#2a9d5b", "#b8860b", "#7b4fc9", "#16a2b8"]

    /// An SVG coordinate, to a tenth of a pixel.
    static func coordinate(_ value: Double) -> String {
        // By hand: String(format:) costs microseconds, and a chart has thousands of these.
        guard value.isFinite, abs(value) < 1e9 else { return "0" }
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        return "\(sign)\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }

    /// A chart of one or more lines over their point index (or over time, when every point
    /// has one), with the value range on the axis.
    static func lines(_ lines: [Line], width: Int = 720, height: Int = 240, marks: [Int] = []) -> String {
        let values = lines.flatMap { $0.points.map(\.value) }
        let bounds = values + lines.flatMap { $0.points.compactMap(\.interval).flatMap { [$0.lowerBound, $0.upperBound] } }
            + lines.flatMap { $0.points.compactMap(\.band).flatMap { [$0.lower, $0.upper].compactMap { $0 } } }
        guard let low = bounds.min(), let high = bounds.max(), let longest = lines.map(\.points.count).max(), longest > 0 else {
            return "<p class=\"muted\">No data to chart.</p>"
        }
        // Small charts (sparklines) get a thin margin and no axis labels.
        let small = height < 100
        let padding = small ? 5.0 : 36.0
        let span = high == low ? max(abs(high), 1) * 0.1 : (high - low)
        let bottom = low - span * 0.1, top = high + span * 0.1
        func x(_ index: Int) -> Double { padding + Double(index) * (Double(width) - 2 * padding) / Double(max(longest - 1, 1)) }
        // On a time axis every point has its time and the lines share one scale.
        let times = lines.flatMap { $0.points.compactMap(\.time) }
        let byTime = !times.isEmpty && times.count == values.count
        let earliest = times.min() ?? 0, timeSpan = max((times.max() ?? 0) - earliest, 1)
        func x(_ point: Point, _ index: Int) -> Double {
            guard byTime, let time = point.time else { return x(index) }
            return padding + (time - earliest) / timeSpan * (Double(width) - 2 * padding)
        }
        func y(_ value: Double) -> Double { Double(height) - padding - (value - bottom) / (top - bottom) * (Double(height) - 2 * padding) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\">"
        if !small {
            svg += "<text x=\"4\" y=\"\(Int(y(high)) + 4)\" font-size=\"11\" fill=\"#6b7385\">\(HTML.number(high))</text>"
            svg += "<text x=\"4\" y=\"\(Int(y(low)) + 4)\" font-size=\"11\" fill=\"#6b7385\">\(HTML.number(low))</text>"
            if byTime {
                for (time, anchor, at) in [(earliest, "start", padding), (earliest + timeSpan, "end", Double(width) - padding)] {
                    svg += "<text x=\"\(at)\" y=\"\(height - 6)\" font-size=\"11\" text-anchor=\"\(anchor)\" fill=\"#6b7385\">"
                        + HTML.escape(Timestamp.short(Date(timeIntervalSince1970: time))) + "</text>"
                }
            }
        }
        for mark in marks where mark < longest {
            let at = lines.first.flatMap { mark < $0.points.count ? x($0.points[mark], mark) : nil } ?? x(mark)
            svg += "<line x1=\"\(at)\" x2=\"\(at)\" y1=\"\(padding / 2)\" y2=\"\(Double(height) - padding / 2)\" stroke=\"#d9534f\" stroke-dasharray=\"4 3\"><title>change point</title></line>"
        }
        for (index, line) in lines.enumerated() {
            svg += band(line, color: palette[index % palette.count], x: x, y: { y(min(max($0, bottom), top)) }, low: bottom, high: top)
        }
        for (index, line) in lines.enumerated() {
            let color = palette[index % palette.count]
            let path = line.points.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(coordinate(x($0.element, $0.offset))),\(coordinate(y($0.element.value)))" }.joined(separator: " ")
            svg += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"/>"
            for (position, point) in line.points.enumerated() {
                if let interval = point.interval {
                    let at = coordinate(x(point, position))
                    svg += "<line x1=\"\(at)\" x2=\"\(at)\" y1=\"\(coordinate(y(interval.lowerBound)))\" y2=\"\(coordinate(y(interval.upperBound)))\" stroke=\"\(color)\" stroke-opacity=\"0.5\"/>"
                }
                svg += "<circle cx=\"\(coordinate(x(point, position)))\" cy=\"\(coordinate(y(point.value)))\" r=\"3.5\" fill=\"\(color)\"><title>\(HTML.escape(point.label))</title></circle>"
            }
        }
        svg += "</svg>"
        if lines.count > 1 {
            svg += "<p>" + lines.enumerated().map { "<span class=\"line\($0.offset % palette.count)\">■</span> \(HTML.escape($0.element.name))" }.joined(separator: " &nbsp; ") + "</p>"
        }
        return svg
    }

    /// A line's limit band: one shaded area for each run of consecutive points that have
    /// limits, upper edge forward and lower edge back (a lone point gets a sliver of width).
    static func band(_ line: Line, color: String, x: (Point, Int) -> Double, y: (Double) -> Double, low: Double, high: Double) -> String {
        var runs: [[Int]] = []
        for (position, point) in line.points.enumerated() where point.band != nil {
            if let last = runs.last?.last, last == position - 1 { runs[runs.count - 1].append(position) } else { runs.append([position]) }
        }
        let title = line.bandLabel.map { "<title>\(HTML.escape($0))</title>" } ?? ""
        return runs.map { run -> String in
            let edges = run.flatMap { position -> [(Double, Double, Double)] in
                let point = line.points[position], at = x(point, position)
                let limits = (y(point.band!.lower ?? low), y(point.band!.upper ?? high))
                return run.count == 1 ? [(at - 3, limits.0, limits.1), (at + 3, limits.0, limits.1)] : [(at, limits.0, limits.1)]
            }
            let upper = edges.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(coordinate($0.element.0)),\(coordinate($0.element.2))" }
            let lower = edges.reversed().map { "L\(coordinate($0.0)),\(coordinate($0.1))" }
            return "<path class=\"limit-band\" d=\"\((upper + lower).joined(separator: " ")) Z\" fill=\"\(color)\" fill-opacity=\"0.12\" stroke=\"none\">\(title)</path>"
        }.joined()
    }

    /// A radar chart: one axis per metric, each series a polygon of its values scaled to
    /// the largest on that axis (so series of different magnitudes compare by shape).
    static func radar(axes: [String], series: [(name: String, values: [Double?])],
                      normalise: Bool, size: Int = 320) -> String {
        guard axes.count >= 3 else { return "" }
        let center = Double(size) / 2, radius = Double(size) / 2 - 40
        let maxima = axes.indices.map { axis in series.compactMap { $0.values[axis].map(abs) }.max() ?? 1 }
        func point(_ axis: Int, _ fraction: Double) -> (Double, Double) {
            let angle = -Double.pi / 2 + 2 * Double.pi * Double(axis) / Double(axes.count)
            return (center + cos(angle) * radius * fraction, center + sin(angle) * radius * fraction)
        }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(size)\" height=\"\(size)\" viewBox=\"0 0 \(size) \(size)\" role=\"img\">"
        for (axis, name) in axes.enumerated() {
            let (x, y) = point(axis, 1)
            let (lx, ly) = point(axis, 1.12)
            svg += "<line x1=\"\(center)\" y1=\"\(center)\" x2=\"\(x)\" y2=\"\(y)\" stroke=\"#d5d9e0\"/>"
            svg += "<text x=\"\(lx)\" y=\"\(ly)\" font-size=\"11\" text-anchor=\"middle\" fill=\"#6b7385\">\(HTML.escape(name))</text>"
        }
        for (index, entry) in series.enumerated() {
            let color = palette[index % palette.count]
            let corners = axes.indices.map { axis -> String in
                let value = entry.values[axis] ?? 0
                let fraction = normalise && maxima[axis] > 0 ? abs(value) / maxima[axis] : value
                let (x, y) = point(axis, min(max(fraction, 0), 1))
                return String(format: "%.1f,%.1f", x, y)
            }.joined(separator: " ")
            svg += "<polygon points=\"\(corners)\" fill=\"\(color)\" fill-opacity=\"0.15\" stroke=\"\(color)\" stroke-width=\"2\"><title>\(HTML.escape(entry.name))</title></polygon>"
        }
        svg += "</svg><p>" + series.enumerated().map { "<span class=\"line\($0.offset % palette.count)\">■</span> \(HTML.escape($0.element.name))" }.joined(separator: " &nbsp; ") + "</p>"
        return svg
    }

    /// A scatter chart of named points (metric against cost), the axes labelled with their
    /// names and ranges; hovering a point names it with both values.
    static func scatter(_ points: [(name: String, x: Double, y: Double)], xName: String, yName: String,
                        width: Int = 480, height: Int = 300) -> String {
        guard let lowX = points.map(\.x).min(), let highX = points.map(\.x).max(),
              let lowY = points.map(\.y).min(), let highY = points.map(\.y).max() else { return "" }
        let left = 56.0, bottom = 40.0, margin = 16.0
        func scaled(_ value: Double, _ low: Double, _ high: Double) -> Double {
            high == low ? 0.5 : 0.05 + 0.9 * (value - low) / (high - low)
        }
        func x(_ value: Double) -> Double { left + scaled(value, lowX, highX) * (Double(width) - left - margin) }
        func y(_ value: Double) -> Double { Double(height) - bottom - scaled(value, lowY, highY) * (Double(height) - bottom - margin) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\">"
        svg += "<line x1=\"\(left)\" y1=\"\(Double(height) - bottom)\" x2=\"\(Double(width) - margin)\" y2=\"\(Double(height) - bottom)\" stroke=\"#d5d9e0\"/>"
        svg += "<line x1=\"\(left)\" y1=\"\(margin)\" x2=\"\(left)\" y2=\"\(Double(height) - bottom)\" stroke=\"#d5d9e0\"/>"
        svg += "<text x=\"\(Double(width) - margin)\" y=\"\(height - 6)\" font-size=\"11\" text-anchor=\"end\" fill=\"#6b7385\">\(HTML.escape(xName)) → (\(HTML.number(lowX)) – \(HTML.number(highX)))</text>"
        svg += "<text x=\"4\" y=\"\(margin - 4)\" font-size=\"11\" fill=\"#6b7385\">\(HTML.escape(yName)) ↑ (\(HTML.number(lowY)) – \(HTML.number(highY)))</text>"
        for (index, point) in points.enumerated() {
            let color = palette[index % palette.count]
            svg += "<circle cx=\"\(coordinate(x(point.x)))\" cy=\"\(coordinate(y(point.y)))\" r=\"6\" fill=\"\(color)\">"
                + "<title>\(HTML.escape("\(point.name) · \(yName) = \(Figures.number(point.y)) · \(xName) = \(Figures.number(point.x))"))</title></circle>"
            svg += "<text x=\"\(coordinate(x(point.x) + 9))\" y=\"\(coordinate(y(point.y) + 4))\" font-size=\"11\" fill=\"\(color)\">"
                + "\(HTML.escape(point.name))</text>"
        }
        return svg + "</svg>"
    }

    /// Vertical bars of labelled counts (runs per day), the first and last label under them.
    static func bars(_ bars: [(label: String, value: Double)], width: Int = 720, height: Int = 120) -> String {
        guard let highest = bars.map(\.value).max(), highest > 0 else { return "" }
        let bottom = 18.0, top = 8.0
        let step = Double(width) / Double(bars.count)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\">"
        for (index, bar) in bars.enumerated() {
            let barHeight = bar.value / highest * (Double(height) - bottom - top)
            svg += "<rect x=\"\(coordinate(Double(index) * step + 1))\" y=\"\(coordinate(Double(height) - bottom - barHeight))\" "
                + "width=\"\(coordinate(max(step - 2, 1)))\" height=\"\(coordinate(barHeight))\" fill=\"\(palette[0])\">"
                + "<title>\(HTML.escape(bar.label)): \(Figures.number(bar.value))</title></rect>"
        }
        if let first = bars.first, let last = bars.last {
            svg += "<text x=\"2\" y=\"\(height - 4)\" font-size=\"11\" fill=\"#6b7385\">\(HTML.escape(first.label))</text>"
            svg += "<text x=\"\(width - 2)\" y=\"\(height - 4)\" font-size=\"11\" text-anchor=\"end\" fill=\"#6b7385\">\(HTML.escape(last.label))</text>"
        }
        return svg + "</svg>"
    }
}
