// swift-tools-version: 6.1
// Arcade — a cycle-level accelerator simulator and design-space explorer.
import PackageDescription

// Release builds of the simulation targets skip the runtime exclusivity checks on class
// properties: components and channels are classes mutated on every event, and each access paid
// swift_beginAccess (over half the channel benchmark's time, perf, 2026-12-02). Debug builds —
// the tests — keep every check, so a violation still fails there.
let simulationSettings: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "Arcade",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "arcade", targets: ["arcade"]),
        .library(name: "ArcadeKernel", targets: ["ArcadeKernel"]),
        .library(name: "ArcadeHardware", targets: ["ArcadeHardware"]),
        .library(name: "ArcadeResults", targets: ["ArcadeResults"]),
        // For the fuzz package (fuzz/Package.swift), which links the readers from outside.
        .library(name: "ArcadeCore", targets: ["ArcadeCore"]),
        .library(name: "ArcadeWorkloads", targets: ["ArcadeWorkloads"]),
        .library(name: "ArcadeExplore", targets: ["ArcadeExplore"]),
        // The C ABI (Sources/ArcadeTLM/include/arcade_memory.h) as a shared library a user's own
        // SystemC platform links: libArcadeMemory.so (examples/systemc-platform).
        .library(name: "ArcadeMemory", type: .dynamic, targets: ["ArcadeCABI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // Shared vocabulary: input errors with file/line/field, the YAML document reader,
        // and the typed result tables every hardware family reports.
        .target(name: "ArcadeCore", dependencies: [.product(name: "Yams", package: "Yams")]),
        // The discrete-event engine: integer picosecond time, clock domains, calendar queue.
        .target(name: "ArcadeKernel", swiftSettings: simulationSettings),
        // Workload readers and generators: SCALE-Sim topology CSVs, DRAM request traces.
        // (CZlib: gzip'd address traces.)
        .target(name: "ArcadeWorkloads", dependencies: ["ArcadeCore", "ArcadeKernel", "CZlib"]),
        // zlib through its C API (gzread).
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        // One folder per hardware family; Registry.swift lists them.
        .target(name: "ArcadeHardware", dependencies: ["ArcadeCore", "ArcadeKernel", "ArcadeWorkloads"],
                swiftSettings: simulationSettings),
        // Design-space exploration: gym-style spaces and environments, search agents, the harness.
        // (ArcadeResults for the sweeps' HDF5 storage: results always go to HDF5.)
        .target(name: "ArcadeExplore", dependencies: ["ArcadeCore", "ArcadeKernel", "ArcadeHardware", "ArcadeWorkloads",
                                                      "ArcadeResults", .product(name: "Yams", package: "Yams")]),
        // libhdf5 through its C API.
        .systemLibrary(name: "CHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"])]),
        .target(name: "ArcadeResults", dependencies: ["ArcadeCore", "CHDF5"]),
        // The command-line tool: thin, no logic of its own.
        .executableTarget(name: "arcade", dependencies: [
            "ArcadeCore", "ArcadeKernel", "ArcadeHardware", "ArcadeResults", "ArcadeWorkloads", "ArcadeExplore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // A SystemC reference model (C++17, libsystemc) that checks the dataflow family's timing from
        // outside: Tests/ArcadeCLITests/SystemCReferenceTests.swift runs it beside `arcade simulate`.
        .executableTarget(name: "arcade-systemc-dataflow", linkerSettings: [.linkedLibrary("systemc")]),
        // The same for the DRAM family (DDR4, FR-FCFS): Tests/ArcadeCLITests/SystemCDRAMReferenceTests.swift.
        .executableTarget(name: "arcade-systemc-dram", linkerSettings: [.linkedLibrary("systemc")]),
        // SystemC/TLM-2.0 (issue 18). ArcadeCABI: the DRAM's memory port behind @_cdecl functions.
        // ArcadeTLM: the C header, the header-only TLM target and trace-replay initiator, and the C
        // entry that starts SystemC. A C++ target cannot be an executable that links Swift, so each
        // platform is a C++ target defining sc_main plus a three-line Swift main calling
        // arcade_tlm_elab_and_sim; the @_cdecl symbols resolve at the executable's link.
        .target(name: "ArcadeCABI", dependencies: ["ArcadeCore", "ArcadeKernel", "ArcadeHardware", "ArcadeWorkloads"],
                swiftSettings: simulationSettings),
        .target(name: "ArcadeTLM", linkerSettings: [.linkedLibrary("systemc")]),
        .target(name: "ArcadeTLMReplay", dependencies: ["ArcadeTLM"], publicHeadersPath: "."),
        .executableTarget(name: "arcade-tlm", dependencies: ["ArcadeCABI", "ArcadeTLMReplay"]),
        // The example platform users copy, built from its own folder so CI checks that very file.
        .target(name: "ArcadeTLMPlatform", dependencies: ["ArcadeTLM"], path: "examples/systemc-platform",
                exclude: ["Makefile", "README.md"], sources: ["platform.cpp"], publicHeadersPath: "."),
        .executableTarget(name: "arcade-tlm-platform", dependencies: ["ArcadeCABI", "ArcadeTLMPlatform"]),
        .testTarget(name: "ArcadeCoreTests", dependencies: ["ArcadeCore"]),
        .testTarget(name: "ArcadeKernelTests", dependencies: ["ArcadeKernel"]),
        .testTarget(name: "ArcadeWorkloadsTests", dependencies: ["ArcadeWorkloads", "ArcadeCore"]),
        // ArcadeExplore: FuzzCorpusReplayTests replays every fuzz target's corpus (spaces and sweep files too).
        .testTarget(name: "ArcadeHardwareTests", dependencies: ["ArcadeHardware", "ArcadeWorkloads", "ArcadeCore", "ArcadeResults",
                                                               "ArcadeExplore"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "ArcadeExploreTests", dependencies: ["ArcadeExplore", "ArcadeCore", "ArcadeKernel"]),
        .testTarget(name: "ArcadeResultsTests", dependencies: ["ArcadeResults", "ArcadeCore"]),
        // Not arcade-tlm / arcade-tlm-platform: a test bundle links its executables' modules and their
        // C++ targets, and two sc_main would clash; `swift build --build-tests` builds them anyway.
        .testTarget(name: "ArcadeCLITests", dependencies: ["arcade", "arcade-systemc-dataflow", "arcade-systemc-dram",
                                                               "ArcadeHardware"]),
    ],
    // SystemC 2.3.4's headers embed a link-time check of the C++ standard it was built with (C++17).
    cxxLanguageStandard: .cxx17
)
