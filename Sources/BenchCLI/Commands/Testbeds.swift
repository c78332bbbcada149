import ArgumentParser
import BenchCore
import BenchKit
import Foundation

extension Bench {
    struct Testbeds: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "testbeds",
            abstract: "List the testbeds (machines) results were measured on, and this machine's.",
            discussion: """
            A testbed is named from the machine's fingerprint (CPU model, cores, memory, OS and \
            kernel, and [testbed] toolchain), e.g. x86_64-8c-16g-debian12-1a2b3c; [testbed] name in \
            bench.toml, or BENCH_TESTBED, names it instead. Checks never compare results of two \
            testbeds unless asked (bench check --any-testbed, [hooks] any-testbed = true). Runs \
            recorded before testbeds existed have an unknown one, which matches every testbed.
            """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        struct TestbedJSON: Encodable {
            var name: String?
            var runs: Int
            var first_run: String?
            var last_run: String?
            var this_machine: Bool
            var fingerprint: Fingerprint?

            enum CodingKeys: String, CodingKey { case name, runs, first_run, last_run, this_machine, fingerprint }

            func encode(to encoder: Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(name, forKey: .name)
                try container.encode(runs, forKey: .runs)
                try container.encode(first_run, forKey: .first_run)
                try container.encode(last_run, forKey: .last_run)
                try container.encode(this_machine, forKey: .this_machine)
                try container.encode(fingerprint, forKey: .fingerprint)
            }
        }

        struct ListJSON: Encodable {
            var this_machine: String
            var fingerprint: Fingerprint?
            var testbeds: [TestbedJSON]
        }

        func run() throws {
            let session = try global.session()
            let here = try session.testbed()
            let all = try session.testbeds()
            if output.json {
                JSONOutput.print(ListJSON(this_machine: here.name, fingerprint: here.fingerprint, testbeds: all.map { usage in
                    TestbedJSON(name: usage.name, runs: usage.runs, first_run: usage.firstSeen.map(Timestamp.format),
                                last_run: usage.lastSeen.map(Timestamp.format), this_machine: usage.name == here.name,
                                fingerprint: usage.fingerprint)
                }))
                return
            }
            Terminal.out("This machine: \(here.name)" + (here.fingerprint.map { "\n  \($0.summary)" } ?? ""))
            guard !all.isEmpty else {
                Terminal.out("\nNo runs recorded yet.")
                return
            }
            var table = Table("TESTBED", "RUNS", "FIRST RUN", "LAST RUN", "MACHINE")
            for usage in all {
                let name = (usage.name ?? "(unknown)") + (usage.name == here.name ? " *" : "")
                let machine = usage.fingerprint?.summary ?? (usage.name == nil ? "recorded before testbeds, or by SQL" : "")
                table.add([name, String(usage.runs), usage.firstSeen.map(Timestamp.short) ?? "", usage.lastSeen.map(Timestamp.short) ?? "", machine])
            }
            Terminal.out("\n" + table.render() + (all.contains { $0.name == here.name } ? "\n* this machine" : ""))
        }
    }
}
