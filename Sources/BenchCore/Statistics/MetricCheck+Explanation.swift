extension MetricCheck {
    /// The verdict in one line with its evidence, e.g. "latency_ms 118.2 > upper limit 109.4
    /// (t-test over 30 runs on main, 99%)" or "f1 0.835 < lower limit 0.855 (5% below the baseline 0.9)".
    public var explanation: String {
        let value = figure(candidate)
        let worseLimit = direction == .lower ? upperLimit : lowerLimit
        let betterLimit = direction == .lower ? lowerLimit : upperLimit
        let place: String
        switch verdict {
        case .regressed, .improved:
            let limit = verdict == .regressed ? worseLimit : betterLimit
            let above = (limit ?? candidate) < candidate
            let side = above ? "upper" : "lower"
            place = limit.map { "\(metric) \(value) \(above ? ">" : "<") \(side) limit \(figure($0))" } ?? "\(metric) \(value)"
        case .inconclusive, .unchanged:
            if let lower = lowerLimit, let upper = upperLimit {
                place = "\(metric) \(value) within \(figure(lower))–\(figure(upper))"
            } else if let limit = worseLimit {
                place = "\(metric) \(value) within the limit \(figure(limit))"
            } else {
                place = "\(metric) \(value)"
            }
        }
        return place + " (" + evidence + ")"
    }

    /// What the limits came from.
    public var evidence: String {
        switch method {
        case .history:
            var words = "\(model) over \(windowSize ?? 0) runs"
            if let windowBranch { words += " on \(windowBranch)" }
            if let confidence { words += ", \(Figures.number(confidence * 100))%" }
            if let p { words += ", p=\(Figures.pValue(p))" }
            if let adjustedP, adjustedP != p { words += ", adjusted p=\(Figures.pValue(adjustedP))" }
            return words
        case .threshold:
            // The side of the baseline the limit that decided lies on: the worse one for a
            // regression, the better one for an improvement.
            let worse = direction == .higher ? "below" : "above"
            let better = direction == .higher ? "above" : "below"
            let words0 = switch verdict {
            case .regressed: "\(threshold) \(worse) the baseline"
            case .improved: "\(threshold) \(better) the baseline"
            case .inconclusive, .unchanged: "within \(threshold) of the baseline"
            }
            var words = words0 + " \(figure(baseline))"
            if let reason { words += "; \(reason)" }
            return words
        case .mannWhitney:
            var words = "Mann-Whitney U over \(baselineSamples)/\(candidateSamples) samples, threshold \(threshold)"
            if let p { words += ", p=\(Figures.pValue(p))" }
            if let adjustedP, adjustedP != p { words += ", adjusted p=\(Figures.pValue(adjustedP))" }
            if let reason { words += "; \(reason)" }
            return words
        }
    }

    private func figure(_ value: Double) -> String { Figures.number(value) + (unit ?? "") }
}
