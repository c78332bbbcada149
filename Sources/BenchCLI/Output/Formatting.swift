import BenchCore
import Foundation

/// How numbers, metrics and commits read in tables.
enum Formatting {
    /// Up to six significant digits: `0.895`, `412`, `0.0042`.
    static func number(_ value: Double) -> String { Figures.number(value) }

    /// `f1=0.895 latency=412 ms ns/op=87014`, in the snapshot's metric order, optionally only some
    /// (units as `Units.describe` writes them).
    static func metrics(_ metrics: [NamedMetric], only names: [String]? = nil) -> String {
        metrics.filter { names == nil || names!.contains($0.name) }
            .map { "\($0.name)=\(Units.describe($0.metric.value, unit: $0.metric.unit, metric: $0.name))" }
            .joined(separator: " ")
    }

    /// `+0.02 (+2.3%)`, or what is missing.
    static func delta(_ delta: MetricDelta) -> String {
        guard let absolute = delta.absolute else { return delta.from == nil ? "(new)" : "(gone)" }
        let sign = absolute > 0 ? "+" : ""
        let percent = delta.percent.map { " (\(Figures.percent($0)))" } ?? ""
        return "\(sign)\(number(absolute))\(percent)"
    }

    static func short(_ sha: String) -> String { Figures.short(sha) }

    static func dash(_ text: String?) -> String { (text?.isEmpty ?? true) ? "-" : text! }

    /// CURRENT, BASELINE and INACTIVE badges of a snapshot.
    static func badges(_ snapshot: Snapshot) -> String {
        var badges: [String] = []
        if snapshot.isCurrent { badges.append("current") }
        if snapshot.isBaseline { badges.append("baseline") }
        if !snapshot.isActive { badges.append("inactive") }
        return badges.joined(separator: ",")
    }
}
