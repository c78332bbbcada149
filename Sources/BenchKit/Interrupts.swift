import Foundation
import Synchronization

/// Ctrl-C and SIGTERM while bench runs commands: stop the command groups, remove the
/// temporary trees, and exit 130 (143 for SIGTERM), as a shell would.
///
/// A command that runs benchmarks (`run`, `check`, `bisect`, the hooks) arms it; its first
/// command group or temporary tree installs it, and waits until both signal sources are
/// registered, before that group or tree exists. Until then a signal's default action is
/// right (nothing to clean up yet), and such a command that starts nothing (`check` whose
/// results are stored) starts no signal-handling thread. Commands that only run git
/// (`tag`, `demo`'s set-up) never arm it.
public final class Interrupts: Sendable {
    public static let shared = Interrupts()

    private struct State {
        var armed = false
        var interrupted = false
        var groups: Set<pid_t> = []
        var paths: Set<String> = []
        var sources: [DispatchSourceSignal] = []
    }

    /// Touched from the signal-handling queue and the main flow alike, hence the mutex.
    private let state = Mutex(State())

    /// Says that this command's command groups and temporary trees are to be cleaned up on
    /// SIGINT and SIGTERM: the first of them installs the handling.
    public func arm() {
        state.withLock { $0.armed = true }
    }

    /// Starts handling SIGINT and SIGTERM (once, when armed), and returns once libdispatch
    /// has registered both sources: a signal from then on is handled, not lost.
    func installIfArmed() {
        let registered = DispatchGroup()
        state.withLock { state in
            guard state.armed, state.sources.isEmpty else { return }
            for signalNumber in [SIGINT, SIGTERM] {
                signal(signalNumber, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
                source.setEventHandler { [self] in cleanUpAndExit(signalNumber) }
                registered.enter()
                source.setRegistrationHandler { registered.leave() }
                source.resume()
                state.sources.append(source)
            }
        }
        registered.wait()
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
