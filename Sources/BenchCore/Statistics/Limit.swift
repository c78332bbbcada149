import Foundation

/// The limits a history model draws for the next result, and where a candidate falls.
public struct Limit: Sendable, Equatable {
    /// The model that drew them (never `auto`).
    public var kind: VerdictModel.Kind
    public var lower: Double?
    public var upper: Double?
    /// The history's centre (mean, median or the baseline), for the practical floor.
    public var center: Double
    /// Results in the window.
    public var windowSize: Int
    /// Two-sided p-value of the candidate under the model, for models with a distribution.
    public var p: Double?

    /// Draws the limits of `kind` from `window` (oldest first) for a metric improving in
    /// `direction`, and places `candidate`; nil when the window cannot support the model
    /// (too few results, no spread, non-positive values for log-normal). The distribution
    /// models' limits bound the central `confidence` interval (a 99% prediction interval
    /// leaves 0.5% on each side).
    /// `quantiles` gives the distribution's quantile for a window of n results (the band
    /// passes one that remembers each n's: finding Student's t by bisection costs 300 CDFs).
    public static func draw(_ kind: VerdictModel.Kind, window: [Double], candidate: Double, direction: Direction,
                            model: VerdictModel, quantiles: QuantileCache? = nil) -> Limit? {
        let n = window.count
        switch kind {
        case .auto, .percentage:
            return nil
        case .static:
            guard model.lower != nil || model.upper != nil else { return nil }
            let center = window.median ?? ((model.lower ?? model.upper!) + (model.upper ?? model.lower!)) / 2
            return Limit(kind: kind, lower: model.lower, upper: model.upper, center: center, windowSize: n)
        case .zScore, .tTest, .logNormal:
            guard n >= 2 else { return nil }
            let logs = kind == .logNormal
            if logs && (window.contains { $0 <= 0 } || candidate <= 0) { return nil }
            let values = logs ? window.map(Foundation.log) : window
            let summary = Summary(values)
            let spread: Double
            let quantile: Double
            let score: (Double) -> Double   // P(X ≤ x) under the model, on the model's scale
            if kind == .tTest {
                spread = summary.standardDeviation * (1 + 1 / Double(n)).squareRoot()
                quantile = quantiles?.student(n: n) ?? Quantiles.student((1 + model.confidence) / 2, df: Double(n - 1))
                score = { Quantiles.studentCDF($0, df: Double(n - 1)) }
            } else {
                spread = summary.standardDeviation
                quantile = quantiles?.normal ?? Quantiles.normal((1 + model.confidence) / 2)
                score = SpecialFunctions.normalCDF
            }
            guard spread > 0 else { return nil }
            let back: (Double) -> Double = logs ? { Foundation.exp($0) } : { $0 }
            let position = ((logs ? Foundation.log(candidate) : candidate) - summary.mean) / spread
            let p = min(1, 2 * min(score(position), 1 - score(position)))
            return Limit(kind: kind, lower: back(summary.mean - quantile * spread), upper: back(summary.mean + quantile * spread),
                         center: back(summary.mean), windowSize: n, p: p)
        case .iqr:
            guard n >= 4, let q1 = Quantiles.sample(window, 0.25), let q3 = Quantiles.sample(window, 0.75) else { return nil }
            let range = q3 - q1
            return Limit(kind: kind, lower: q1 - model.multiplier * range, upper: q3 + model.multiplier * range,
                         center: window.median!, windowSize: n)
        case .deltaIQR:
            guard n >= 5, let median = window.median else { return nil }
            let deltas = zip(window.dropFirst(), window).compactMap { next, previous in previous == 0 ? nil : (next - previous) / abs(previous) }
            guard deltas.count >= 4, let q1 = Quantiles.sample(deltas, 0.25), let q3 = Quantiles.sample(deltas, 0.75) else { return nil }
            let range = q3 - q1
            return Limit(kind: kind, lower: median * (1 + q1 - model.multiplier * range),
                         upper: median * (1 + q3 + model.multiplier * range), center: median, windowSize: n)
        }
    }

    /// The limit on the worse side: upper for a metric better lower, lower for one better higher.
    public func worse(_ direction: Direction) -> Double? { direction == .lower ? upper : lower }

    /// The limit on the better side.
    public func better(_ direction: Direction) -> Double? { direction == .lower ? lower : upper }
}
