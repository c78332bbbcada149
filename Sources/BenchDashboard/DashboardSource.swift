import BenchCore
import BenchKit
import Foundation
import NIOPosix
import Synchronization

/// Where the dashboard reads: a repository and its store. Reads run on the blocking thread
/// pool (libgit2, SQLite and libpq block) with a session taken from a small pool, so a
/// request does not pay for opening the repository and the store; every query still reads
/// the store as it is now, so new runs show up on reload.
public struct DashboardSource: Sendable {
    public var repositoryPath: String
    public var environment: [String: String]
    /// `--database`, when given.
    public var database: String?
    let pool = SessionPool()

    public init(repositoryPath: String, environment: [String: String], database: String?) {
        self.repositoryPath = repositoryPath
        self.environment = environment
        self.database = database
    }

    /// Runs `body` with a session of its own for the time of the call, off the event loop.
    func read<T: Sendable>(_ body: @escaping @Sendable (Session) throws -> T) async throws -> T {
        let source = self
        return try await NIOThreadPool.singleton.runIfActive {
            let stamp = SessionPool.Stamp(repositoryPath: source.repositoryPath)
            let entry = try source.pool.take(stamp) ?? SessionPool.Entry(try source.open(), stamp: stamp)
            do {
                let value = try body(entry.session)
                source.pool.give(entry)
                return value
            } catch let error as BenchError where error.kind == .badInput {
                source.pool.give(entry)
                throw error
            }
            // Any other failure may have left the connection unusable: the entry is dropped.
        }
    }

    private func open() throws -> (Session, poolable: Bool) {
        let session = try Session(path: repositoryPath, database: database, environment: environment)
        // An embedded store that does not exist yet reads as an empty placeholder: not worth
        // keeping, the next request may find the real one.
        if case .sqlite(let path) = try session.storeLocation(), !FileManager.default.fileExists(atPath: path) {
            return (session, false)
        }
        return (session, true)
    }
}

/// Open sessions (a repository and a store connection each) waiting for the next read. A
/// session is used by one thread at a time: `take` hands it out, `give` returns it. Entries
/// made before `bench.toml` changed are dropped, since the store's place or the metrics'
/// directions may have changed with it.
final class SessionPool: Sendable {
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

    /// A session with the stamp it was opened under. Unchecked: the pool gives each entry to
    /// one thread at a time, and nothing else holds it.
    final class Entry: @unchecked Sendable {
        let session: Session
        let stamp: Stamp
        let poolable: Bool

        init(_ opened: (Session, poolable: Bool), stamp: Stamp) {
            session = opened.0
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
