import FuzzSupport

/// libFuzzer entry point (built with -sanitize=fuzzer -parse-as-library; see fuzz/run.sh).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    Fuzz.serveRequests(data, size)
    return 0
}

/// The executable's entry point (see `Fuzz.run`).
@_cdecl("serve_requests_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    Fuzz.run(argc, argv, fuzz)
}
