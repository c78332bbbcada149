import BenchCore
import BenchGit
import BenchStore
import Foundation

/// A repository with its `bench.toml` and the place its store lives: what every command
/// starts from.
public final class Workspace {
    public let repository: Repository
    /// The directory holding `bench.toml`: the work tree root (the git dir when bare).
    public let root: String
    public let config: BenchConfig
    /// The process environment the command runs in (BENCH_DATABASE_URL, USER, …).
    public let environment: [String: String]
    /// Hears what the user should know along the way (runs delivered from the outbox).
    public var onNotice: (String) -> Void = { _ in }

    /// The directory relative paths are read from: where the command started.
    public let currentDirectory: String

    /// Opens the repository containing `path` and reads its `bench.toml`, if any (unless
    /// `readConfig` is off, for `bench init --force` to repair a broken one).
    /// Throws `.environment` outside a repository and `.badInput` for a malformed `bench.toml`.
    public init(path: String, environment: [String: String], readConfig: Bool = true) throws(BenchError) {
        do { repository = try Repository.discover(from: path) } catch { throw BenchError(error) }
        root = repository.workdir ?? repository.gitDir
        self.environment = environment
        currentDirectory = path
        let configPath = (root as NSString).appendingPathComponent("bench.toml")
        if readConfig, let data = FileManager.default.contents(atPath: configPath) {
            do { config = try BenchConfig.parse(String(decoding: data, as: UTF8.self), file: configPath) } catch { throw BenchError(error) }
        } else {
            config = BenchConfig()
        }
    }

    /// The main work tree of the clone (the common dir itself when bare): relative store
    /// paths in `bench.toml` resolve here, so every linked worktree shares one store.
    var mainRoot: String {
        let common = repository.commonDir
        return (common as NSString).lastPathComponent == ".git" ? (common as NSString).deletingLastPathComponent : common
    }

    public var configPath: String { (root as NSString).appendingPathComponent("bench.toml") }

    /// Where the store is, by precedence: `--database` and `BENCH_DATABASE_URL` (relative
    /// paths from the current directory), `[store] url` (relative to the main work tree),
    /// then the embedded default `<git common dir>/bench/bench.sqlite3`.
    public func storeLocation(override: String? = nil) throws(BenchError) -> StoreLocation {
        let defaultPath = (repository.commonDir as NSString).appendingPathComponent("bench/bench.sqlite3")
        if let url = override ?? environment["BENCH_DATABASE_URL"].flatMap({ $0.isEmpty ? nil : $0 }) {
            return try StoreLocation.parse(url, defaultSQLitePath: defaultPath, relativeTo: currentDirectory)
        }
        return try StoreLocation.parse(config.storeURL ?? "sqlite", defaultSQLitePath: defaultPath, relativeTo: mainRoot)
    }

    /// Opens the store, creating the embedded one when `create`; without `create`, a SQLite
    /// store that does not exist yet reads as empty (a fresh clone has recorded nothing).
    public func openStore(override: String? = nil, create: Bool = true) throws(BenchError) -> Store {
        let location = try storeLocation(override: override)
        switch location {
        case .sqlite(let path):
            do {
                if !create && !FileManager.default.fileExists(atPath: path) { return try SQLiteStore.empty() }
                return try SQLiteStore(path: path, create: create)
            } catch { throw BenchError(error) }
        case .postgres(let url, let masked):
            let store: PostgresStore
            do { store = try PostgresStore(url: url, maskedURL: masked) } catch { throw BenchError(error) }
            // The shared store is back: deliver what waited for it, once, in order.
            if FileManager.default.fileExists(atPath: outboxPath) {
                do {
                    let delivered = try Outbox(path: outboxPath).deliver(to: store, target: masked)
                    if delivered > 0 { onNotice("bench: delivered \(delivered) run(s) from the outbox to \(masked)") }
                } catch {
                    onNotice("bench: the outbox could not be delivered yet: \(error.description)")
                }
            }
            return store
        }
    }

    /// Where runs wait when the shared store cannot be reached.
    public var outboxPath: String { (repository.commonDir as NSString).appendingPathComponent("bench/outbox.sqlite3") }

    /// Keeps runs in the outbox for the shared store at `location`.
    func keepInOutbox(_ runs: [RunRecord], for location: StoreLocation) throws(BenchError) {
        do { try Outbox(path: outboxPath).add(runs, target: location.description) } catch { throw BenchError(error) }
    }

    /// Delivers the outbox to the shared store (`bench sync`); returns how many runs were
    /// recorded (0 for an embedded store, which has no outbox).
    public func sync(override: String? = nil) throws(BenchError) -> (delivered: Int, location: StoreLocation) {
        let location = try storeLocation(override: override)
        guard case .postgres(let url, let masked) = location else { return (0, location) }
        do {
            let store = try PostgresStore(url: url, maskedURL: masked)
            guard FileManager.default.fileExists(atPath: outboxPath) else { return (0, location) }
            return (try Outbox(path: outboxPath).deliver(to: store, target: masked), location)
        } catch { throw BenchError(error) }
    }

    /// HEAD, or an error saying the repository has no commits.
    public func head() throws(BenchError) -> Head {
        do { return try repository.head() } catch { throw BenchError(error) }
    }

    /// The commit a revision names, or HEAD's when nil (an unborn branch is an environment
    /// error saying to commit first).
    public func commit(at revision: String?) throws(BenchError) -> CommitInfo {
        let oid: OID
        if let revision {
            oid = try resolve(revision)
        } else {
            let head = try head()
            guard let headOID = head.oid else {
                throw BenchError(.environment, "the branch '\(head.branchName)' has no commits yet",
                                 hint: "commit something first, or name a revision")
            }
            oid = headOID
        }
        do { return try repository.commit(oid) } catch { throw BenchError(error) }
    }

    /// The full sha of a revision; an unknown one is bad input.
    public func resolve(_ revision: String) throws(BenchError) -> OID {
        do { return try repository.resolve(revision) } catch { throw BenchError(error) }
    }

    /// Who is acting: `$USER`, `$LOGNAME`, the account name, else `unknown`.
    public var actor: String {
        for key in ["USER", "LOGNAME"] { if let name = environment[key], !name.isEmpty { return name } }
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "unknown"
    }

    /// The action context for a checkout or baseline change, made at HEAD by the actor.
    func action(notes: String? = nil) -> ActionContext {
        ActionContext(commitSha: (try? repository.head().oid?.hex) ?? "", triggeredBy: actor, notes: notes)
    }
}

@available(*, unavailable, message: "a Workspace holds a repository handle used from one task")
extension Workspace: Sendable {}

/// Where a store lives.
public enum StoreLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    /// A PostgreSQL URL, and the same with its password masked (the only form ever printed).
    case postgres(url: String, masked: String)

    static func parse(_ url: String, defaultSQLitePath: String, relativeTo root: String) throws(BenchError) -> StoreLocation {
        if url == "sqlite" || url == "sqlite:" { return .sqlite(path: defaultSQLitePath) }
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            guard URLComponents(string: url) != nil else {
                throw BenchError(.badInput, "malformed PostgreSQL URL '\(maskPassword(url))'",
                                 hint: "use postgres://USER:PASSWORD@HOST:PORT/DATABASE")
            }
            return .postgres(url: url, masked: maskPassword(url))
        }
        var path = url
        if path.hasPrefix("sqlite://") { path.removeFirst("sqlite://".count) } else if path.hasPrefix("sqlite:") { path.removeFirst("sqlite:".count) }
        if path.contains("://") {
            throw BenchError(.badInput, "unknown store URL '\(maskPassword(url))'",
                             hint: "use \"sqlite\", a SQLite file path, or a postgres:// URL")
        }
        if !path.hasPrefix("/") { path = (root as NSString).appendingPathComponent(path) }
        return .sqlite(path: path)
    }

    /// The URL with any password replaced by `***`.
    public static func maskPassword(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].lastIndex(of: "@") else { return url }
        let userInfo = url[scheme.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }

    public var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(_, let masked): masked
        }
    }
}
