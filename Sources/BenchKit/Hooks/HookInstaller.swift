import BenchGit
import Foundation

/// One hook's state in a repository.
public struct HookStatus: Sendable, Equatable {
    public enum State: String, Sendable {
        /// No hook.
        case none
        /// bench's hook.
        case bench
        /// bench's hook, running the user's earlier hook first.
        case chained
        /// Someone else's hook; bench leaves it alone.
        case other
    }

    public var hook: HookName
    public var path: String
    public var state: State
    /// The bench a bench hook calls: the absolute path written at install time, or nil
    /// when the hook looks bench up on PATH.
    public var bench: String?
    /// Whether `bench` is still an executable file (else the hook falls back to PATH).
    public var benchExists: Bool
}

/// Installs, removes and reports bench's git hooks, in the hooks directory git uses
/// (`core.hooksPath`, else `<git common dir>/hooks`, shared by linked worktrees). A hook
/// that was there before is kept beside bench's (`NAME.bench-saved`) and run first;
/// uninstalling puts it back byte for byte.
public struct HookInstaller {
    let session: Session
    var workspace: Workspace { session.workspace }

    public init(_ session: Session) { self.session = session }

    /// The directory git runs hooks from.
    public func directory() throws(BenchError) -> String {
        let configured: String?
        do { configured = try workspace.repository.configString("core.hooksPath") } catch { throw BenchError(error) }
        guard var path = configured, !path.isEmpty else {
            return (workspace.repository.commonDir as NSString).appendingPathComponent("hooks")
        }
        if path.hasPrefix("~/") { path = NSHomeDirectory() + path.dropFirst() }
        return path.hasPrefix("/") ? path : (workspace.mainRoot as NSString).appendingPathComponent(path)
    }

    public func status() throws(BenchError) -> [HookStatus] {
        let directory = try directory()
        return HookName.allCases.map { hook in
            let path = (directory as NSString).appendingPathComponent(hook.rawValue)
            let bench = state(at: path) == .none || state(at: path) == .other ? nil : benchPath(inHookAt: path)
            return HookStatus(hook: hook, path: path, state: state(at: path), bench: bench,
                              benchExists: bench.map { FileManager.default.isExecutableFile(atPath: $0) } ?? false)
        }
    }

    /// The absolute path a bench hook calls (its `BENCH="${BENCH:-…}"` line), if any.
    private func benchPath(inHookAt path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let prefix = "BENCH=\"${BENCH:-"
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where line.hasPrefix(prefix) && line.hasSuffix("}\"") {
            let value = String(line.dropFirst(prefix.count).dropLast(2))
            return value.hasPrefix("/") ? value : nil
        }
        return nil
    }

    /// The bench running now, by its absolute path (what a hook should call even when git
    /// runs it without bench on PATH, as GUI clients do).
    public static var currentExecutable: String {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return resolved }
        return URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
    }

    private func state(at path: String) -> HookStatus.State {
        guard let data = FileManager.default.contents(atPath: path) else { return .none }
        guard String(decoding: data, as: UTF8.self).contains(HookTemplates.marker) else { return .other }
        return FileManager.default.fileExists(atPath: path + ".bench-saved") ? .chained : .bench
    }

    /// Installs every hook, calling `benchPath` (by default the running bench's absolute path;
    /// the scripts fall back to PATH when it is gone). A user's hook is moved to `NAME.bench-saved`
    /// and chained; bench's own earlier hooks are refreshed.
    public func install(benchPath: String = HookInstaller.currentExecutable) throws(BenchError) -> [HookStatus] {
        let directory = try directory()
        do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw BenchError(.environment, "cannot create \(directory): \(error.localizedDescription)", hint: "check its permissions")
        }
        for hook in HookName.allCases {
            let path = (directory as NSString).appendingPathComponent(hook.rawValue)
            let saved = path + ".bench-saved"
            if state(at: path) == .other {
                guard !FileManager.default.fileExists(atPath: saved) else {
                    throw BenchError(.badInput, "\(path) is not bench's, and \(saved) already exists",
                                     hint: "move one of them away, then run `bench hooks install` again")
                }
                do { try FileManager.default.moveItem(atPath: path, toPath: saved) } catch {
                    throw BenchError(.environment, "cannot keep your hook \(path): \(error.localizedDescription)", hint: "check the permissions")
                }
            }
            guard FileManager.default.createFile(atPath: path, contents: Data(HookTemplates.script(hook, bench: benchPath).utf8),
                                                 attributes: [.posixPermissions: 0o755]) else {
                throw BenchError(.environment, "cannot write \(path)", hint: "check the permissions of \(directory)")
            }
            // createFile keeps an existing file's mode: make sure it is executable.
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        }
        return try status()
    }

    /// Removes bench's hooks and puts back the ones they had chained. Other hooks stay.
    public func uninstall() throws(BenchError) -> [HookStatus] {
        let directory = try directory()
        for hook in HookName.allCases {
            let path = (directory as NSString).appendingPathComponent(hook.rawValue)
            let saved = path + ".bench-saved"
            guard state(at: path) == .bench || state(at: path) == .chained else { continue }
            do {
                try FileManager.default.removeItem(atPath: path)
                if FileManager.default.fileExists(atPath: saved) { try FileManager.default.moveItem(atPath: saved, toPath: path) }
            } catch {
                throw BenchError(.environment, "cannot restore \(path): \(error.localizedDescription)", hint: "check the permissions")
            }
        }
        return try status()
    }
}
