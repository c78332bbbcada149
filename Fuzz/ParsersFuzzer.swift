// libFuzzer entry point over every result parser (`make fuzz`). Compiled with the
// BenchCore sources it needs by swiftc -sanitize=fuzzer,address; a crash, a trap or an
// AddressSanitizer report fails the run.
@_cdecl("LLVMFuzzerTestOneInput")
public func parsersFuzzer(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for format in ResultFormat.allCases where format != .time {
        _ = try? format.parse(bytes, name: "fuzz")
    }
    return 0
}
