import AutoML
import AutoMLBenchmarks
import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A study name and a categorical value that would run a script if written unescaped.
let hostileText = "<script>alert(1)</script>"

/// The report data of a synthetic model search of `trialCount` trials (seed 3), read back from
/// an in-memory storage as `automl report` reads a study.
func syntheticModelSearch(trialCount: Int) async throws -> StudyReportData {
    let storage = InMemoryStorage()
    try await SyntheticModelStudy(trialCount: trialCount, seed: 3).write(
        named: "models", into: storage)
    return try await StudyReportData.load(from: storage, study: "models", storage: "memory:")
}

/// A small fixed command study: 40 trials (33 complete, 3 failed, 3 pruned, 1 running) over a
/// float, a log float, an integer, a categorical whose second choice is ``hostileText`` and a
/// log float active only for the first choice. Minimized.
func fixedStudy(trialCount: Int = 40) -> StudyReportData {
    let space = SearchSpace(unordered: [
        Parameter(name: "x", domain: .float(low: -5, high: 5, log: false, step: nil)),
        Parameter(name: "rate", domain: .float(low: 1e-4, high: 1, log: true, step: nil)),
        Parameter(name: "depth", domain: .integer(low: 1, high: 8, log: false, step: 1)),
        Parameter(name: "kernel", domain: .categorical([.string("rbf"), .string(hostileText)])),
        Parameter(
            name: "gamma", domain: .float(low: 1e-3, high: 10, log: true, step: nil),
            conditions: [Condition(parent: "kernel", values: [.string("rbf")])]),
    ])
    let study = StudyRecord(
        name: "demo " + hostileText, directions: [.minimize], space: space,
        sampler: SamplerSettings(name: "gp", seed: 7),
        attributes: ["objective": "command", "command": "python train.py && echo '<b>'"],
        createdAt: Date(timeIntervalSince1970: 1_800_000_000))
    var random = RandomSource(seed: 1)
    var trials: [TrialRecord] = []
    let start = Date(timeIntervalSince1970: 1_800_000_100)
    for number in 0..<trialCount {
        var values: [String: ParameterValue] = [:]
        for parameter in space.parameters where space.isActive(parameter, given: values) {
            values[parameter.name] = parameter.value(atUnit: random.uniform())
        }
        let configuration = Configuration(values)
        let x = values["x"]?.number ?? 0
        let depth = values["depth"]?.number ?? 1
        let gamma = values["gamma"]?.number
        let value =
            (x - 1) * (x - 1) + 0.3 * depth + (gamma.map { pow(log10($0), 2) } ?? 1.5)
            + 0.1 * random.normal()
        var trial = TrialRecord(
            number: number, state: .complete, configuration: configuration, values: [value],
            metrics: ["wall_seconds": 0.5 + random.uniform()],
            attributes: ["automl_version": AutoMLVersion.current],
            startedAt: start.addingTimeInterval(Double(number)),
            finishedAt: start.addingTimeInterval(Double(number) + 0.8))
        switch number {
        case 7, 19, 33:
            trial.state = .failed
            trial.values = nil
            trial.failureReason = "the command exited with status 3; stderr: " + hostileText
        case 5, 12, 27:
            trial.state = .pruned
            trial.values = nil
            trial.failureReason = "pruned"
        case trialCount - 1:
            trial.state = .running
            trial.values = nil
            trial.finishedAt = nil
        default:
            break
        }
        trials.append(trial)
    }
    return StudyReportData(
        study: study, trials: trials, storage: "sqlite:fixture.db",
        readAt: start.addingTimeInterval(Double(trialCount) + 5))
}

/// Every `<svg …>…</svg>` of `html`, in order.
func svgParts(of html: String) -> [String] {
    var parts: [String] = []
    var rest = html[...]
    while let open = rest.range(of: "<svg "),
        let close = rest.range(of: "</svg>", range: open.upperBound..<rest.endIndex)
    {
        parts.append(String(rest[open.lowerBound..<close.upperBound]))
        rest = rest[close.upperBound...]
    }
    return parts
}

/// Whether `markup` is well-formed XML, with the parser's error when it is not.
func parseXML(_ markup: String) -> (ok: Bool, error: String) {
    let parser = XMLParser(data: Data(markup.utf8))
    let ok = parser.parse()
    return (ok, parser.parserError.map { "\($0)" } ?? "")
}

/// The SVG of chart `id` in `report`.
func chart(_ id: String, in report: StudyReport) throws -> RenderedChart {
    try #require(
        report.charts.first { $0.id == id }, "no chart \(id) in \(report.charts.map(\.id))")
}

/// Occurrences of `needle` in `haystack`.
func count(_ needle: String, in haystack: String) -> Int {
    haystack.components(separatedBy: needle).count - 1
}
