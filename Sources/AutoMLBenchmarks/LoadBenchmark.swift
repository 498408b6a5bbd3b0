import AutoMLData
import Foundation

/// Times ``CSVReader`` on files: `automl bench data` as a library call.
public struct LoadBenchmark: Sendable {
    /// One file's timings.
    public struct Result: Codable, Sendable {
        public var file: String
        public var rows: Int
        public var columns: Int
        public var megabytes: Double
        public var medianMilliseconds: Double
        public var minimumMilliseconds: Double

        enum CodingKeys: String, CodingKey {
            case file, rows, columns, megabytes
            case medianMilliseconds = "median_ms"
            case minimumMilliseconds = "min_ms"
        }
    }

    public var paths: [String]
    public var repeats: Int
    public var options: CSVOptions

    public init(paths: [String], repeats: Int = 7, options: CSVOptions = .standard) {
        self.paths = paths
        self.repeats = max(1, repeats)
        self.options = options
    }

    /// Loads each file `repeats` times (after one warm-up load) and reports the median.
    public func run() throws(DataError) -> [Result] {
        var results = [Result]()
        for path in paths {
            // One warm-up load, which also fills the page cache.
            var table = try CSVReader.read(contentsOf: path, options: options)
            var times = [Double]()
            for _ in 0..<repeats {
                let clock = ContinuousClock()
                let start = clock.now
                table = try CSVReader.read(contentsOf: path, options: options)
                let elapsed = clock.now - start
                times.append(
                    Double(elapsed.components.seconds) * 1000 + Double(
                        elapsed.components.attoseconds) / 1e15)
            }
            times.sort()
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            let size = attributes?[.size] as? Int ?? 0
            results.append(
                Result(
                    file: path, rows: table.rowCount, columns: table.columns.count,
                    megabytes: Double(size) / 1_000_000, medianMilliseconds: times[times.count / 2],
                    minimumMilliseconds: times[0]))
        }
        return results
    }
}
