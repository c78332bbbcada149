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

/// An import's progress on stderr: on a terminal, for an import of `long` runs or more, one
/// line rewritten in place; with `--progress`, a line every `step` runs and at the end,
/// wherever stderr goes; otherwise nothing (a pipe or a log gets only the summary).
final class ImportProgress {
    private let terminal = isatty(STDERR_FILENO) == 1
    private let always: Bool
    private let started = Date()
    private var shown = false
    private var lastStep = 0
    private var lastWritten = -1

    static let long = 10_000
    static let step = 10_000

    init(always: Bool) { self.always = always }

    func show(_ written: Int, _ total: Int) {
        guard written != lastWritten else { return }
        lastWritten = written
        let seconds = Date().timeIntervalSince(started)
        let text = "importing: \(written) of \(total) runs" + (seconds > 0 ? ", \(Int(Double(written) / seconds)) runs/s" : "")
        if always {
            guard written / Self.step > lastStep || written == total else { return }
            lastStep = written / Self.step
            FileHandle.standardError.write(Data((terminal ? "\r\u{1B}[2K" + text : text + "\n").utf8))
        } else if terminal && total >= Self.long {
            FileHandle.standardError.write(Data(("\r\u{1B}[2K" + text).utf8))
        } else {
            return
        }
        shown = true
    }

    func clear() {
        guard shown, terminal else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}

/// How far a scan of many series is, on a terminal's stderr, one line rewritten in place
/// (`bench changes --all`); silent otherwise.
final class ScanProgress {
    private let enabled = isatty(STDERR_FILENO) == 1
    private let started = Date()
    private var shown = false

    func show(_ done: Int, _ total: Int) {
        guard enabled, done < total else { return }
        let text = String(format: "scanning: %d of %d series (%.1fs)", done, total, Date().timeIntervalSince(started))
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + text).utf8))
        shown = true
    }

    func clear() {
        guard shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}
