import ArgumentParser
import BenchCore
import BenchKit
import Foundation

extension Bench {
    struct Sync: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sync",
            abstract: "Deliver the runs that waited in the outbox while the shared store was unreachable.",
            discussion: "Each run keeps its transaction id, so delivering twice records it once. Any command that writes to the shared store delivers them first, too.")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let (delivered, location) = try global.session().sync()
            guard case .postgres = location else {
                Terminal.out("the store is embedded (\(location)); nothing waits in an outbox")
                return
            }
            Terminal.out(delivered == 0 ? "outbox empty: nothing to deliver to \(location)" : "delivered \(delivered) run(s) to \(location)")
        }
    }
}
