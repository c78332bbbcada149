import Foundation
import Synchronization

/// How a measured command ended.
public struct ChildOutcome: Sendable {
    public enum Ending: Sendable, Equatable {
        case exited(Int32)
        case signalled(Int32)
        case timedOut
    }

    public var ending: Ending
    /// Wall time from start to exit, in seconds.
    public var wallSeconds: Double
    /// Peak resident memory of the command (its largest process), in bytes: exact from
    /// `wait4` when above bench's own footprint (which the kernel carries into a spawned
    /// child's figure), else the command's high-water mark sampled from /proc while it ran.
    public var peakMemoryBytes: Double
    public var stdout: [UInt8]
    public var stderr: [UInt8]

    /// The last `count` lines of standard error, for error messages.
    public func stderrTail(_ count: Int = 10) -> String {
        String(decoding: stderr, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
            .suffix(count).joined(separator: "\n")
    }
}

/// Runs `/bin/sh -c COMMAND` in its own process group, with a deadline, and measures it:
/// wall time and peak memory come from `wait4`'s resource usage. Output goes to temporary
/// files (never a pipe that could fill up). A timeout or Ctrl-C kills the whole group.
public enum ChildProcess {
    /// Runs a program (no shell) to completion and returns its standard output; a failure to
    /// start or a non-zero exit is an environment error with the last lines of its stderr.
    static func output(_ arguments: [String], in directory: String, environment: [String: String]) throws(BenchError) -> String {
        let outcome = try run(arguments.map(shellQuoted).joined(separator: " "), in: directory, environment: environment, timeout: 600)
        guard outcome.ending == .exited(0) else {
            let tail = outcome.stderrTail(5)
            throw BenchError(.environment, "`\(arguments.joined(separator: " "))` failed (\(outcome.ending))" + (tail.isEmpty ? "" : ":\n" + tail),
                             hint: "run the command by hand in \(directory) to see what went wrong")
        }
        return String(decoding: outcome.stdout, as: UTF8.self)
    }

    /// `text` as one word for the shell: as it is when nothing in it is special, else `'text'`.
    public static func shellQuoted(_ text: String) -> String {
        let plain = !text.isEmpty && text.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "/._-+=:@,%".unicodeScalars.contains($0)) }
        return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    public static func run(_ command: String, in directory: String, environment: [String: String],
                           timeout: Double) throws(BenchError) -> ChildOutcome {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("bench-io-\(UUID().uuidString)").path
        let outPath = scratch + ".out", errPath = scratch + ".err"
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group, so a timeout can stop everything it started; default
        // signal handling, since bench itself ignores SIGINT while it cleans up.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGTERM)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF))

        // `cd` then `exec`: glibc's addchdir is not visible to Swift, and exec keeps the group.
        let arguments = ["/bin/sh", "-c", "cd \"$0\" && exec /bin/sh -c \"$1\"", directory, command]
        let environmentLines = environment.map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        Interrupts.shared.installIfArmed()
        let floor = highWaterMark(of: "self")
        let start = DispatchTime.now()
        let rc = withCStrings(arguments) { argv in
            withCStrings(environmentLines) { envp in
                posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, envp)
            }
        }
        guard rc == 0 else {
            throw BenchError(.environment, "cannot start /bin/sh: \(String(cString: strerror(rc)))",
                             hint: "check that /bin/sh exists and \(directory) is a directory")
        }
        Interrupts.shared.track(group: pid)
        defer { Interrupts.shared.untrack(group: pid) }

        var status: Int32 = 0
        var usage = rusage()
        var timedOut = false
        let deadline = start.uptimeNanoseconds + UInt64(timeout * 1_000_000_000)
        var killedAt: UInt64?
        var sampledPeak = 0.0
        while true {
            sampledPeak = max(sampledPeak, highWaterMark(of: String(pid)))
            let waited = wait4(pid, &status, WNOHANG, &usage)
            if waited == pid { break }
            if waited < 0 && errno != EINTR {
                throw BenchError(.environment, "lost track of the command: \(String(cString: strerror(errno)))",
                                 hint: "run it by hand to see what happens")
            }
            let now = DispatchTime.now().uptimeNanoseconds
            if now >= deadline && killedAt == nil {
                timedOut = true
                kill(-pid, SIGTERM)
                killedAt = now
            } else if let killedAt, now >= killedAt + 2_000_000_000 {
                kill(-pid, SIGKILL)
            }
            usleep(now < start.uptimeNanoseconds + 50_000_000 ? 1_000 : 10_000)
        }
        // Whatever the shell left behind in its group goes too.
        kill(-pid, SIGKILL)
        // Killed by our own Ctrl-C handler: let it finish cleaning up and exit 130, rather
        // than report the kill as the benchmark failing.
        Interrupts.shared.parkIfInterrupted()
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        let ending: ChildOutcome.Ending
        if timedOut {
            ending = .timedOut
        } else if status & 0x7f == 0 {
            ending = .exited((status >> 8) & 0xff)
        } else {
            ending = .signalled(status & 0x7f)
        }
        let reported = Double(usage.ru_maxrss) * 1024
        let peak = reported > floor ? reported : (sampledPeak > 0 ? sampledPeak : reported)
        return ChildOutcome(ending: ending, wallSeconds: wall, peakMemoryBytes: peak,
                            stdout: Array((try? Data(contentsOf: URL(fileURLWithPath: outPath))) ?? Data()),
                            stderr: Array((try? Data(contentsOf: URL(fileURLWithPath: errPath))) ?? Data()))
    }

    /// A process's resident high-water mark (VmHWM) in bytes; 0 when it cannot be read.
    private static func highWaterMark(of process: String) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/\(process)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) else { return 0 }
        return kilobytes * 1024
    }

    /// Calls `body` with a NULL-terminated C array of the strings.
    private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { for pointer in pointers { free(pointer) } }
        return body(pointers)
    }
}
