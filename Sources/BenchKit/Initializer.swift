import BenchCore
import Foundation

/// What `bench init` did.
public struct InitOutcome: Sendable {
    public var configPath: String
    public var wroteConfig: Bool
    public var store: StoreLocation
}

extension Workspace {
    /// Writes `bench.toml` when there is none (or `overwrite`), and creates the store.
    public func initialize(overwrite: Bool, storeOverride: String? = nil) throws(BenchError) -> InitOutcome {
        let exists = FileManager.default.fileExists(atPath: configPath)
        var wrote = false
        if !exists || overwrite {
            guard FileManager.default.createFile(atPath: configPath, contents: Data(BenchConfig.template.utf8)) else {
                throw BenchError(.environment, "cannot write \(configPath)", hint: "check the directory's permissions")
            }
            wrote = true
        }
        let location = try storeLocation(override: storeOverride)
        _ = try openStore(override: storeOverride, create: true)
        return InitOutcome(configPath: configPath, wroteConfig: wrote, store: location)
    }
}
