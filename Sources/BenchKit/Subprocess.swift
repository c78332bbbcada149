import Foundation

/// Runs a program to completion and returns its standard output; a failure to start or a
/// non-zero exit is an environment error carrying the last lines of its standard error.
/// Built on `ChildProcess`, which measured commands already use.
enum Subprocess {
    static func run(_ arguments: [String], in directory: String, environment: [String: String]) throws(BenchError) -> String {
        let command = arguments.map(Runner.shellQuoted).joined(separator: " ")
        let outcome = try ChildProcess.run(command, in: directory, environment: environment, timeout: 600)
        guard outcome.ending == .exited(0) else {
            let tail = outcome.stderrTail(5)
            throw BenchError(.environment, "`\(arguments.joined(separator: " "))` failed (\(outcome.ending))" + (tail.isEmpty ? "" : ":\n" + tail),
                             hint: "run the command by hand in \(directory) to see what went wrong")
        }
        return String(decoding: outcome.stdout, as: UTF8.self)
    }
}
