import BenchCore
import BenchKit
import Foundation

/// Series names for the shells' completion of `history`, `checkout` and `compare`: the
/// models of the current snapshots in the store the command line names (its `--repo` and
/// `--database`, else the working directory's). Anything that fails completes nothing.
enum SeriesCompletion {
    @Sendable static func models(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
        func value(of flag: String) -> String? {
            words.firstIndex(of: flag).flatMap { words.indices.contains($0 + 1) ? words[$0 + 1] : nil }
        }
        guard let session = try? Session(path: value(of: "--repo") ?? FileManager.default.currentDirectoryPath,
                                         database: value(of: "--database"), environment: ProcessInfo.processInfo.environment),
              let snapshots = try? SnapshotQueries(session).current() else { return [] }
        var names: [String] = []
        for name in snapshots.map(\.series.modelVersion) where name.hasPrefix(prefix) && !names.contains(name) { names.append(name) }
        return names.sorted()
    }
}
