extension Array where Element == Double {
    /// The median, or nil for an empty array.
    public var median: Double? {
        guard !isEmpty else { return nil }
        let sorted = self.sorted()
        let middle = sorted.count / 2
        if sorted.count % 2 == 1 { return sorted[middle] }
        let (low, high) = (sorted[middle - 1], sorted[middle])
        // Halved first only when the sum overflows (1e308 and 1e308): halving loses subnormals.
        let sum = low + high
        return sum.isFinite ? sum / 2 : low / 2 + high / 2
    }
}
