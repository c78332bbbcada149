import BenchCore
import BenchKit
import Foundation

/// Writes JSON to standard output as it is made, byte for byte as `JSONOutput.print` would
/// write the whole value (pretty, sorted keys, slashes unescaped): a long history is written
/// a page at a time instead of being held and encoded at once. The few small values around
/// the rows (a series, its actions, its epochs) go through `JSONEncoder`; the rows themselves
/// (`SnapshotJSON`) are written here, which is what makes 20,000 of them cheap.
struct JSONStream {
    private var buffer: [UInt8] = []
    /// Where the bytes go: standard output, or a test's collector.
    private let sink: ([UInt8]) -> Void

    init(sink: @escaping ([UInt8]) -> Void = JSONStream.standardOutput) {
        self.sink = sink
        buffer.reserveCapacity(Self.flushSize * 2)
    }

    static func standardOutput(_ bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes))
    }

    /// Written out past this many bytes.
    static let flushSize = 1 << 16

    mutating func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.flushSize { flush() }
    }

    /// Hands what is buffered to standard output.
    mutating func flush() {
        guard !buffer.isEmpty else { return }
        sink(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// A value as `JSONOutput` encodes it, its inner lines indented to sit at `depth`.
    static func encoded<T: Encodable>(_ value: T, depth: Int) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "null" }
        let text = String(decoding: data, as: UTF8.self)
        let indent = String(repeating: "  ", count: depth)
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { $0.offset == 0 || $0.element.isEmpty ? String($0.element) : indent + $0.element }.joined(separator: "\n")
    }

    /// A string literal as `JSONEncoder` writes it: plain text as it is, anything to escape
    /// through the encoder itself.
    static func string(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C }) { return "\"" + text + "\"" }
        return fragment(text)
    }

    static func nullable(_ text: String?) -> String { text.map { string($0) } ?? "null" }

    /// A number as `JSONEncoder` writes a `Double`: its shortest description, without a
    /// trailing ".0".
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return fragment(value) }
        let text = value.description
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// One value alone, through the encoder (compact, as it sits on one line).
    private static func fragment<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        guard let data = try? encoder.encode([value]) else { return "null" }
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }
}

/// `SnapshotJSON` written by hand, in `JSONEncoder`'s sorted, pretty form.
struct SnapshotRowWriter {
    /// The order `JSONEncoder` sorts each set of metric names in, learnt from the encoder once
    /// per set (the rows of a series name the same few metrics).
    private var orders: [[String]: [String]] = [:]
    private var emptyObject: [Int: String] = [:]

    /// The snapshot as an element of an array at `depth` (its `{` indented to it).
    mutating func write(_ snapshot: SnapshotJSON, depth: Int, to stream: inout JSONStream) {
        let outer = String(repeating: "  ", count: depth), inner = outer + "  "
        var fields: [(String, String)] = [
            ("branch_name", JSONStream.string(snapshot.branch_name)),
            ("commit_sha", JSONStream.string(snapshot.commit_sha)),
            ("commit_time", JSONStream.nullable(snapshot.commit_time)),
            ("created_at", JSONStream.string(snapshot.created_at)),
            ("dataset_version", JSONStream.string(snapshot.dataset_version)),
            ("environment", JSONStream.string(snapshot.environment)),
            ("inactive_reason", JSONStream.nullable(snapshot.inactive_reason)),
            ("is_active", snapshot.is_active ? "true" : "false"),
            ("is_baseline", snapshot.is_baseline ? "true" : "false"),
            ("is_current", snapshot.is_current ? "true" : "false"),
            ("last_updated_at", JSONStream.string(snapshot.last_updated_at)),
        ]
        fields.append(("metrics", object(snapshot.metrics, depth: depth + 1, JSONStream.number)))
        fields += [
            ("model_provider", JSONStream.nullable(snapshot.model_provider)),
            ("model_version", JSONStream.string(snapshot.model_version)),
            ("prompt_version", JSONStream.string(snapshot.prompt_version)),
        ]
        fields.append(("samples", object(snapshot.samples, depth: depth + 1) { values in
            values.isEmpty ? JSONStream.encoded(values, depth: depth + 2)
                : "[\n" + values.map { inner + "    " + JSONStream.number($0) }.joined(separator: ",\n") + "\n" + inner + "  ]"
        }))
        fields += [
            ("snapshot_version", String(snapshot.snapshot_version)),
            ("testbed", JSONStream.nullable(snapshot.testbed)),
            ("transaction_id", JSONStream.string(snapshot.transaction_id)),
        ]
        fields.append(("units", object(snapshot.units, depth: depth + 1) { JSONStream.string($0) }))
        stream.write(outer + "{\n" + fields.map { inner + "\"" + $0.0 + "\" : " + $0.1 }.joined(separator: ",\n") + "\n" + outer + "}")
    }

    /// A dictionary at `depth`, its keys in the encoder's order.
    private mutating func object<V: Encodable>(_ dictionary: [String: V], depth: Int, _ value: (V) -> String) -> String {
        guard !dictionary.isEmpty else {
            if let cached = emptyObject[depth] { return cached }
            let made = JSONStream.encoded([String: Int](), depth: depth)
            emptyObject[depth] = made
            return made
        }
        let names = dictionary.keys.sorted()
        let order: [String]
        if let known = orders[names] {
            order = known
        } else {
            order = Self.encoderOrder(names)
            orders[names] = order
        }
        let indent = String(repeating: "  ", count: depth + 1)
        return "{\n" + order.map { indent + JSONStream.string($0) + " : " + value(dictionary[$0]!) }.joined(separator: ",\n")
            + "\n" + String(repeating: "  ", count: depth) + "}"
    }

    /// The order `JSONEncoder`'s sorted keys put these names in.
    private static func encoderOrder(_ names: [String]) -> [String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let indexed = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($0.element, $0.offset) })
        guard let data = try? encoder.encode(indexed),
              let decoded = try? JSONSerialization.jsonObject(with: data) as? [String: Int] else { return names }
        // The encoder wrote the indexes in its key order: read them back in text order.
        let text = String(decoding: data, as: UTF8.self)
        let positions = decoded.map { name, index in (index, text.range(of: JSONStream.string(name) + ":\(index)")?.lowerBound) }
        return positions.sorted { ($0.1 ?? text.endIndex) < ($1.1 ?? text.endIndex) }.map { names[$0.0] }
    }
}
