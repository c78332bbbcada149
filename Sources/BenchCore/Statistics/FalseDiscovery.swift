/// Benjamini–Hochberg: p-values adjusted so that rejecting those below q keeps the expected
/// share of false discoveries among all rejections at or under q, whatever the number of tests.
public enum FalseDiscovery {
    /// The default false-discovery rate of one check.
    public static let defaultRate = 0.05

    /// The adjusted p-values, in the order given (SciPy's `false_discovery_control(ps, method="bh")`).
    public static func adjusted(_ p: [Double]) -> [Double] {
        let count = p.count
        guard count > 0 else { return [] }
        let order = p.indices.sorted { p[$0] < p[$1] }
        var result = [Double](repeating: 1, count: count)
        var running = 1.0
        for rank in stride(from: count, through: 1, by: -1) {
            let index = order[rank - 1]
            running = min(running, p[index] * Double(count) / Double(rank))
            result[index] = min(1, running)
        }
        return result
    }
}

extension FalseDiscovery {
    /// Benjamini–Hochberg over every metric of one check (all series): each p-value is
    /// adjusted, and a regression or improvement whose adjusted p exceeds `rate` is not
    /// called (unchanged, with the reason). One p-value alone is left as it is.
    public static func control(_ series: [[MetricCheck]], rate: Double = defaultRate) -> [[MetricCheck]] {
        let places = series.indices.flatMap { s in series[s].indices.compactMap { m in series[s][m].p == nil ? nil : (s, m) } }
        guard places.count >= 2 else { return series }
        let adjusted = self.adjusted(places.map { series[$0.0][$0.1].p! })
        var result = series
        for ((s, m), p) in zip(places, adjusted) {
            result[s][m].adjustedP = p
            guard p > rate, result[s][m].verdict == .regressed || result[s][m].verdict == .improved else { continue }
            result[s][m].reason = "not significant among \(places.count) tests after false-discovery control (adjusted p=\(Figures.pValue(p)) > \(Figures.number(rate)))"
            result[s][m].verdict = .unchanged
        }
        return result
    }
}
