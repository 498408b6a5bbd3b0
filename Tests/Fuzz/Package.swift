// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for the two parsers that read untrusted files: the CSV reader and the model
// file decoder (docs/fuzzing.md). A package of its own, so the main package's `swift build` and
// `swift test` never see them. `CLibFuzzer` declares libFuzzer's driver, which each target's
// entry point calls (SwiftPM links executables with `--defsym main=<module>_main`, which would
// otherwise hide libFuzzer's `main`). Build with sanitizers:
//
//     swift build -c debug --scratch-path ../../.build-fuzz \
//         -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
let package = Package(
    name: "automl-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "automl", path: "../..")],
    targets: [
        .target(name: "CLibFuzzer"),
        .executableTarget(
            name: "fuzz-csv",
            dependencies: ["CLibFuzzer", .product(name: "AutoML", package: "automl")]),
        .executableTarget(
            name: "fuzz-model",
            dependencies: ["CLibFuzzer", .product(name: "AutoML", package: "automl")]),
    ]
)
