import Foundation

/// The `bench-json` format: the seeds' result object, exactly as their docs show it, a JSON
/// array of them, and the optional `{value, unit, samples}` form of a metric. Provenance
/// fields (`commit_sha`, `branch_name`, `created_at`, …) are read when present, so that
/// `bench export --format json` output imports back.
public enum BenchJSONFormat {
    /// Parses and validates every result in the text; throws the first problem found.
    public static func parse(_ bytes: [UInt8]) throws(FormatError) -> [BenchResult] {
        try parse(try JSONParser.parse(bytes))
    }

    /// The results of an array of bench-json results, each made as its element is parsed and
    /// the element dropped, so a bulk import's file is never held as one tree (100,000
    /// results took 170 MB that way). `detecting`: only when the first element carries a
    /// bench-json field, as format detection would decide. Nil when the input is not such an
    /// array, or has any problem: then the whole-tree path reads it again and reports the
    /// problem exactly as it always has.
    public static func streamed(_ bytes: [UInt8], detecting: Bool) -> [BenchResult]? {
        var results: [BenchResult] = []
        return streamed(bytes, detecting: detecting) { results.append($0) } ? results : nil
    }

    /// `streamed`, each result handed to `body` as it is made, none kept: whether the whole
    /// input was read so. False when it is not such an array or has a problem, after `body`
    /// may have had the results before it.
    public static func streamed(_ bytes: [UInt8], detecting: Bool, _ body: (BenchResult) -> Void) -> Bool {
        var made = 0
        do {
            let count = try JSONParser.forEachElement(bytes) { (element) throws(FormatError) in
                if detecting && made == 0 && !(element.has("model_version") || element.has("metrics")) {
                    throw FormatError(message: "not bench-json")
                }
                body(try result(from: element, path: "[\(made)]."))
                made += 1
            }
            return (count ?? 0) > 0
        } catch {
            return false
        }
    }

    /// Reads every result of a parsed document; throws the first problem found.
    static func parse(_ root: JSONNode) throws(FormatError) -> [BenchResult] {
        switch root.value {
        case .object:
            return [try result(from: root, path: "")]
        case .array(let elements):
            guard !elements.isEmpty else {
                throw FormatError(line: root.line, column: root.column, message: "the array holds no results",
                                  hint: "give at least one result object")
            }
            var results: [BenchResult] = []
            for (position, element) in elements.enumerated() {
                results.append(try result(from: element, path: "[\(position)]."))
            }
            return results
        default:
            throw FormatError(line: root.line, column: root.column,
                              message: "expected a result object or an array of them, found \(root.kindName)",
                              hint: "see the bench-json format in the README")
        }
    }

    private static func fail(_ node: JSONNode, _ field: String, _ message: String, hint: String? = nil) -> FormatError {
        FormatError(line: node.line, column: node.column, field: field, message: message,
                    hint: hint ?? "fix that field; the README's bench-json section shows the format")
    }

    private static func located(_ error: FormatError, _ node: JSONNode) -> FormatError {
        var copy = error
        copy.line = node.line
        copy.column = node.column
        return copy
    }

    private static func result(from node: JSONNode, path: String) throws(FormatError) -> BenchResult {
        guard case .object = node.value else {
            throw fail(node, path.isEmpty ? "result" : String(path.dropLast()),
                       "expected a result object, found \(node.kindName)")
        }
        guard let modelNode = node["model_version"] else {
            throw fail(node, path + "model_version", "is missing",
                       hint: "every result needs \"model_version\" (the model or benchmark it measured)")
        }
        let model = try name(modelNode, path + "model_version")
        guard let metricsNode = node["metrics"] else {
            throw fail(node, path + "metrics", "is missing",
                       hint: "every result needs \"metrics\": an object of metric names and numbers")
        }
        var result = BenchResult(modelVersion: model, metrics: try metrics(metricsNode, path: path + "metrics"))
        result.datasetVersion = try optionalName(node, "dataset_version", path)
        result.promptVersion = try optionalName(node, "prompt_version", path)
        result.modelProvider = try optionalName(node, "model_provider", path)
        result.commitSha = try optionalName(node, "commit_sha", path)
        result.branchName = try optionalName(node, "branch_name", path)
        result.environment = try optionalName(node, "environment", path)
        result.runId = try optionalName(node, "run_id", path)
        result.triggeredBy = try optionalName(node, "triggered_by", path)
        result.transactionId = try optionalName(node, "transaction_id", path)
        result.testbed = try optionalName(node, "testbed", path)
        result.notes = try optionalString(node, "notes", path)
        if let notes = result.notes, notes.unicodeScalars.contains("\u{0}") {
            throw fail(node["notes"]!, path + "notes", "contains a NUL character", hint: "remove the \\u0000 from the notes")
        }
        if let dirty = node["is_dirty"], dirty.value != .null {
            guard case .bool(let flag) = dirty.value else { throw fail(dirty, path + "is_dirty", "expected true or false") }
            result.isDirty = flag
        }
        if let tags = node["tags"], tags.value != .null {
            guard case .array(let elements) = tags.value else {
                throw fail(tags, path + "tags", "expected an array of strings, found \(tags.kindName)")
            }
            var names: [String] = []
            for element in elements { names.append(try name(element, path + "tags")) }
            result.tags = names
        }
        if let size = node["dataset_size"], size.value != .null {
            guard case .number(let value) = size.value, value >= 0, value == value.rounded(), value < 1e15 else {
                throw fail(size, path + "dataset_size", "expected a whole number of 0 or more, found \(size.kindName)")
            }
            result.datasetSize = Int(value)
        }
        if let duration = node["duration_seconds"], duration.value != .null {
            guard case .number(let value) = duration.value, value.isFinite, value >= 0 else {
                throw fail(duration, path + "duration_seconds", "expected a number of seconds, 0 or more")
            }
            result.durationSeconds = value
        }
        if let created = node["created_at"], created.value != .null {
            guard case .string(let text) = created.value, let date = Timestamp.parse(text) else {
                throw fail(created, path + "created_at", "expected an ISO 8601 time such as 2026-11-22T10:00:00Z")
            }
            result.createdAt = date
        }
        return result
    }

    private static func name(_ node: JSONNode, _ field: String) throws(FormatError) -> String {
        guard case .string(let text) = node.value else {
            throw fail(node, field, "expected a string, found \(node.kindName)")
        }
        do { try Names.validate(text, field: field) } catch { throw located(error, node) }
        return text
    }

    private static func optionalName(_ node: JSONNode, _ key: String, _ path: String) throws(FormatError) -> String? {
        guard let child = node[key], child.value != .null else { return nil }
        return try name(child, path + key)
    }

    private static func optionalString(_ node: JSONNode, _ key: String, _ path: String) throws(FormatError) -> String? {
        guard let child = node[key], child.value != .null else { return nil }
        guard case .string(let text) = child.value else {
            throw fail(child, path + key, "expected a string, found \(child.kindName)")
        }
        return text
    }

    private static func metrics(_ node: JSONNode, path: String) throws(FormatError) -> [NamedMetric] {
        guard case .object(let members) = node.value else {
            throw fail(node, path, "expected an object of metric names and numbers, found \(node.kindName)")
        }
        guard !members.isEmpty else {
            throw fail(node, path, "holds no metrics", hint: "add at least one metric, e.g. \"f1\": 0.9")
        }
        var result: [NamedMetric] = []
        result.reserveCapacity(members.count)
        for (key, value) in members {
            let field = path + "." + key
            do { try Names.validate(key, field: field) } catch { throw located(error, value) }
            let parsed = try metric(value, field: field)
            if Names.isNonNegativeQuantity(key) { try requireNonNegative(parsed, value, field: field) }
            result.append(NamedMetric(name: key, metric: parsed))
        }
        return result
    }

    /// Times, latencies, costs and sizes cannot be negative: such a value is a bug upstream.
    private static func requireNonNegative(_ metric: MetricValue, _ node: JSONNode, field: String) throws(FormatError) {
        let hint = "a time, latency, cost or size cannot be below 0: check the tool that wrote this"
        if let samplesNode = node["samples"], let bad = metric.samples?.first(where: { $0 < 0 }) {
            throw fail(samplesNode, field + ".samples", "is negative (\(Figures.number(bad)))", hint: hint)
        }
        guard metric.value < 0 else { return }
        if case .object = node.value, let valueNode = node["value"] {
            throw fail(valueNode, field + ".value", "is negative (\(Figures.number(metric.value)))", hint: hint)
        }
        throw fail(node, field, "is negative (\(Figures.number(metric.value)))", hint: hint)
    }

    private static func finite(_ node: JSONNode, _ field: String) throws(FormatError) -> Double {
        guard case .number(let number) = node.value else {
            throw fail(node, field, "expected a number, found \(node.kindName)",
                       hint: "metric values are plain JSON numbers such as 0.895 or 412")
        }
        guard number.isFinite else {
            throw fail(node, field, "is not a finite number", hint: "metric values must be finite numbers")
        }
        return number
    }

    private static func metric(_ node: JSONNode, field: String) throws(FormatError) -> MetricValue {
        guard case .object = node.value else { return MetricValue(value: try finite(node, field)) }
        var samples: [Double]?
        if let samplesNode = node["samples"], samplesNode.value != .null {
            guard case .array(let elements) = samplesNode.value, !elements.isEmpty else {
                throw fail(samplesNode, field + ".samples", "expected a non-empty array of numbers")
            }
            var values: [Double] = []
            for element in elements { values.append(try finite(element, field + ".samples")) }
            samples = values
        }
        let value: Double
        if let valueNode = node["value"], valueNode.value != .null {
            value = try finite(valueNode, field + ".value")
        } else if let median = samples?.median {
            value = median
        } else {
            throw fail(node, field + ".value", "is missing",
                       hint: "give \"value\", or \"samples\" to take their median")
        }
        var unit: String?
        if let unitNode = node["unit"], unitNode.value != .null {
            unit = try name(unitNode, field + ".unit")
        }
        return MetricValue(value: value, unit: unit, samples: samples)
    }
}
