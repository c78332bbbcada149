import ArgumentParser
import BenchKit

extension Bench {
    struct Sync: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deliver the runs that waited in the outbox while the shared store was unreachable.",
            discussion: "Each run keeps its transaction id, so delivering twice records it once. Any command that reaches the shared store delivers them too.")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let (delivered, location) = try global.workspace().sync(override: global.database)
            guard case .postgres = location else {
                Terminal.out("the store is embedded (\(location)); nothing waits in an outbox")
                return
            }
            Terminal.out(delivered == 0 ? "outbox empty: nothing to deliver to \(location)" : "delivered \(delivered) run(s) to \(location)")
        }
    }
}
