import BenchCore
import Foundation

/// What `bench init` did.
public struct InitOutcome: Sendable {
    public var configPath: String
    public var wroteConfig: Bool
    /// The benchmarks written into bench.toml (a new one, or added to an existing one).
    public var added: [DiscoveredBenchmark]
    public var store: StoreLocation
}

/// `bench init`: writes `bench.toml` (with the benchmarks found in the project) and
/// creates the store.
public struct Initializer {
    let session: Session

    public init(_ session: Session) { self.session = session }

    /// Whether bench.toml exists.
    public var configExists: Bool { FileManager.default.fileExists(atPath: session.configPath) }

    /// What the project holds that bench could run, less what bench.toml already has
    /// (the same name or the same command).
    public func proposals() -> [DiscoveredBenchmark] {
        let existing = session.config.benchmarks
        return BenchmarkDiscovery(root: session.root).discover().filter { found in
            !existing.contains { $0.name == found.name || $0.command == found.command }
        }
    }

    /// Writes `bench.toml` when there is none (or `overwrite`): the template, then
    /// `benchmarks`. An existing one is kept, and `benchmarks` appended to it only when
    /// `addToExisting`. Then creates the store.
    public func initialize(overwrite: Bool, benchmarks: [DiscoveredBenchmark] = [], addToExisting: Bool = false) throws(BenchError) -> InitOutcome {
        let configPath = session.configPath
        let entries = benchmarks.map(\.toml).joined(separator: "\n")
        var wrote = false
        var added: [DiscoveredBenchmark] = []
        if !configExists || overwrite {
            let text = BenchConfig.template + (entries.isEmpty ? "" : "\n" + entries)
            try write(text, to: configPath)
            (wrote, added) = (true, benchmarks)
        } else if addToExisting, !benchmarks.isEmpty, let data = FileManager.default.contents(atPath: configPath) {
            var text = String(decoding: data, as: UTF8.self)
            if !text.hasSuffix("\n") { text += "\n" }
            try write(text + "\n" + entries, to: configPath)
            added = benchmarks
        }
        _ = try session.writeStore()
        return InitOutcome(configPath: configPath, wroteConfig: wrote, added: added, store: try session.storeLocation())
    }

    private func write(_ text: String, to path: String) throws(BenchError) {
        // What bench writes must read back: a proposal with an odd name fails here, not later.
        do { _ = try BenchConfig.parse(text, file: path) } catch { throw BenchError(error) }
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw BenchError(.environment, "cannot write \(path)", hint: "check the directory's permissions")
        }
    }
}
