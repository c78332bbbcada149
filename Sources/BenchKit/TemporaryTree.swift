import BenchGit
import Foundation

/// A commit's files written to a fresh temporary directory, removed when this is released
/// (or on Ctrl-C): where `bench run --at` runs, so the user's tree is never touched.
final class TemporaryTree {
    let path: String

    init(_ repository: Repository, commit: OID) throws(BenchError) {
        Interrupts.shared.installIfArmed()
        path = FileManager.default.temporaryDirectory.appendingPathComponent("bench-tree-\(commit.short)-\(UUID().uuidString.prefix(8))").path
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw BenchError(.environment, "cannot create \(path): \(error.localizedDescription)", hint: "check TMPDIR is writable")
        }
        Interrupts.shared.track(path: path)
        do { try repository.materialize(commit, into: path) } catch {
            remove()
            throw BenchError(error)
        }
    }

    deinit { remove() }

    private func remove() {
        try? FileManager.default.removeItem(atPath: path)
        Interrupts.shared.untrack(path: path)
    }
}
