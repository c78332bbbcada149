import BenchCore
import Foundation
import Testing

/// The fingerprint read from /proc and /etc text, the testbed name made from it, and how a
/// history splits into testbed epochs.
@Suite struct FingerprintTests {
    static let cpuinfo = """
    processor\t: 0
    vendor_id\t: AuthenticAMD
    model name\t: AMD EPYC 7763 64-Core Processor
    flags\t\t: fpu vme

    processor\t: 1
    vendor_id\t: AuthenticAMD
    model name\t: AMD EPYC 7763 64-Core Processor

    """
    static let meminfo = "MemTotal:       16374788 kB\nMemFree:         1234567 kB\n"
    static let osRelease = """
    PRETTY_NAME="Ubuntu 22.04.4 LTS"
    NAME="Ubuntu"
    VERSION_ID="22.04"
    ID=ubuntu

    """

    func parsed(kernel: String = "6.5.0-1017-azure", toolchain: String? = nil) -> Fingerprint {
        Fingerprint.parse(cpuinfo: Self.cpuinfo, meminfo: Self.meminfo, osRelease: Self.osRelease, kernel: kernel,
                          architecture: "x86_64", toolchain: toolchain)
    }

    @Test func readsTheMachineFromItsFiles() {
        let print = parsed()
        #expect(print.cpuModel == "AMD EPYC 7763 64-Core Processor")
        #expect(print.cores == 2)
        #expect(print.memoryBytes == 16_374_788 * 1024)
        #expect(print.memoryGiB == 16)
        #expect(print.os == "Ubuntu 22.04.4 LTS")
        #expect(print.osID == "ubuntu22.04")
        #expect(print.kernel == "6.5.0-1017-azure")
        #expect(print.summary == "AMD EPYC 7763 64-Core Processor · 2 cores · 16 GiB · Ubuntu 22.04.4 LTS · kernel 6.5.0-1017-azure")
    }

    @Test func theNameIsReadableStableAndChangesWithAnyFact() throws {
        let name = parsed().name
        #expect(name.hasPrefix("x86_64-2c-16g-ubuntu22.04-"))
        #expect(name.count == "x86_64-2c-16g-ubuntu22.04-".count + 6)
        #expect(parsed().name == name, "the same machine, the same name")
        #expect(Fingerprint.parse(cpuinfo: Self.cpuinfo, meminfo: "MemTotal: 16374000 kB\n", osRelease: Self.osRelease,
                                  kernel: "6.5.0-1017-azure", architecture: "x86_64").name == name, "a few kB less is the same machine")
        let others = [parsed(kernel: "6.8.0-1010-azure").name, parsed(toolchain: "swift 6.0.3").name,
                      Fingerprint.parse(cpuinfo: Self.cpuinfo.replacingOccurrences(of: "7763", with: "9V74"), meminfo: Self.meminfo,
                                        osRelease: Self.osRelease, kernel: "6.5.0-1017-azure", architecture: "x86_64").name]
        #expect(Set(others + [name]).count == 4, "\(others)")
        // A machine without the usual files still gets a name a store accepts.
        let bare = Fingerprint.parse(cpuinfo: "", meminfo: "", osRelease: "", kernel: "", architecture: "")
        #expect(bare.cpuModel == "unknown" && bare.os == "Linux" && bare.osID == "linux")
        try Names.validate(bare.name, field: "testbed")
    }

    /// Fields are trimmed as `trimmingCharacters(in: .whitespaces)` trims them: spaces, tabs
    /// and other blanks at either end, nothing inside, and a quote only around os-release values.
    @Test func fieldsAreTrimmedOfBlanksAtBothEnds() {
        let print = Fingerprint.parse(cpuinfo: "processor : 0\n  model name \t:\t\u{00A0}Odd  CPU\u{2003} \t\n", meminfo: "MemTotal:\t 2048 kB \n",
                                      osRelease: "PRETTY_NAME = ' \"Quoted\" OS ' \nID=\"deb\"\nVERSION_ID= \"12\"\n", kernel: "k", architecture: "x")
        for value in ["\u{00A0}Odd  CPU\u{2003} \t", " ' \"Quoted\" OS ' "] {
            #expect(!value.trimmingCharacters(in: .whitespaces).isEmpty)
        }
        #expect(print.cpuModel == "\u{00A0}Odd  CPU\u{2003} \t".trimmingCharacters(in: .whitespaces))
        #expect(print.cpuModel == "Odd  CPU")
        #expect(print.memoryBytes == 2048 * 1024)
        #expect(print.os == " \"Quoted\" OS ")
        #expect(print.osID == "deb12")
        #expect(print.cores == 1)
    }

    @Test func unknownIsCompatibleWithEveryTestbedAndNeverStartsAnEpoch() {
        #expect(Testbed.compatible("a", "a"))
        #expect(!Testbed.compatible("a", "b"))
        #expect(Testbed.compatible(nil, "b") && Testbed.compatible("a", nil) && Testbed.compatible(nil, nil))
        #expect(Testbed.boundaries(["a", "a", nil, "b", "b", nil, "a"]) == [3, 6])
        #expect(Testbed.boundaries([nil, nil, "a", nil, "a"]) == [])
        #expect(Testbed.epochs(["a", nil, "b", "b"]) == [0..<2, 2..<4])
        #expect(Testbed.epochs([]) == [])
    }
}
