import BenchCore
import BenchStore
import Foundation

/// Writes every recorded run as CSV (one row a run, one column a metric) or as bench-json
/// with provenance, which `bench import` reads back.
public enum ExportFormat: String, Sendable, CaseIterable {
    case csv
    case json
}

/// Renders runs for `bench export`.
public enum Exporter {
    static let fixedColumns = ["created_at", "transaction_id", "commit_sha", "branch_name", "model_version", "dataset_version",
                               "prompt_version", "environment", "model_provider", "snapshot_version", "run_id", "triggered_by",
                               "is_dirty", "tags", "notes", "testbed"]

    /// The runs as CSV text (RFC 4180), a header row first.
    public static func csv(_ runs: [AuditEntry]) -> String {
        let metricNames = NamedMetric.names(in: runs.map(\.metrics))
        var lines = [(fixedColumns + metricNames).map(csvField).joined(separator: ",")]
        for run in runs {
            let fixed: [String] = [
                Timestamp.format(run.createdAt), run.id, run.provenance.commitSha, run.series.branchName, run.series.modelVersion,
                run.series.datasetVersion, run.series.promptVersion, run.series.environment, run.modelProvider ?? "",
                run.snapshotVersion.map(String.init) ?? "", run.provenance.runId ?? "", run.provenance.triggeredBy ?? "",
                run.provenance.isDirty ? "true" : "false", JSONText.strings(run.provenance.tags), run.provenance.notes ?? "",
                run.provenance.testbed ?? "",
            ]
            let values = metricNames.map { name in run.metrics[name].map { JSONText.number($0.value) } ?? "" }
            lines.append((fixed + values).map(csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Writes exported text to a file.
    public static func write(_ text: String, to path: String) throws(BenchError) {
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw BenchError(.environment, "cannot write \(path)", hint: "check the path and its permissions")
        }
    }

    /// The runs as a bench-json array carrying their provenance.
    public static func json(_ runs: [AuditEntry]) -> String {
        let objects = runs.map { run -> String in
            var fields: [(String, String)] = [
                ("transaction_id", JSONText.string(run.id)),
                ("created_at", JSONText.string(Timestamp.format(run.createdAt))),
                ("commit_sha", JSONText.string(run.provenance.commitSha)),
                ("branch_name", JSONText.string(run.series.branchName)),
                ("environment", JSONText.string(run.series.environment)),
                ("is_dirty", run.provenance.isDirty ? "true" : "false"),
                ("model_version", JSONText.string(run.series.modelVersion)),
            ]
            if !run.series.datasetVersion.isEmpty { fields.append(("dataset_version", JSONText.string(run.series.datasetVersion))) }
            if !run.series.promptVersion.isEmpty { fields.append(("prompt_version", JSONText.string(run.series.promptVersion))) }
            if let provider = run.modelProvider { fields.append(("model_provider", JSONText.string(provider))) }
            if let runId = run.provenance.runId { fields.append(("run_id", JSONText.string(runId))) }
            if let actor = run.provenance.triggeredBy { fields.append(("triggered_by", JSONText.string(actor))) }
            if !run.provenance.tags.isEmpty { fields.append(("tags", JSONText.strings(run.provenance.tags))) }
            if let notes = run.provenance.notes { fields.append(("notes", JSONText.string(notes))) }
            if let size = run.provenance.datasetSize { fields.append(("dataset_size", String(size))) }
            if let seconds = run.provenance.durationSeconds { fields.append(("duration_seconds", JSONText.number(seconds))) }
            if let testbed = run.provenance.testbed { fields.append(("testbed", JSONText.string(testbed))) }
            let metrics = run.metrics.map { metric -> String in
                let value: String
                if metric.metric.unit == nil && metric.metric.samples == nil {
                    value = JSONText.number(metric.metric.value)
                } else {
                    var parts = ["\"value\": " + JSONText.number(metric.metric.value)]
                    if let unit = metric.metric.unit { parts.append("\"unit\": " + JSONText.string(unit)) }
                    if let samples = metric.metric.samples { parts.append("\"samples\": " + JSONText.numbers(samples)) }
                    value = "{" + parts.joined(separator: ", ") + "}"
                }
                return "      " + JSONText.string(metric.name) + ": " + value
            }
            fields.append(("metrics", "{\n" + metrics.joined(separator: ",\n") + "\n    }"))
            return "  {\n" + fields.map { "    \(JSONText.string($0.0)): \($0.1)" }.joined(separator: ",\n") + "\n  }"
        }
        return "[\n" + objects.joined(separator: ",\n") + "\n]\n"
    }
}
