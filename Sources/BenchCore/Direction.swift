/// Which way a metric improves.
public enum Direction: String, Sendable, Codable, CaseIterable {
    case higher
    case lower

    /// The direction a metric's name suggests: scores improve upward; time, cost,
    /// errors and memory improve downward. Names that say neither default to higher.
    public static func `default`(forMetric name: String) -> Direction {
        let lowered = name.lowercased()
        let lowerIsBetter = ["latency", "time", "cost", "error", "memory", "duration", "ns/op",
                             "ns_per_op", "allocs", "bytes", "loss", "rss", "wall", "cpu", "seconds", "_ms", "_ns", "_us"]
        if lowerIsBetter.contains(where: { lowered.contains($0) }) { return .lower }
        return .higher
    }
}
