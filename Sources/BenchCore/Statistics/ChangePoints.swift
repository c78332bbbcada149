/// A step in a series: where it is, the level before and after, and how sure.
public struct ChangePoint: Sendable, Equatable {
    /// Index of the first point after the change.
    public var index: Int
    public var meanBefore: Double
    public var meanAfter: Double
    /// Welch's t-test between the segments either side.
    public var p: Double

    /// The change relative to the level before, in percent (nil when that level is 0).
    public var percent: Double? { meanBefore == 0 ? nil : (meanAfter - meanBefore) / abs(meanBefore) * 100 }
}

/// Change-point detection by E-divisive means (Matteson & James, 2014) as MongoDB's
/// signal processing and Apache Otava use it: split the series where the energy distance
/// between the two sides is largest, keep the split when a t-test between the adjacent
/// segments is significant, and recurse on both sides.
public struct ChangePointDetector: Sendable {
    /// Significance a split must reach.
    public var pValue: Double
    /// Fewest points a segment may have.
    public var minimumSegment: Int
    /// Smallest relative step worth reporting (0 reports any significant step).
    public var minimumRelativeChange: Double

    public init(pValue: Double = 0.001, minimumSegment: Int = 3, minimumRelativeChange: Double = 0) {
        self.pValue = pValue
        self.minimumSegment = minimumSegment
        self.minimumRelativeChange = minimumRelativeChange
    }

    /// The change points of `series`, in order.
    public func detect(_ series: [Double]) -> [ChangePoint] {
        var splits: [Int] = []
        var pending = [(0, series.count)]
        while let (start, end) = pending.popLast() {
            guard let split = bestSplit(series, start, end) else { continue }
            splits.append(split)
            pending.append((start, split))
            pending.append((split, end))
        }
        splits.sort()
        // Re-test each split against its final neighbours, as Otava does, and drop the weak.
        var changed = true
        while changed {
            changed = false
            for (position, split) in splits.enumerated() {
                let start = position == 0 ? 0 : splits[position - 1]
                let end = position == splits.count - 1 ? series.count : splits[position + 1]
                if !significant(series, start, split, end) {
                    splits.remove(at: position)
                    changed = true
                    break
                }
            }
        }
        return splits.enumerated().map { position, split in
            let start = position == 0 ? 0 : splits[position - 1]
            let end = position == splits.count - 1 ? series.count : splits[position + 1]
            let before = Summary(series[start..<split]), after = Summary(series[split..<end])
            let p = WelchTTest(series[start..<split], series[split..<end])?.p ?? 1
            return ChangePoint(index: split, meanBefore: before.mean, meanAfter: after.mean, p: p)
        }
    }

    private func significant(_ series: [Double], _ start: Int, _ split: Int, _ end: Int) -> Bool {
        let left = series[start..<split], right = series[split..<end]
        guard left.count >= minimumSegment, right.count >= minimumSegment,
              let test = WelchTTest(left, right), test.p < pValue else { return false }
        let before = Summary(left).mean, after = Summary(right).mean
        if minimumRelativeChange > 0 {
            guard before != 0, abs(after - before) / abs(before) >= minimumRelativeChange else { return false }
        }
        return true
    }

    /// The split of series[start..<end] with the largest energy statistic, if significant.
    func bestSplit(_ series: [Double], _ start: Int, _ end: Int) -> Int? {
        let n = end - start
        guard n >= 2 * minimumSegment else { return nil }
        let values = Array(series[start..<end])
        // Pairwise distance sums within the left part, within the right part, and across,
        // updated in O(n) as each point moves from right to left: O(n²) in all.
        var across = 0.0, withinLeft = 0.0, withinRight = 0.0
        let first = minimumSegment
        for i in 0..<n {
            for j in (i + 1)..<max(i + 1, n) {
                let distance = abs(values[i] - values[j])
                if j < first { withinLeft += distance } else if i >= first { withinRight += distance } else { across += distance }
            }
        }
        var best: (index: Int, q: Double)?
        var tau = first
        while true {
            let m = Double(tau), k = Double(n - tau)
            let meanAcross = 2 * across / (m * k)
            let meanLeft = m > 1 ? 2 * withinLeft / (m * (m - 1)) : 0
            let meanRight = k > 1 ? 2 * withinRight / (k * (k - 1)) : 0
            let q = m * k / (m + k) * (meanAcross - meanLeft - meanRight)
            if best == nil || q > best!.q { best = (tau, q) }
            guard tau < n - minimumSegment else { break }
            // values[tau] moves to the left part.
            let moving = values[tau]
            var toLeft = 0.0, toRight = 0.0
            for i in 0..<tau { toLeft += abs(values[i] - moving) }
            for j in (tau + 1)..<n { toRight += abs(values[j] - moving) }
            withinLeft += toLeft
            withinRight -= toRight
            across += toRight - toLeft
            tau += 1
        }
        guard let best, significant(series, start, start + best.index, end) else { return nil }
        return start + best.index
    }
}
