import BenchCore
import Foundation

/// Small multiples: one panel per series over a shared axis (versions or time), each drawing
/// the points a pixel column keeps (`Downsample.minMax`), the rolling median over them, the
/// verdict model's limit band, testbed epochs and marks (change points; anything else a view
/// marks at a point, as `Mark` says). The panel carries what its hover readout shows (version,
/// commit, value of each drawn point) as data attributes, for `PanelScript`.
enum Panels {
    /// The panel's drawing size (it scales to its grid cell) and its pixel columns.
    static let width = 600, height = 170
    static let columns = 300
    static let left = 46.0, right = 8.0, top = 8.0, bottom = 18.0

    /// The axis every panel shares: its lowest and highest version (or time, in seconds).
    struct Axis {
        var low: Double
        var high: Double
        var byTime: Bool

        /// A point's place on the axis.
        func position(_ point: MetricPoint) -> Double { byTime ? point.createdAt.timeIntervalSince1970 : Double(point.version) }

        /// The label of a place: `v120`, or a date.
        func label(_ value: Double) -> String {
            byTime ? Timestamp.short(Date(timeIntervalSince1970: value)) : "v\(Int(value.rounded()))"
        }

        /// The axis of `trends`: from the oldest to the newest point of any of them.
        init?(_ trends: [Trend], byTime: Bool) {
            let ends = trends.flatMap { trend in [trend.points.first, trend.points.last].compactMap { $0 } }
            let values = ends.map { byTime ? $0.createdAt.timeIntervalSince1970 : Double($0.version) }
            guard let low = values.min(), let high = values.max() else { return nil }
            self.low = low
            self.high = high
            self.byTime = byTime
        }
    }

    /// A line across a panel at a point: a change point (`change`), an alert…; its class styles it.
    struct Mark {
        var index: Int
        var style: String
        var label: String
    }

    /// One series' panel: its title, the chart, and the readout line under it.
    static func panel(_ trend: Trend, metric: String, color: Int, axis: Axis, marks: [Mark], id: Int) -> String {
        let points = trend.points, drawn = trend.drawn.isEmpty ? Array(points.indices) : trend.drawn
        let colour = Charts.palette[color % Charts.palette.count]
        let value = { (index: Int) in points[index].metric.value }
        var bounds = drawn.map(value) + drawn.compactMap { trend.medians.indices.contains($0) ? trend.medians[$0] : nil }
        bounds += drawn.compactMap { trend.limit($0) }.flatMap { [$0.lower, $0.upper].compactMap { $0 } }
        let low = bounds.min() ?? 0, high = bounds.max() ?? 1
        let span = high == low ? max(abs(high), 1) * 0.1 : high - low
        let floor = low - span * 0.05, ceiling = high + span * 0.05
        let plotWidth = Double(width) - left - right, plotHeight = Double(height) - top - bottom
        let axisSpan = max(axis.high - axis.low, 1)
        func x(_ index: Int) -> Double { left + (axis.position(points[index]) - axis.low) / axisSpan * plotWidth }
        func y(_ value: Double) -> Double { top + (ceiling - min(max(value, floor), ceiling)) / (ceiling - floor) * plotHeight }
        func at(_ value: Double) -> String { String(Int(value.rounded())) }
        func path(_ indices: [Int], _ y: (Int) -> Double) -> String {
            indices.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(at(x($0.element))),\(at(y($0.element)))" }.joined()
        }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\""
            + " tabindex=\"0\" aria-label=\"\(HTML.escape("\(trend.series) \(metric): \(points.count) versions; arrow keys step through them"))\""
            + " data-readout=\"readout\(id)\" data-domain=\"\(axis.low) \(axis.high)\" data-plot=\"\(left) \(Double(width) - right)\"\(axis.byTime ? " data-time=\"1\"" : "")"
            + " data-x=\"\(drawn.map { at(x($0)) }.joined(separator: " "))\" data-v=\"\(drawn.map { String(points[$0].version) }.joined(separator: " "))\""
            + " data-c=\"\(drawn.map { String(points[$0].commitSha.prefix(7)) }.joined(separator: " "))\""
            + " data-y=\"\(drawn.map { HTML.escape(Figures.number(value($0))) }.joined(separator: " "))\">"
        svg += "<text x=\"4\" y=\"\(at(y(high)) )\" font-size=\"11\" fill=\"#6b7385\">\(HTML.number(high))</text>"
            + "<text x=\"4\" y=\"\(at(y(low)))\" font-size=\"11\" fill=\"#6b7385\">\(HTML.number(low))</text>"
            + "<text x=\"\(at(left))\" y=\"\(height - 4)\" font-size=\"11\" fill=\"#6b7385\">\(HTML.escape(axis.label(axis.low)))</text>"
            + "<text x=\"\(at(Double(width) - right))\" y=\"\(height - 4)\" font-size=\"11\" text-anchor=\"end\" fill=\"#6b7385\">\(HTML.escape(axis.label(axis.high)))</text>"
        svg += band(trend, drawn: drawn, label: trend.bandLabel(metric), color: colour, x: x, y: y, floor: floor, ceiling: ceiling)
        for epoch in trend.epochs.dropFirst() where epoch.range.lowerBound > 0 {
            let boundary = at((x(epoch.range.lowerBound - 1) + x(epoch.range.lowerBound)) / 2)
            svg += "<line class=\"epoch\" x1=\"\(boundary)\" x2=\"\(boundary)\" y1=\"\(at(top))\" y2=\"\(at(top + plotHeight))\" stroke=\"#6b7385\" stroke-width=\"2\">"
                + "<title>testbed changed at v\(epoch.firstVersion)</title></line>"
        }
        for mark in marks where points.indices.contains(mark.index) {
            let place = at(x(mark.index))
            svg += "<line class=\"\(mark.style)\" x1=\"\(place)\" x2=\"\(place)\" y1=\"\(at(top))\" y2=\"\(at(top + plotHeight))\" stroke=\"#d9534f\" stroke-dasharray=\"4 3\">"
                + "<title>\(HTML.escape(mark.label))</title></line>"
        }
        for index in drawn {
            guard let interval = Trend.interval(points[index]) else { continue }
            svg += "<line x1=\"\(at(x(index)))\" x2=\"\(at(x(index)))\" y1=\"\(at(y(interval.lowerBound)))\" y2=\"\(at(y(interval.upperBound)))\" stroke=\"\(colour)\" stroke-opacity=\"0.5\"/>"
        }
        svg += "<path class=\"raw\" d=\"\(path(drawn) { y(value($0)) })\" stroke=\"\(colour)\"/>"
        if !trend.medians.isEmpty {
            svg += "<path class=\"median\" d=\"\(path(drawn) { y(trend.medians[$0]) })\" stroke=\"\(colour)\"><title>rolling median of \(trend.model.window)</title></path>"
        }
        svg += "<line class=\"cursor\" x1=\"-10\" x2=\"-10\" y1=\"\(at(top))\" y2=\"\(at(top + plotHeight))\"/>"
            + "<rect class=\"brush\" x=\"0\" y=\"\(at(top))\" width=\"0\" height=\"\(at(plotHeight))\"/></svg>"
        let thinned = drawn.count < points.count ? " · \(drawn.count) drawn" : ""
        return "<figure class=\"panel\"><h2><span class=\"line\(color % Charts.palette.count)\">■</span> \(HTML.escape(trend.series.description))"
            + " <span class=\"muted\">\(points.count) versions\(thinned)</span></h2>\(svg)"
            + "<div class=\"readout muted\" id=\"readout\(id)\" aria-live=\"polite\"></div></figure>"
    }

    /// The limit band over the drawn points: a shaded area per run of consecutive drawn
    /// points that have limits (an open side reaches the panel's edge).
    static func band(_ trend: Trend, drawn: [Int], label: String?, color: String, x: (Int) -> Double, y: (Double) -> Double, floor: Double, ceiling: Double) -> String {
        var runs: [[Int]] = []
        var previous: Int?
        for index in drawn {
            if trend.limit(index) != nil {
                if previous != nil { runs[runs.count - 1].append(index) } else { runs.append([index]) }
                previous = index
            } else {
                previous = nil
            }
        }
        let title = label.map { "<title>\(HTML.escape($0))</title>" } ?? ""
        return runs.map { run -> String in
            let edges = run.flatMap { index -> [(Double, Double, Double)] in
                let limit = trend.limit(index)!, place = x(index)
                let sides = (y(limit.lower ?? floor), y(limit.upper ?? ceiling))
                return run.count == 1 ? [(place - 3, sides.0, sides.1), (place + 3, sides.0, sides.1)] : [(place, sides.0, sides.1)]
            }
            let upper = edges.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(Int($0.element.0.rounded())),\(Int($0.element.2.rounded()))" }
            let lower = edges.reversed().map { "L\(Int($0.0.rounded())),\(Int($0.1.rounded()))" }
            return "<path class=\"limit-band\" d=\"\((upper + lower).joined()) Z\" fill=\"\(color)\" fill-opacity=\"0.14\" stroke=\"none\">\(title)</path>"
        }.joined()
    }
}
