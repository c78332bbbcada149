import Foundation

extension Limit {
    /// The limits `model` holds each result of a history against, drawn from the results
    /// before it (the newest `window` of them, within `maxAge` of it when `times` are given,
    /// in seconds): the band a chart shades, outside of which `bench check` would have
    /// flagged the result. The practical floor widens the limits to at least `minChange`
    /// of the centre on each side, as the verdict does. nil where the results before a point
    /// are fewer than `minRuns` or cannot support the model (no spread); `auto` draws the
    /// t-test's limits, the history model it uses for single runs; `percentage` draws none.
    /// With `indices`, only the limits at those points, in their order (a chart drawing a
    /// thousand of 20,000 points needs only theirs).
    public static func band(_ values: [Double], times: [Double]? = nil, model: VerdictModel, direction: Direction, at indices: [Int]? = nil) -> [Limit?] {
        let kind = model.kind == .auto ? .tTest : model.kind
        let quantiles = QuantileCache(confidence: model.confidence)
        return (indices ?? Array(values.indices)).map { index in
            var first = max(0, index - model.window)
            if let maxAge = model.maxAge, let times {
                while first < index && times[first] < times[index] - maxAge { first += 1 }
            }
            guard kind == .static || index - first >= model.minRuns,
                  var limit = draw(kind, window: Array(values[first..<index]), candidate: values[index], direction: direction, model: model, quantiles: quantiles)
            else { return nil }
            if kind != .static {
                let floor = abs(limit.center) * model.minChange
                limit.lower = limit.lower.map { min($0, limit.center - floor) }
                limit.upper = limit.upper.map { max($0, limit.center + floor) }
            }
            return limit
        }
    }
}

/// The quantiles of a model's confidence, each computed once: a band draws thousands of
/// limits from windows of a few sizes, and Student's t is found by bisection (300 CDFs).
public final class QuantileCache {
    private let confidence: Double
    private var students: [Int: Double] = [:]

    /// The normal quantile of the central `confidence` interval's upper end.
    public private(set) lazy var normal = Quantiles.normal((1 + confidence) / 2)

    public init(confidence: Double) { self.confidence = confidence }

    /// Student's t quantile for a window of `n` results (n − 1 degrees of freedom).
    public func student(n: Int) -> Double {
        if let known = students[n] { return known }
        let quantile = Quantiles.student((1 + confidence) / 2, df: Double(n - 1))
        students[n] = quantile
        return quantile
    }
}
