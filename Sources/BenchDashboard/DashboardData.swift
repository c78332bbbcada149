import BenchKit
import Foundation
import NIOPosix
import Synchronization

/// Where the dashboard reads: a repository and its store. Reads run on the blocking thread
/// pool (libgit2, SQLite and libpq block) with a catalog taken from a small pool, so a
/// request does not pay for opening the repository and the store; every query still reads
/// the store as it is now, so new runs show up on reload.
public struct DashboardSource: Sendable {
    public var repositoryPath: String
    public var environment: [String: String]
    public var storeOverride: String?
    let pool = CatalogPool()

    public init(repositoryPath: String, environment: [String: String], storeOverride: String?) {
        self.repositoryPath = repositoryPath
        self.environment = environment
        self.storeOverride = storeOverride
    }

    /// Runs `body` with a catalog of its own for the time of the call, off the event loop.
    func read<T: Sendable>(_ body: @escaping @Sendable (Catalog) throws -> T) async throws -> T {
        let source = self
        return try await NIOThreadPool.singleton.runIfActive {
            let stamp = CatalogPool.Stamp(repositoryPath: source.repositoryPath)
            let entry = try source.pool.take(stamp) ?? CatalogPool.Entry(try source.open(), stamp: stamp)
            do {
                let value = try body(entry.catalog)
                source.pool.give(entry)
                return value
            } catch let error as BenchError where error.kind == .badInput {
                source.pool.give(entry)
                throw error
            }
            // Any other failure may have left the connection unusable: the entry is dropped.
        }
    }

    private func open() throws -> (Catalog, poolable: Bool) {
        let workspace = try Workspace(path: repositoryPath, environment: environment)
        let catalog = try Catalog(workspace: workspace, storeOverride: storeOverride)
        // An embedded store that does not exist yet reads as an empty placeholder: not worth
        // keeping, the next request may find the real one.
        if case .sqlite(let path) = try workspace.storeLocation(override: storeOverride), !FileManager.default.fileExists(atPath: path) {
            return (catalog, false)
        }
        return (catalog, true)
    }
}

/// Open catalogs (a repository and a store connection each) waiting for the next read. A
/// catalog is used by one thread at a time: `take` hands it out, `give` returns it. Entries
/// made before `bench.toml` changed are dropped, since the store's place or the metrics'
/// directions may have changed with it.
final class CatalogPool: Sendable {
    /// What an entry was opened against: bench.toml's modification time and size.
    struct Stamp: Equatable, Sendable {
        var modified: Date?
        var size: Int?

        init(repositoryPath: String) {
            let attributes = try? FileManager.default.attributesOfItem(atPath: (repositoryPath as NSString).appendingPathComponent("bench.toml"))
            modified = attributes?[.modificationDate] as? Date
            size = (attributes?[.size] as? NSNumber)?.intValue
        }
    }

    /// A catalog with the stamp it was opened under. Unchecked: the pool gives each entry to
    /// one thread at a time, and nothing else holds it.
    final class Entry: @unchecked Sendable {
        let catalog: Catalog
        let stamp: Stamp
        let poolable: Bool

        init(_ opened: (Catalog, poolable: Bool), stamp: Stamp) {
            catalog = opened.0
            poolable = opened.poolable
            self.stamp = stamp
        }
    }

    /// At most this many idle entries (the thread pool's size is enough).
    static let capacity = 8

    private let idle = Mutex<[Entry]>([])

    func take(_ stamp: Stamp) -> Entry? {
        idle.withLock { entries in
            entries.removeAll { $0.stamp != stamp }
            return entries.popLast()
        }
    }

    func give(_ entry: Entry) {
        guard entry.poolable else { return }
        idle.withLock { entries in
            if entries.count < Self.capacity && entries.allSatisfy({ $0.stamp == entry.stamp }) { entries.append(entry) }
        }
    }
}
