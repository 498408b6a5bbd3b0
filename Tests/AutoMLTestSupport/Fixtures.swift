import AutoML
import Foundation

// Shared helpers for the test targets: locating the bundled example files and comparing
// floating-point results with an explicit tolerance.

/// The package root: this file is `Tests/AutoMLTestSupport/Fixtures.swift`, three levels below.
public let packageRootURL: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // Tests/AutoMLTestSupport
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()  // package root

/// The URL of `name` in the package's `Examples/` folder, e.g. `exampleURL("iris.csv")`.
public func exampleURL(_ name: String) -> URL {
    packageRootURL.appendingPathComponent("Examples").appendingPathComponent(name)
}

/// The file-system path of `name` in `Examples/` (what ``CSVReader/read(contentsOf:options:)`` takes).
public func examplePath(_ name: String) -> String {
    exampleURL(name).path
}

/// Reads `Examples/<name>` (`.csv` added when `name` has no extension) and splits off the
/// column `targetName` as the target.
public func exampleDataset(_ name: String, targetName: String = "target") throws -> Dataset {
    let table = try CSVReader.read(
        contentsOf: examplePath(name.contains(".") ? name : name + ".csv"))
    return try Dataset(table: table, targetName: targetName)
}

/// Whether `a` and `b` differ by at most `tolerance` (absolute). Use inside `#expect`.
public func isClose(_ a: Double, _ b: Double, tolerance: Double) -> Bool {
    abs(a - b) <= tolerance
}

/// Whether `a` and `b` differ by at most `tolerance · max(|a|, |b|)` (relative).
public func isClose(_ a: Double, _ b: Double, relativeTolerance: Double) -> Bool {
    abs(a - b) <= relativeTolerance * max(abs(a), abs(b))
}

/// Whether two vectors have the same length and agree element by element within `tolerance`.
public func isClose(_ a: [Double], _ b: [Double], tolerance: Double) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { isClose($0, $1, tolerance: tolerance) }
}

/// Whether two matrices have the same shape and agree element by element within `tolerance`.
public func isClose(_ a: Matrix, _ b: Matrix, tolerance: Double) -> Bool {
    a.rows == b.rows && a.columns == b.columns
        && isClose(a.storage, b.storage, tolerance: tolerance)
}

/// The largest absolute element-wise difference of two equally shaped matrices (∞ if the
/// shapes differ); handy in failure messages next to ``isClose(_:_:tolerance:)-(Matrix,Matrix,_)``.
public func maximumDifference(_ a: Matrix, _ b: Matrix) -> Double {
    guard a.rows == b.rows, a.columns == b.columns else { return .infinity }
    return zip(a.storage, b.storage).map { abs($0 - $1) }.max() ?? 0
}
