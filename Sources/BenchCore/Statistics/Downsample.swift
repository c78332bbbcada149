/// Thinning a long line for drawing: which of its points to keep so that a chart a few
/// hundred pixels wide shows the same shape, spikes included, from a small part of the points.
public enum Downsample {
    /// The indices of the points to draw, in order: the points are spread by `x` (ascending)
    /// over `columns` equal columns, and each column keeps its lowest and its highest value
    /// (in the order they occur; one point when they are the same). The first and the last
    /// point are always kept, and with them every column's extremes, so no spike is lost:
    /// a line of 20,000 points over 500 columns draws as at most 1,002 points. Fewer points
    /// than `2 × columns` are kept as they are.
    ///
    /// `x` is the points' position (a version number, a time), `y` their value; the two
    /// have the same length. A non-finite `y` is never kept as an extreme.
    public static func minMax(x: [Double], y: [Double], columns: Int) -> [Int] {
        precondition(x.count == y.count, "x and y must have the same length")
        let count = y.count
        guard columns > 0, count > 2 * columns, let first = x.first, let last = x.last else { return Array(0..<count) }
        let span = last - first
        guard span > 0 else { return [0, count - 1] }
        var kept = [0]
        kept.reserveCapacity(2 * columns + 2)
        var column = -1, low = -1, high = -1
        func close() {
            guard low >= 0 else { return }
            for index in low == high ? [low] : [min(low, high), max(low, high)] where index != 0 && index != count - 1 { kept.append(index) }
        }
        for index in 0..<count {
            let at = min(columns - 1, Int((x[index] - first) / span * Double(columns)))
            if at != column {
                close()
                column = at
                low = -1
                high = -1
            }
            guard y[index].isFinite else { continue }
            if low < 0 || y[index] < y[low] { low = index }
            if high < 0 || y[index] > y[high] { high = index }
        }
        close()
        kept.append(count - 1)
        return kept
    }
}

extension Array where Element == Double {
    /// The median of each value with the `window - 1` values before it (fewer at the start):
    /// a trailing rolling median, as long as the array. A window under 1 counts as 1.
    public func rollingMedian(window: Int) -> [Double] {
        let width = Swift.max(1, window)
        // The window kept sorted: one removal and one insertion per step, by binary search.
        var sorted: [Double] = []
        sorted.reserveCapacity(width)
        func position(_ value: Double) -> Int {
            var low = 0, high = sorted.count
            while low < high {
                let middle = (low + high) / 2
                if sorted[middle] < value { low = middle + 1 } else { high = middle }
            }
            return low
        }
        return indices.map { index in
            if index >= width { sorted.remove(at: position(self[index - width])) }
            sorted.insert(self[index], at: position(self[index]))
            let middle = sorted.count / 2
            guard sorted.count % 2 == 0 else { return sorted[middle] }
            // As `median` halves: the sum first, unless it overflows.
            let sum = sorted[middle - 1] + sorted[middle]
            return sum.isFinite ? sum / 2 : sorted[middle - 1] / 2 + sorted[middle] / 2
        }
    }
}
