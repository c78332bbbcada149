import Foundation

/// The verdict on one metric of a candidate against its baseline.
public enum Verdict: String, Sendable, Codable, Comparable {
    case regressed
    case inconclusive
    case improved
    case unchanged

    /// Regressions first, then what needs attention, then the rest.
    public static func < (lhs: Verdict, rhs: Verdict) -> Bool { lhs.order < rhs.order }

    private var order: Int {
        switch self {
        case .regressed: 0
        case .inconclusive: 1
        case .improved: 2
        case .unchanged: 3
        }
    }
}

/// One metric's comparison: the figures, the verdict and the evidence behind it.
public struct MetricCheck: Sendable, Equatable {
    public enum Method: String, Sendable, Codable {
        /// No samples on one side: the threshold alone decided.
        case threshold
        /// Samples on both sides: threshold and Mann-Whitney U together.
        case mannWhitney = "mann-whitney"
    }

    public var metric: String
    public var unit: String?
    public var direction: Direction
    public var threshold: Threshold
    public var baseline: Double
    public var candidate: Double
    public var verdict: Verdict
    public var method: Method
    /// Mann-Whitney's two-sided p-value, when samples were compared.
    public var p: Double?
    /// Rank-biserial correlation, when samples were compared.
    public var effectSize: Double?
    public var baselineSamples: Int
    public var candidateSamples: Int
    /// For an inconclusive verdict: about how many samples per side would tell.
    public var samplesNeeded: Int?
    /// Why the verdict is inconclusive, in words.
    public var reason: String?

    /// The change relative to the baseline, in percent (nil when the baseline is 0).
    public var percent: Double? { baseline == 0 ? nil : (candidate - baseline) / abs(baseline) * 100 }

    /// The significance level the statistics use.
    public static let alpha = 0.01

    /// Compares by the metric's direction and threshold; with at least two samples on each
    /// side a change must also be significant under Mann-Whitney U.
    public static func evaluate(metric: String, baseline: MetricValue, candidate: MetricValue,
                                direction: Direction, threshold: Threshold) -> MetricCheck {
        var check = MetricCheck(metric: metric, unit: candidate.unit ?? baseline.unit, direction: direction, threshold: threshold,
                                baseline: baseline.value, candidate: candidate.value, verdict: .unchanged, method: .threshold,
                                baselineSamples: baseline.samples?.count ?? 1, candidateSamples: candidate.samples?.count ?? 1)
        // Relative change in the "better" direction: negative is worse.
        let change: Double
        if baseline.value == 0 {
            change = candidate.value == 0 ? 0 : (candidate.value > 0 ? 1 : -1) * .infinity
        } else {
            change = (candidate.value - baseline.value) / abs(baseline.value)
        }
        let better = direction == .higher ? change : -change
        // A change of exactly the threshold is within it; the epsilon absorbs rounding
        // (0.95 vs 1.0 computes as 5.0000000000000044%).
        let beyond = abs(better) > threshold.fraction + 1e-12
        let moved: Verdict = better < 0 ? .regressed : .improved
        guard let before = baseline.samples, let after = candidate.samples, before.count >= 2, after.count >= 2 else {
            check.verdict = beyond ? moved : .unchanged
            return check
        }
        check.method = .mannWhitney
        let test = MannWhitney(before, after)
        check.p = test?.p
        check.effectSize = test?.effectSize
        guard beyond else { return check }
        if let p = test?.p, p < alpha {
            check.verdict = moved
            return check
        }
        check.verdict = .inconclusive
        if MannWhitney.smallestP(before.count, after.count) >= alpha {
            check.reason = "too few samples: \(before.count) and \(after.count) can never reach p < \(alpha)"
        } else {
            check.reason = String(format: "the change is within the noise (p = %.3g)", check.p ?? 1)
        }
        check.samplesNeeded = samplesNeeded(before, after)
        return check
    }

    /// Samples per side for an 80%-power test at α = 0.05 to see the observed shift,
    /// from the pooled spread (Mann-Whitney's efficiency taken as 0.955 of the t-test's).
    static func samplesNeeded(_ before: [Double], _ after: [Double]) -> Int {
        let a = Summary(before), b = Summary(after)
        let shift = abs(b.mean - a.mean)
        let pooled = ((a.variance * Double(a.count - 1) + b.variance * Double(b.count - 1)) / Double(a.count + b.count - 2)).squareRoot()
        guard shift > 0, pooled > 0 else { return max(a.count, b.count) * 2 }
        let z = 1.959964 + 0.841621
        let perSide = 2 * pow(z * pooled / shift, 2) / 0.955
        return max(Int(perSide.rounded(.up)), max(a.count, b.count) + 1, 4)
    }
}
