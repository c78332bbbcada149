/// Which way a metric improves.
public enum Direction: String, Sendable, Codable, CaseIterable {
    case higher
    case lower

    /// The direction a metric's name suggests: scores and rates improve upward (f1,
    /// accuracy, items_per_second, MB/s, ops); time, cost, errors, memory and allocations
    /// improve downward, and so do an evaluation's stderr and perplexity. Names that say
    /// neither default to higher.
    public static func `default`(forMetric name: String) -> Direction {
        let lowered = name.lowercased()
        // benchmark.js's relative margin of error.
        if lowered == "rme" { return .lower }
        let higherIsBetter = ["per_second", "per_sec", "/s", "ops", "throughput", "qps", "rps", "accuracy", "f1",
                              "precision", "recall", "score", "success", "hit_rate"]
        if higherIsBetter.contains(where: { lowered.utf8.contains(bytes: $0.utf8) }) { return .higher }
        let lowerIsBetter = ["latency", "time", "cost", "error", "memory", "duration", "ns/op", "b/op", "allocs", "bytes",
                             "loss", "rss", "wall", "cpu", "seconds", "_ms", "_ns", "_us", "size",
                             "stderr", "perplexity"]
        if lowerIsBetter.contains(where: { lowered.utf8.contains(bytes: $0.utf8) }) { return .lower }
        return .higher
    }
}
