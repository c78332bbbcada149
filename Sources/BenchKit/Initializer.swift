import BenchCore
import Foundation

/// What `bench init` did.
public struct InitOutcome: Sendable {
    public var configPath: String
    public var wroteConfig: Bool
    public var store: StoreLocation
}

/// `bench init`: writes `bench.toml` and creates the store.
public struct Initializer {
    let session: Session

    public init(_ session: Session) { self.session = session }

    /// Writes `bench.toml` when there is none (or `overwrite`), and creates the store.
    public func initialize(overwrite: Bool) throws(BenchError) -> InitOutcome {
        let configPath = session.configPath
        let exists = FileManager.default.fileExists(atPath: configPath)
        var wrote = false
        if !exists || overwrite {
            guard FileManager.default.createFile(atPath: configPath, contents: Data(BenchConfig.template.utf8)) else {
                throw BenchError(.environment, "cannot write \(configPath)", hint: "check the directory's permissions")
            }
            wrote = true
        }
        _ = try session.writeStore()
        return InitOutcome(configPath: configPath, wroteConfig: wrote, store: try session.storeLocation())
    }
}
