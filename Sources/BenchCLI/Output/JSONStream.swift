import BenchCore
import BenchKit
import Foundation
import Glibc

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
        // Whatever `print` buffered goes first (nil: every stream).
        fflush(nil)
        var rest = bytes[...]
        while !rest.isEmpty {
            let written = rest.withUnsafeBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                // A full disk, say (a closed pipe ends bench by its signal first): said once, as
                // an error of the environment, where `FileHandle.write(_:)` trapped.
                let reason = written < 0 ? String(cString: strerror(errno)) : "nothing was written"
                Terminal.error("cannot write the output: \(reason)", hint: "check where standard output goes (a full disk?)")
                exit(BenchExitCode.environment.rawValue)
            }
            rest = rest.dropFirst(written)
        }
    }

    /// Written out past this many bytes.
    static let flushSize = 1 << 16

    mutating func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.flushSize { flush() }
    }

    mutating func write(bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.flushSize { flush() }
    }

    /// A string literal, as `string(_:)` spells it, without making the quoted copy.
    mutating func writeString(_ text: String) {
        if JSONFragment.isPlain(text) {
            buffer.append(0x22)
            buffer.append(contentsOf: text.utf8)
            buffer.append(0x22)
        } else {
            buffer.append(contentsOf: JSONFragment.string(text).utf8)
        }
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
}

/// A snapshot written by hand as `SnapshotJSON` encodes it, in `JSONEncoder`'s sorted,
/// pretty form, straight into the stream's bytes (no dictionaries, no intermediate strings).
struct SnapshotRowWriter {

    /// The keys of a snapshot's object at one depth, each with what goes before it (the
    /// comma, the line break and the indent), as bytes made once.
    private struct Keys {
        static let names = ["branch_name", "commit_sha", "commit_time", "created_at", "dataset_version", "environment",
                            "inactive_reason", "is_active", "is_baseline", "is_current", "last_updated_at", "metrics",
                            "model_provider", "model_version", "prompt_version", "samples", "snapshot_version", "testbed",
                            "transaction_id", "units"]
        let open: [UInt8], close: [UInt8], keys: [[UInt8]]

        init(depth: Int) {
            let outer = String(repeating: "  ", count: depth), inner = outer + "  "
            open = Array((outer + "{\n").utf8)
            close = Array(("\n" + outer + "}").utf8)
            keys = Self.names.enumerated().map { Array((($0.offset == 0 ? "" : ",\n") + inner + "\"" + $0.element + "\" : ").utf8) }
        }
    }

    private var keys: [Int: Keys] = [:]
    private var lastNames: [String] = []
    private var lastOrder: [String] = []

    /// The snapshot as an element of an array at `depth` (its `{` indented to it).
    mutating func write(_ snapshot: Snapshot, depth: Int, to stream: inout JSONStream) {
        let layout: Keys
        if let known = keys[depth] { layout = known } else { layout = Keys(depth: depth); keys[depth] = layout }
        var next = 0
        func key() {
            stream.write(bytes: layout.keys[next])
            next += 1
        }
        func text(_ value: String?) {
            guard let value else { stream.write("null"); return }
            stream.writeString(value)
        }
        /// An object at `depth` with these keys, in order, each value written by `value`.
        func object(_ names: [String], depth: Int, _ value: (String) -> Void) {
            guard !names.isEmpty else { stream.write(JSONFragment.emptyPretty("{", depth: depth)); return }
            let indent = String(repeating: "  ", count: depth + 1)
            stream.write("{\n")
            for (index, name) in names.enumerated() {
                stream.write(index == 0 ? indent : ",\n" + indent)
                stream.writeString(name)
                stream.write(" : ")
                value(name)
            }
            stream.write("\n" + String(repeating: "  ", count: depth) + "}")
        }
        let metrics = snapshot.metrics
        let order = self.order(metrics.map(\.name))
        // A snapshot has a few metrics, found by name in the list; a wide one (a benchmark
        // suite's hundreds) through a dictionary. The first of a name wins either way.
        let byName = metrics.count > 16 ? Dictionary(metrics.map { ($0.name, $0.metric) }, uniquingKeysWith: { first, _ in first }) : [:]
        func metric(_ name: String) -> MetricValue { byName[name] ?? metrics.first { $0.name == name }!.metric }
        stream.write(bytes: layout.open)
        key(); text(snapshot.series.branchName)
        key(); text(snapshot.commitSha)
        key(); text(snapshot.commitTime.map(Timestamp.format))
        key(); text(Timestamp.format(snapshot.createdAt))
        key(); text(snapshot.series.datasetVersion)
        key(); text(snapshot.series.environment)
        key(); text(snapshot.inactiveReason)
        key(); stream.write(snapshot.isActive ? "true" : "false")
        key(); stream.write(snapshot.isBaseline ? "true" : "false")
        key(); stream.write(snapshot.isCurrent ? "true" : "false")
        key(); text(Timestamp.format(snapshot.lastUpdatedAt))
        key()
        object(order, depth: depth + 1) { stream.write(JSONFragment.number(metric($0).value)) }
        key(); text(snapshot.modelProvider)
        key(); text(snapshot.series.modelVersion)
        key(); text(snapshot.series.promptVersion)
        key()
        object(order.filter { metric($0).samples != nil }, depth: depth + 1) { name in
            let values = metric(name).samples!
            guard !values.isEmpty else { stream.write(JSONFragment.emptyPretty("[", depth: depth + 2)); return }
            let inner = String(repeating: "  ", count: depth + 1)
            stream.write("[\n" + values.map { inner + "    " + JSONFragment.number($0) }.joined(separator: ",\n") + "\n" + inner + "  ]")
        }
        key(); stream.write(String(snapshot.version))
        key(); text(snapshot.testbed)
        key(); text(snapshot.transactionId)
        key()
        object(order.filter { metric($0).unit != nil }, depth: depth + 1) { stream.writeString(metric($0).unit!) }
        stream.write(bytes: layout.close)
    }

    /// These names, each once, in the order `JSONEncoder`'s sorted keys put them.
    private mutating func order(_ names: [String]) -> [String] {
        // The rows of a series nearly always name the metrics of the row before.
        if names == lastNames { return lastOrder }
        let made = Self.encoderOrder(names)
        (lastNames, lastOrder) = (names, made)
        return made
    }

    /// The order of `JSONEncoder`'s sorted keys off Apple's platforms: by the keys' UTF-8
    /// bytes (swift-foundation's `JSONWriter`), not by `String`'s `<`.
    static func encoderOrder(_ names: [String]) -> [String] {
        Array(Set(names)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}

extension SnapshotRowWriter {
    /// `snapshots` as `JSONOutput.print` prints `[SnapshotJSON]` (a line at the end), row by
    /// row into `stream`: no `JSONEncoder`, whose first use costs a read command a millisecond.
    static func writeArray(_ snapshots: [Snapshot], to stream: inout JSONStream) {
        guard !snapshots.isEmpty else { stream.write(JSONFragment.emptyPretty("[", depth: 0) + "\n"); return }
        var rows = SnapshotRowWriter()
        stream.write("[\n")
        for (index, snapshot) in snapshots.enumerated() {
            if index > 0 { stream.write(",\n") }
            rows.write(snapshot, depth: 1, to: &stream)
        }
        stream.write("\n]\n")
    }
}
