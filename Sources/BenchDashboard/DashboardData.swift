import BenchKit
import Foundation
import NIOPosix

/// Where the dashboard reads: a repository and its store. Each request opens its own
/// workspace and store on the blocking thread pool (libgit2, SQLite and libpq block), so
/// nothing non-Sendable crosses tasks and new runs show up on reload.
public struct DashboardSource: Sendable {
    public var repositoryPath: String
    public var environment: [String: String]
    public var storeOverride: String?

    public init(repositoryPath: String, environment: [String: String], storeOverride: String?) {
        self.repositoryPath = repositoryPath
        self.environment = environment
        self.storeOverride = storeOverride
    }

    /// Runs `body` with a fresh catalog, off the event loop.
    func read<T: Sendable>(_ body: @escaping @Sendable (Catalog) throws -> T) async throws -> T {
        let source = self
        return try await NIOThreadPool.singleton.runIfActive {
            let workspace = try Workspace(path: source.repositoryPath, environment: source.environment)
            return try body(try Catalog(workspace: workspace, storeOverride: source.storeOverride))
        }
    }
}
