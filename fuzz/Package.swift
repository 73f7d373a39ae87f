// swift-tools-version: 6.1
// libFuzzer targets for every Arcade reader. A separate package so the root package (and CI's
// `swift test`) never builds them. Build and run with fuzz/run.sh; see the README's developer
// section for adding a target.
import PackageDescription

/// One libFuzzer executable per reader: fuzz/Sources/<name>/Fuzz.swift, seeds in fuzz/corpus/<name>/.
let fuzzTargets = [
    "systolic-architecture",
    "scalesim-cfg",
    "dram-architecture",
    "dataflow-architecture",
    "attention-workload",
    "cache-architecture",
    "address-trace",
    "topology-csv",
    "ramulator2-trace",
    "ramulator1-trace",
    "dramsim3-trace",
    "design-space",
    "constraint-expression",
    "sweep-file",
    "result-file",
    "pim-architecture",
    "pim-workload",
    "fpga-architecture",
    "fpga-workload",
    "fpga-routing-trace",
    "serve-requests",
    // Reader plus simulation: what the readers accept must not crash or hang the model either.
    "systolic-simulate",
    "dram-simulate",
    "dataflow-simulate",
    "cache-simulate",
    "pim-simulate",
]

let package = Package(
    name: "ArcadeFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "Arcade", path: "..")],
    targets: [
        .target(name: "FuzzSupport", dependencies: [
            .product(name: "ArcadeCore", package: "Arcade"),
            .product(name: "ArcadeHardware", package: "Arcade"),
            .product(name: "ArcadeWorkloads", package: "Arcade"),
            .product(name: "ArcadeExplore", package: "Arcade"),
            .product(name: "ArcadeResults", package: "Arcade"),
        ]),
    ] + fuzzTargets.map { name in
        .executableTarget(name: name, dependencies: ["FuzzSupport"], path: "Sources/\(name)")
    }
)
