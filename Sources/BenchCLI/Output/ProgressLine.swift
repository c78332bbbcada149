import BenchKit
import Foundation

/// One line of progress on a terminal's stderr, rewritten in place; silent otherwise.
final class ProgressLine {
    private let enabled = isatty(STDERR_FILENO) == 1
    private let started = Date()
    private var shown = false

    func show(_ event: RunProgress) {
        guard enabled else { return }
        let elapsed = String(format: "%.1fs", Date().timeIntervalSince(started))
        let text: String = switch event {
        case .preparing(let commit, _): "writing the tree of \(commit) to a temporary directory…"
        case .sample(let name, _, _, true): "\(name): warm-up run (\(elapsed))"
        case .sample(let name, let index, let count, false): "\(name): sample \(index) of \(count) (\(elapsed))"
        case .finished(let name, let seconds): String(format: "%@: done in %.1fs", name, seconds)
        }
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + text).utf8))
        shown = true
    }

    func clear() {
        guard shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}
