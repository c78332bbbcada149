import BenchCore
import Foundation

/// Writes to the terminal: data to stdout, diagnostics to stderr.
enum Terminal {
    static func out(_ text: String = "") { print(text) }

    /// Whether standard output is a terminal (for dimming and colour).
    static let stdoutIsTerminal = isatty(STDOUT_FILENO) == 1

    static func warning(_ text: String) { standardError("warning: \(text)") }

    static func note(_ text: String) { standardError(text) }

    static func error(_ message: String, hint: String?) {
        standardError("error: \(message)")
        if let hint { standardError("hint: \(hint)") }
    }

    private static func standardError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
