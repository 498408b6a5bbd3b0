import AutoMLSearchSpace
import Foundation

/// A study and all its trials in the machine-readable form of `automl studies show --json`,
/// `automl studies export --format json` and `tune --out`'s `study.json` (keys documented in
/// docs/cli.md).
public struct StudyExport: Sendable, Encodable {
    public var study: StudyRecord
    public var trials: [TrialRecord]

    public init(study: StudyRecord, trials: [TrialRecord]) {
        self.study = study
        self.trials = trials
    }

    /// The best complete trial under the first direction.
    public var best: TrialRecord? {
        StudyHistory.best(of: trials, directions: study.directions)
    }

    private enum Keys: String, CodingKey {
        case version, name, directions, sampler, attributes, trials, best
        case createdAt = "created_at"
        case space = "search_space"
    }

    private enum SamplerKeys: String, CodingKey {
        case name, seed, options
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(1, forKey: .version)
        try container.encode(study.name, forKey: .name)
        try container.encode(study.directions, forKey: .directions)
        var sampler = container.nestedContainer(keyedBy: SamplerKeys.self, forKey: .sampler)
        try sampler.encode(study.sampler.name, forKey: .name)
        try sampler.encode(study.sampler.seed, forKey: .seed)
        try sampler.encode(study.sampler.options, forKey: .options)
        try container.encode(study.attributes, forKey: .attributes)
        try container.encode(Self.timestamp(study.createdAt), forKey: .createdAt)
        try container.encode(StoredSearchSpace(study.space), forKey: .space)
        try container.encode(best?.number, forKey: .best)
        try container.encode(trials.map(TrialEntry.init), forKey: .trials)
    }

    /// ISO 8601 with milliseconds, in UTC.
    static func timestamp(_ date: Date) -> String {
        date.formatted(
            .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(
                separator: .omitted))
    }

    /// One trial: `number`, `state`, `value` (null unless complete), `values`, `params`,
    /// `metrics`, `attributes`, `intermediate_values`, `started_at`, `finished_at`, and
    /// `reason` when failed or pruned.
    struct TrialEntry: Encodable {
        var trial: TrialRecord

        init(_ trial: TrialRecord) {
            self.trial = trial
        }

        private enum Keys: String, CodingKey {
            case number, state, value, values, params, metrics, attributes, reason
            case intermediateValues = "intermediate_values"
            case startedAt = "started_at"
            case finishedAt = "finished_at"
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(trial.number, forKey: .number)
            try container.encode(trial.state.rawValue, forKey: .state)
            let complete = trial.state == .complete
            try container.encode(complete ? trial.value : nil, forKey: .value)
            try container.encode(complete ? trial.values : nil, forKey: .values)
            try container.encode(trial.configuration, forKey: .params)
            try container.encode(trial.metrics.filter { $0.value.isFinite }, forKey: .metrics)
            try container.encode(trial.attributes, forKey: .attributes)
            let steps = Dictionary(
                uniqueKeysWithValues: trial.intermediateValues.map {
                    (String($0.key), $0.value.isFinite ? $0.value : nil)
                })
            try container.encode(steps, forKey: .intermediateValues)
            try container.encode(StudyExport.timestamp(trial.startedAt), forKey: .startedAt)
            try container.encode(trial.finishedAt.map(StudyExport.timestamp), forKey: .finishedAt)
            if trial.state == .failed || trial.state == .pruned {
                try container.encode(trial.failureReason ?? "", forKey: .reason)
            }
        }
    }

    /// Pretty, key-sorted JSON.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// One CSV row per trial: `number,state,value` (or `value_0,value_1,…`), `params_<name>`…,
    /// `metrics_<name>`…, `started_at,finished_at,duration_seconds,reason` (columns sorted by name
    /// within each group, missing values empty).
    public func csv() -> String {
        let parameterNames = Set(trials.flatMap(\.configuration.values.keys)).union(
            study.space.parameters.map(\.name)
        ).sorted()
        let metricNames = Set(trials.flatMap(\.metrics.keys)).sorted()
        let valueNames =
            study.directions.count == 1 ? ["value"] : study.directions.indices.map { "value_\($0)" }
        var header = ["number", "state"] + valueNames
        header += parameterNames.map { "params_\($0)" } + metricNames.map { "metrics_\($0)" }
        header += ["started_at", "finished_at", "duration_seconds", "reason"]
        var lines = [header.map(Self.field).joined(separator: ",")]
        for trial in trials {
            var row = [String(trial.number), trial.state.rawValue]
            let values = trial.state == .complete ? trial.values ?? [] : []
            row += valueNames.indices.map { $0 < values.count ? Self.number(values[$0]) : "" }
            row += parameterNames.map { trial.configuration[$0].map { "\($0)" } ?? "" }
            row += metricNames.map { trial.metrics[$0].map(Self.number) ?? "" }
            row.append(Self.timestamp(trial.startedAt))
            row.append(trial.finishedAt.map(Self.timestamp) ?? "")
            row.append(
                trial.finishedAt.map { Self.number($0.timeIntervalSince(trial.startedAt)) } ?? "")
            row.append(trial.failureReason ?? "")
            lines.append(row.map(Self.field).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func number(_ value: Double) -> String {
        value.isFinite ? "\(value)" : ""
    }

    static func field(_ text: String) -> String {
        guard
            text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                || text.first == " "
                || text.last == " "
        else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
