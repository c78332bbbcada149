import Foundation
import Synchronization

/// Ctrl-C and SIGTERM while bench runs commands: stop the command groups, remove the
/// temporary trees, and exit 130 (143 for SIGTERM), as a shell would.
///
/// Installed by the first command group or temporary tree, just before it exists: until
/// then a signal's default action is right (nothing to clean up), and a command that
/// starts nothing (`check` whose results are stored) starts no signal-handling thread.
public final class Interrupts: Sendable {
    public static let shared = Interrupts()

    private struct State {
        var interrupted = false
        var groups: Set<pid_t> = []
        var paths: Set<String> = []
        var sources: [DispatchSourceSignal] = []
    }

    /// Touched from the signal-handling queue and the main flow alike, hence the mutex.
    private let state = Mutex(State())

    /// Starts handling SIGINT and SIGTERM (once).
    func install() {
        state.withLock { state in
            guard state.sources.isEmpty else { return }
            for signalNumber in [SIGINT, SIGTERM] {
                signal(signalNumber, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
                source.setEventHandler { [self] in cleanUpAndExit(signalNumber) }
                source.resume()
                state.sources.append(source)
            }
        }
    }

    func track(group: pid_t) { state.withLock { _ = $0.groups.insert(group) } }
    func untrack(group: pid_t) { state.withLock { _ = $0.groups.remove(group) } }
    func track(path: String) { state.withLock { _ = $0.paths.insert(path) } }
    func untrack(path: String) { state.withLock { _ = $0.paths.remove(path) } }

    /// Blocks for good once an interrupt is being handled: the handler exits the process.
    func parkIfInterrupted() {
        guard state.withLock({ $0.interrupted }) else { return }
        while true { sleep(60) }
    }

    private func cleanUpAndExit(_ signalNumber: Int32) -> Never {
        let (groups, paths) = state.withLock { state in
            state.interrupted = true
            return (state.groups, state.paths)
        }
        for group in groups { kill(-group, SIGKILL) }
        for path in paths { try? FileManager.default.removeItem(atPath: path) }
        FileHandle.standardError.write(Data("\ninterrupted: stopped the benchmark and removed its temporary files\n".utf8))
        exit(128 + signalNumber)
    }
}
