// The `AutoML` library product: one import for Swift programs.
//
//     import AutoML
//
// re-exports every capability layer, so programs see `Matrix`, `Dataset`, `CSVReader`, the
// learners, metrics and workflows without naming the internal targets. The benchmark harnesses
// (`AutoMLBenchmarks`) are not re-exported: only the `automl` executable links them.
@_exported import AutoMLData
@_exported import AutoMLLearners
@_exported import AutoMLNumerics
@_exported import AutoMLWorkflows
@_exported import AutoMLOptimizer
@_exported import AutoMLSearchSpace
@_exported import AutoMLStudy
@_exported import AutoMLExecutor
@_exported import AutoMLStorage
@_exported import AutoMLEnsemble
@_exported import AutoMLModelSearch
@_exported import AutoMLProfiles
@_exported import AutoMLAblation
@_exported import AutoMLReport
