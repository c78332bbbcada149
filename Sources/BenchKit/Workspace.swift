import BenchCore
import BenchGit
import BenchStore
import Foundation

/// A repository with its `bench.toml`: where a session works. Internal to BenchKit; the
/// fronts reach it through `Session`.
final class Workspace {
    let repository: Repository
    /// The directory holding `bench.toml`: the work tree root (the git dir when bare).
    let root: String
    let config: BenchConfig
    /// The process environment the command runs in (BENCH_DATABASE_URL, USER, …).
    let environment: [String: String]
    /// The directory relative paths are read from: where the command started.
    let currentDirectory: String

    /// Opens the repository containing `path` and reads its `bench.toml`, if any (unless
    /// `readConfig` is off, for `bench init --force` to repair a broken one).
    /// Throws `.environment` outside a repository and `.badInput` for a malformed `bench.toml`.
    init(path: String, environment: [String: String], readConfig: Bool = true) throws(BenchError) {
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

    var configPath: String { (root as NSString).appendingPathComponent("bench.toml") }

    /// Where the store is, by precedence: `--database` and `BENCH_DATABASE_URL` (relative
    /// paths from the current directory), `[store] url` (relative to the main work tree),
    /// then the embedded default `<git common dir>/bench/bench.sqlite3`.
    func storeLocation(database: String?) throws(BenchError) -> StoreLocation {
        let defaultPath = (repository.commonDir as NSString).appendingPathComponent("bench/bench.sqlite3")
        do {
            if let url = database ?? environment["BENCH_DATABASE_URL"].flatMap({ $0.isEmpty ? nil : $0 }) {
                return try StoreLocation.parse(url, defaultSQLitePath: defaultPath, relativeTo: currentDirectory)
            }
            return try StoreLocation.parse(config.storeURL ?? "sqlite", defaultSQLitePath: defaultPath, relativeTo: mainRoot)
        } catch { throw BenchError(error) }
    }

    /// Where runs wait when the shared store cannot be reached.
    var outboxPath: String { (repository.commonDir as NSString).appendingPathComponent("bench/outbox.sqlite3") }

    /// HEAD, or an error saying the repository has no commits.
    func head() throws(BenchError) -> Head {
        do { return try repository.head() } catch { throw BenchError(error) }
    }

    /// The commit a revision names, or HEAD's when nil (an unborn branch is an environment
    /// error saying to commit first).
    func commit(at revision: String?) throws(BenchError) -> CommitInfo {
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
        return try commit(oid)
    }

    /// A commit's facts.
    func commit(_ oid: OID) throws(BenchError) -> CommitInfo {
        do { return try repository.commit(oid) } catch { throw BenchError(error) }
    }

    /// The full sha of a revision; an unknown one is bad input.
    func resolve(_ revision: String) throws(BenchError) -> OID {
        do { return try repository.resolve(revision) } catch { throw BenchError(error) }
    }

    /// The tip of a local branch, if the branch exists.
    func branchTip(_ name: String) throws(BenchError) -> OID? {
        do { return try repository.branchTip(name) } catch { throw BenchError(error) }
    }

    /// The branch others start from: `[git] default-branch`, else main, else master.
    func defaultBranch() throws(BenchError) -> String? {
        if let configured = config.defaultBranch { return configured }
        for name in ["main", "master"] where try branchTip(name) != nil { return name }
        return nil
    }

    /// Who is acting: `$USER`, `$LOGNAME`, the account name, else `unknown`.
    var actor: String {
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
