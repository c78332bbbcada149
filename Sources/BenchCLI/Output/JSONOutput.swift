import BenchCore
import BenchKit
import Foundation

struct ActionJSON: Encodable {
    var transaction_id: String
    var action: String
    var snapshot_version: Int?
    var triggered_by: String?
    var created_at: String

    init(_ entry: AuditEntry) {
        transaction_id = entry.id
        action = entry.kind.rawValue
        snapshot_version = entry.snapshotVersion
        triggered_by = entry.provenance.triggeredBy
        created_at = Timestamp.format(entry.createdAt)
    }
}

enum JSONOutput {
    /// Prints a value as pretty JSON with sorted keys.
    static func print<T: Encodable>(_ value: T) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return }
        Terminal.out(String(decoding: data, as: UTF8.self))
    }

    /// Snapshots as `print(snapshots.map(SnapshotJSON.init))` prints them, each written by hand
    /// (`SnapshotRowWriter`): no encoder, whose first use costs a command about a millisecond.
    static func print(snapshots: [Snapshot]) {
        var stream = JSONStream()
        SnapshotRowWriter.writeArray(snapshots, to: &stream)
        stream.flush()
    }
}
