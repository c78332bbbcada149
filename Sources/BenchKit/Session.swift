import BenchCore
import BenchStore
import Foundation

/// One command's state, after SwiftPM's `SwiftCommandState`: made once per command from the
/// global options (`--repo`, `--database`), it holds the workspace and opens the store
/// lazily and once. Use cases ask it for the store instead of opening one themselves.
///
/// Reading never writes: runs waiting in the outbox are delivered only when a command opens
/// the store to write (`record`, `run`, `import`, the hooks, checkout and baselines) and by
/// `bench sync`.
public final class Session {
    let workspace: Workspace
    /// `--database`, when given: wins over `BENCH_DATABASE_URL` and `[store] url`.
    let database: String?
    /// Hears what the user should know along the way (runs delivered from the outbox).
    public var onNotice: (String) -> Void = { _ in }

    private var location: StoreLocation?
    /// This machine's testbed, probed once per command (`testbed()`).
    var probedTestbed: Testbed?
    private var opened: (store: Store, access: StoreAccess)?

    /// Opens the repository containing `path` and reads its `bench.toml` (unless `readConfig`
    /// is off, for `bench init --force` to repair a broken one). Opens no store yet.
    public init(path: String, database: String? = nil, environment: [String: String], readConfig: Bool = true) throws(BenchError) {
        workspace = try Workspace(path: path, environment: environment, readConfig: readConfig)
        self.database = database
    }

    /// The repository's `bench.toml` (defaults when there is none).
    public var config: BenchConfig { workspace.config }
    /// The directory holding `bench.toml`: the work tree's root (the git dir when bare).
    public var root: String { workspace.root }
    /// Where `bench.toml` is (or would be).
    public var configPath: String { workspace.configPath }
    /// The process environment the command runs in.
    public var environment: [String: String] { workspace.environment }

    /// Where the store is: `--database`, else `BENCH_DATABASE_URL`, else `[store] url`, else
    /// the embedded default inside the git common dir.
    public func storeLocation() throws(BenchError) -> StoreLocation {
        if let location { return location }
        let found = try workspace.storeLocation(database: database)
        location = found
        return found
    }

    /// The store, to read: opened on first use and kept. An embedded store that does not
    /// exist yet reads as empty and is not created.
    func readStore() throws(BenchError) -> Store {
        if let opened { return opened.store }
        let location = try storeLocation()
        let store: Store
        do { store = try location.open(.read, announce: onNotice) } catch { throw BenchError(error) }
        opened = (store, .read)
        return store
    }

    /// The store, to write: the embedded one is created when missing; the shared one first
    /// receives the runs that waited in the outbox (once per session).
    func writeStore() throws(BenchError) -> Store {
        if let opened, opened.access == .write { return opened.store }
        let location = try storeLocation()
        let store: Store
        if let opened, !location.isMissing {
            store = opened.store   // a real store opened for reading writes as well
        } else {
            do { store = try location.open(.write, announce: onNotice) } catch { throw BenchError(error) }
        }
        opened = (store, .write)
        if case .postgres(_, let masked) = location, FileManager.default.fileExists(atPath: workspace.outboxPath) {
            do {
                let delivered = try Outbox(path: workspace.outboxPath).deliver(to: store, target: masked)
                if !delivered.isEmpty {
                    onNotice("bench: delivered \(delivered.count) run(s) from the outbox to \(masked)")
                    reviewAlerts(delivered)
                }
            } catch {
                onNotice("bench: the outbox could not be delivered yet: \(error.description)")
            }
        }
        return store
    }

    /// Keeps runs in the outbox for the shared store, which could not be reached.
    func keepInOutbox(_ runs: [RunRecord]) throws(BenchError) {
        let target = try storeLocation().description
        do { try Outbox(path: workspace.outboxPath).add(runs, target: target) } catch { throw BenchError(error) }
    }

    /// Delivers the outbox to the shared store (`bench sync`): how many runs were recorded
    /// (0 for an embedded store, which has no outbox), and where.
    public func sync() throws(BenchError) -> (delivered: Int, location: StoreLocation) {
        let location = try storeLocation()
        guard case .postgres(_, let masked) = location else { return (0, location) }
        let store: Store
        do { store = try location.open(.write, announce: onNotice) } catch { throw BenchError(error) }
        opened = (store, .write)
        guard FileManager.default.fileExists(atPath: workspace.outboxPath) else { return (0, location) }
        let delivered: [Snapshot]
        do { delivered = try Outbox(path: workspace.outboxPath).deliver(to: store, target: masked) } catch { throw BenchError(error) }
        reviewAlerts(delivered)
        return (delivered.count, location)
    }

    /// Runs that reached the shared store late, from the outbox, open and resolve alerts as
    /// any run does; what changed is said on stderr, and a review that fails is a warning
    /// (the runs are recorded).
    private func reviewAlerts(_ snapshots: [Snapshot]) {
        guard !snapshots.isEmpty else { return }
        do {
            for event in try AlertDesk(self).apply(.review(snapshots)) { onNotice(event.line) }
        } catch {
            onNotice("warning: alerts were not reviewed: \(error.message)")
        }
    }

    /// Whether this machine is a CI runner (its files go away with the job).
    var isEphemeral: Bool {
        CIContext.detect(environment) != nil || ["true", "1"].contains(environment["CI"]?.lowercased() ?? "")
    }
}

@available(*, unavailable, message: "a Session holds a repository and a store connection used from one task")
extension Session: Sendable {}
