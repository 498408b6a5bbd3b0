// swift-tools-version:6.0
import PackageDescription

// Layers (docs/architecture.md has the table): C → Numerics [0] → Data, SearchSpace [1] →
// Learners, Study [2] → Optimizer, Executor, Storage, Ensemble [3] → ModelSearch [4] → Profiles,
// Ablation [5] → Report [6] → Workflows [7] → Benchmarks [8] → automl [9]. Each target imports only
// targets of lower layers.
// `AutoML` re-exports the library layers (not the benchmarks, which only `automl` links).
let package = Package(
    name: "automl",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "AutoML", targets: ["AutoML"]),
        .executable(name: "automl", targets: ["automl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/JohnSundell/Plot", from: "0.14.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CGSLOpenBLAS",
            path: "Sources/CGSLOpenBLAS",
            providers: [.apt(["libgsl-dev", "libopenblas-dev"])]
        ),
        .target(
            name: "AutoMLNumerics",
            dependencies: ["CGSLOpenBLAS", .product(name: "Logging", package: "swift-log")]
        ),
        .target(name: "AutoMLData", dependencies: ["AutoMLNumerics"]),
        .target(
            name: "AutoMLSearchSpace",
            dependencies: ["AutoMLNumerics", .product(name: "Yams", package: "Yams")]
        ),
        .target(name: "AutoMLLearners", dependencies: ["AutoMLNumerics", "AutoMLData"]),
        .target(name: "AutoMLStudy", dependencies: ["AutoMLNumerics", "AutoMLSearchSpace"]),
        .target(name: "AutoMLOptimizer", dependencies: ["AutoMLNumerics", "AutoMLSearchSpace", "AutoMLStudy"]),
        .target(name: "AutoMLExecutor", dependencies: ["AutoMLNumerics", "AutoMLSearchSpace", "AutoMLStudy"]),
        .target(
            name: "AutoMLStorage",
            dependencies: [
                "AutoMLSearchSpace", "AutoMLStudy", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .target(name: "AutoMLEnsemble", dependencies: ["AutoMLNumerics", "AutoMLData", "AutoMLLearners"]),
        .target(
            name: "AutoMLModelSearch",
            dependencies: [
                "AutoMLNumerics", "AutoMLData", "AutoMLSearchSpace", "AutoMLLearners", "AutoMLStudy",
                "AutoMLOptimizer", "AutoMLEnsemble", "AutoMLExecutor",
            ]
        ),
        .target(
            name: "AutoMLProfiles",
            dependencies: [
                "AutoMLNumerics", "AutoMLData", "AutoMLSearchSpace", "AutoMLLearners", "AutoMLStudy",
                "AutoMLEnsemble", "AutoMLExecutor", "AutoMLModelSearch",
            ]
        ),
        .target(
            name: "AutoMLAblation",
            dependencies: [
                "AutoMLNumerics", "AutoMLData", "AutoMLSearchSpace", "AutoMLLearners", "AutoMLStudy",
                "AutoMLOptimizer", "AutoMLEnsemble", "AutoMLExecutor", "AutoMLModelSearch",
            ]
        ),
        .target(
            name: "AutoMLReport",
            dependencies: [
                "AutoMLSearchSpace", "AutoMLStudy", "AutoMLModelSearch", "AutoMLProfiles", "AutoMLAblation",
                .product(name: "Plot", package: "Plot"),
            ]
        ),
        .target(
            name: "AutoMLWorkflows",
            dependencies: [
                "AutoMLAblation", "AutoMLReport",
                "AutoMLNumerics", "AutoMLData", "AutoMLSearchSpace", "AutoMLLearners", "AutoMLStudy",
                "AutoMLOptimizer", "AutoMLEnsemble", "AutoMLExecutor", "AutoMLStorage", "AutoMLModelSearch",
                "AutoMLProfiles",
            ]
        ),
        .target(
            name: "AutoMLBenchmarks",
            dependencies: [
                "AutoMLNumerics", "AutoMLData", "AutoMLSearchSpace", "AutoMLLearners", "AutoMLStudy",
                "AutoMLOptimizer", "AutoMLEnsemble", "AutoMLExecutor", "AutoMLStorage", "AutoMLModelSearch",
                "AutoMLProfiles", "AutoMLWorkflows", "AutoMLAblation", "AutoMLReport",
            ]
        ),
        .target(
            name: "AutoML",
            dependencies: [
                "AutoMLNumerics", "AutoMLData", "AutoMLSearchSpace", "AutoMLLearners", "AutoMLStudy",
                "AutoMLOptimizer", "AutoMLEnsemble", "AutoMLExecutor", "AutoMLStorage", "AutoMLModelSearch",
                "AutoMLProfiles", "AutoMLWorkflows", "AutoMLAblation", "AutoMLReport",
            ]
        ),
        // The supervisor of command objectives' trials (C: it starts in about a millisecond);
        // `automl` depends on it so it is built beside `automl`, where `CommandObjective` finds it.
        .executableTarget(name: "automl-supervise", path: "Sources/automl-supervise"),
        .executableTarget(
            name: "automl",
            dependencies: [
                "AutoML", "AutoMLBenchmarks", "automl-supervise",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "library-tour", dependencies: ["AutoML"], path: "Examples/LibraryTour"),
        .target(name: "AutoMLTestSupport", dependencies: ["AutoML"], path: "Tests/AutoMLTestSupport"),
        .testTarget(name: "AutoMLNumericsTests", dependencies: ["AutoMLNumerics", "AutoMLTestSupport"]),
        .testTarget(name: "AutoMLDataTests", dependencies: ["AutoMLData", "AutoMLTestSupport"]),
        .testTarget(name: "AutoMLLearnersTests", dependencies: ["AutoMLLearners", "AutoMLTestSupport"]),
        .testTarget(name: "AutoMLSearchSpaceTests", dependencies: ["AutoMLSearchSpace", "AutoMLTestSupport"]),
        .testTarget(name: "AutoMLStudyTests", dependencies: ["AutoMLStudy", "AutoMLTestSupport"]),
        .testTarget(
            name: "AutoMLOptimizerTests", dependencies: ["AutoMLOptimizer", "AutoMLBenchmarks", "AutoMLTestSupport"]),
        .testTarget(name: "AutoMLExecutorTests", dependencies: ["AutoMLExecutor", "AutoMLTestSupport"]),
        .testTarget(
            name: "AutoMLStorageTests", dependencies: ["AutoMLStorage", "AutoMLTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "AutoMLEnsembleTests", dependencies: ["AutoMLEnsemble", "AutoMLTestSupport"]),
        .testTarget(name: "AutoMLModelSearchTests", dependencies: ["AutoMLModelSearch", "AutoMLTestSupport"]),
        .testTarget(name: "AutoMLProfilesTests", dependencies: ["AutoMLProfiles", "AutoMLTestSupport"]),
        .testTarget(name: "AutoMLAblationTests", dependencies: ["AutoMLAblation"]),
        .testTarget(
            name: "AutoMLReportTests", dependencies: ["AutoMLReport", "AutoMLBenchmarks", "AutoMLTestSupport"]),
        .testTarget(name: "AutoMLWorkflowsTests", dependencies: ["AutoMLWorkflows", "AutoMLTestSupport"]),
        .testTarget(name: "AutoMLBenchmarksTests", dependencies: ["AutoMLBenchmarks", "AutoMLTestSupport"]),
        .testTarget(name: "AutomlCommandTests", dependencies: ["automl", "AutoMLTestSupport"]),
    ]
)
