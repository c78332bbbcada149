import ArgumentParser
import BenchCore
import BenchKit
import Foundation

extension Bench {
    struct Sync: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sync",
            abstract: "Deliver what waited: runs kept in the outbox while the shared store was unreachable, and alert notifications not sent yet.",
            discussion: """
            Each run keeps its transaction id, so delivering twice records it once. Any command that writes to the shared \
            store delivers them first, too. Then every pending notification is sent now, whatever its retry time; one \
            whose receiver is still down waits for the next sync (a warning, not a failure).
            """)

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let session = try global.session()
            let (delivered, location) = try session.sync()
            if case .postgres = location {
                Terminal.out(delivered == 0 ? "outbox empty: nothing to deliver to \(location)" : "delivered \(delivered) run(s) to \(location)")
            } else {
                Terminal.out("the store is embedded (\(location)); nothing waits in an outbox")
            }
            let report = try Notifier(session).deliverPending(force: true)
            for failure in report.notSent {
                let when = failure.retryAt.map { "tried again after \(Timestamp.short($0)) or by the next sync" } ?? "given up"
                Terminal.warning("notification \(failure.key) not sent (\(failure.error)); \(when)")
            }
            guard !session.config.notify.isEmpty || !report.sent.isEmpty || !report.notSent.isEmpty else { return }
            Terminal.out(report.sent.isEmpty && report.notSent.isEmpty ? "notifications: none waiting"
                         : "notifications: \(report.sent.count) sent, \(report.notSent.count) not sent")
        }
    }
}
