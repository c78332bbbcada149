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
        /// A threshold model drew limits from the history of the baseline's lineage.
        case history
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
    /// Why the verdict is inconclusive (or why a model fell back), in words.
    public var reason: String?
    /// The model that decided: `percentage`, `mann-whitney`, `t-test`, `z-score`, …
    public var model = VerdictModel.Kind.percentage.rawValue
    /// The limits the candidate was held against (the worse side's decides a regression).
    public var lowerLimit: Double?
    public var upperLimit: Double?
    /// Results in the history window (history models).
    public var windowSize: Int?
    /// Where the window's results were measured, for the explanation ("main").
    public var windowBranch: String?
    /// The confidence of a history model's limits.
    public var confidence: Double?
    /// `p` after Benjamini–Hochberg across every metric of one check.
    public var adjustedP: Double?

    /// The change relative to the baseline, in percent (nil when the baseline is 0).
    public var percent: Double? { baseline == 0 ? nil : (candidate - baseline) / abs(baseline) * 100 }

    /// The significance level the statistics use.
    public static let alpha = 0.01

    /// Judges the candidate by `model`. `auto`: Mann-Whitney U with the threshold when both
    /// sides have enough samples for it to decide; else the t-test model over `window` (the baseline lineage's
    /// results, oldest first) when it holds `minRuns`; else the percentage threshold alone.
    /// An explicit history model without enough history falls back to the percentage
    /// threshold too, and `reason` says so.
    public static func evaluate(metric: String, baseline: MetricValue, candidate: MetricValue, direction: Direction,
                                threshold: Threshold, model: VerdictModel = VerdictModel(), window: [Double] = []) -> MetricCheck {
        // Samples Mann-Whitney can judge: enough on both sides to ever reach α (3 against 3
        // never can); fewer, and their medians go to the history models.
        let before = baseline.samples?.count ?? 0, after = candidate.samples?.count ?? 0
        let sampled = before >= 2 && after >= 2 && MannWhitney.smallestP(before, after) < alpha
        var kind = model.kind
        if kind == .auto { kind = sampled ? .percentage : .tTest }
        if kind != .percentage {
            let enough = kind == .static || window.count >= model.minRuns
            if enough, let limit = Limit.draw(kind, window: window, candidate: candidate.value, direction: direction, model: model) {
                return judged(metric: metric, baseline: baseline, candidate: candidate, direction: direction, threshold: threshold,
                              limit: limit, model: model)
            }
            var check = evaluate(metric: metric, baseline: sampled ? baseline : MetricValue(value: baseline.value, unit: baseline.unit),
                                 candidate: sampled ? candidate : MetricValue(value: candidate.value, unit: candidate.unit),
                                 direction: direction, threshold: threshold)
            (check.baselineSamples, check.candidateSamples) = (before, after)
            if check.verdict != .inconclusive {
                check.reason = "\(window.count) result(s) of history, \(kind.rawValue) needs \(kind == .static ? "limits" : "\(model.minRuns)"): percentage threshold"
            }
            return check
        }
        return evaluate(metric: metric, baseline: baseline, candidate: candidate, direction: direction, threshold: threshold)
    }

    /// The verdict of a history model's limits, with the practical floor.
    static func judged(metric: String, baseline: MetricValue, candidate: MetricValue, direction: Direction, threshold: Threshold,
                       limit: Limit, model: VerdictModel) -> MetricCheck {
        var check = MetricCheck(metric: metric, unit: candidate.unit ?? baseline.unit, direction: direction, threshold: threshold,
                                baseline: baseline.value, candidate: candidate.value, verdict: .unchanged, method: .history,
                                p: limit.p, baselineSamples: baseline.samples?.count ?? 1, candidateSamples: candidate.samples?.count ?? 1)
        check.model = limit.kind.rawValue
        check.lowerLimit = limit.lower
        check.upperLimit = limit.upper
        check.windowSize = limit.windowSize
        check.confidence = [.tTest, .zScore, .logNormal].contains(limit.kind) ? model.confidence : nil
        let value = candidate.value
        let change = limit.center == 0 ? 0 : (value - limit.center) / abs(limit.center)
        let betterChange = direction == .higher ? change : -change
        let pastWorse = direction == .lower ? limit.upper.map { value > $0 } : limit.lower.map { value < $0 }
        let pastBetter = direction == .lower ? limit.lower.map { value < $0 } : limit.upper.map { value > $0 }
        let floor = limit.kind == .static ? 0 : model.minChange
        if pastWorse == true && -betterChange > floor {
            check.verdict = .regressed
        } else if pastBetter == true && betterChange > floor {
            check.verdict = .improved
        } else if pastWorse == true || pastBetter == true {
            check.reason = "beyond the limit but within the practical floor of \(Figures.percent(floor * 100).dropFirst())"
        }
        return check
    }

    /// Compares by the metric's direction and threshold; with at least two samples on each
    /// side a change must also be significant under Mann-Whitney U.
    public static func evaluate(metric: String, baseline: MetricValue, candidate: MetricValue,
                                direction: Direction, threshold: Threshold) -> MetricCheck {
        var check = MetricCheck(metric: metric, unit: candidate.unit ?? baseline.unit, direction: direction, threshold: threshold,
                                baseline: baseline.value, candidate: candidate.value, verdict: .unchanged, method: .threshold,
                                baselineSamples: baseline.samples?.count ?? 1, candidateSamples: candidate.samples?.count ?? 1)
        let span = abs(baseline.value) * threshold.fraction
        (check.lowerLimit, check.upperLimit) = (baseline.value - span, baseline.value + span)
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
        check.model = Method.mannWhitney.rawValue
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
            check.reason = Figures.formatted(check.p ?? 1, "the change is within the noise (p = %.3g)")
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
