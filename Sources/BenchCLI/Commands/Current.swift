import ArgumentParser
import BenchCore
import BenchKit
import Foundation

extension Bench {
    struct Current: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "current", abstract: "Show the current snapshot of every series.")

        @OptionGroup var global: GlobalOptions

        @Option(help: "Only series on this branch.")
        var branch: String?

        @Option(help: "Only series in this environment.")
        var environment: String?

        @OptionGroup var output: OutputOptions

        func run() throws {
            let session = try global.session()
            let snapshots = try SnapshotQueries(session).current(branch: branch, environment: environment)
            // A branch starts from the default branch's snapshots at the merge-base until it
            // measures a series itself.
            let inherited = try branch.map { try BranchStart(session).inherited(onBranch: $0, environment: environment) } ?? []
            if output.json {
                if inherited.isEmpty { JSONOutput.print(snapshots: snapshots); return }
                JSONOutput.print(snapshots.map { InheritableJSON(snapshot: SnapshotJSON($0)) }
                                 + inherited.map { InheritableJSON(snapshot: SnapshotJSON($0.snapshot), inheritedFrom: $0.fromBranch, mergeBase: $0.mergeBase) })
                return
            }
            if snapshots.isEmpty && !inherited.isEmpty {
                Terminal.out("\(branch ?? "") has measured nothing yet.")
            } else {
                Terminal.out(Views.current(snapshots))
            }
            if let first = inherited.first {
                Terminal.out("\nNot measured on \(branch ?? "") yet: it starts from \(first.fromBranch) at the merge-base \(Formatting.short(first.mergeBase)):")
                Terminal.out(Views.current(inherited.map(\.snapshot)))
            }
        }
    }

    /// A current snapshot, or one a branch inherits (with where it comes from).
    struct InheritableJSON: Encodable {
        var snapshot: SnapshotJSON
        var inheritedFrom: String?
        var mergeBase: String?

        enum Keys: String, CodingKey { case inherited_from, merge_base }

        func encode(to encoder: Encoder) throws {
            try snapshot.encode(to: encoder)
            guard let inheritedFrom else { return }
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(inheritedFrom, forKey: .inherited_from)
            try container.encodeIfPresent(mergeBase, forKey: .merge_base)
        }
    }
}
