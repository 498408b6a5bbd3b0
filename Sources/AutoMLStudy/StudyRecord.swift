import AutoMLSearchSpace
import Foundation

/// Which sampler a study uses and with what seed: stored with the study so a resumed study (or
/// another process joining it) draws from the same sampler.
public struct SamplerSettings: Sendable, Codable, Equatable {
    /// The sampler's name (`random`, `sobol`, `gp`), as ``Sampler/name``.
    public var name: String
    /// The seed of every random draw the sampler makes; `nil` for deterministic samplers.
    public var seed: UInt64?
    /// Further sampler options as text (e.g. `acquisition: log_ei`), empty by default.
    public var options: [String: String]

    public init(name: String, seed: UInt64? = nil, options: [String: String] = [:]) {
        self.name = name
        self.seed = seed
        self.options = options
    }
}

/// Everything that defines a study: its name, what it optimizes and how it searches.
///
/// Written once when the study is created; continuing a study (another run, another process)
/// reads it back, so the effective settings of every search can be printed later.
public struct StudyRecord: Sendable, Codable, Equatable {
    /// Unique within its storage.
    public var name: String
    /// One per objective; several for multi-objective studies.
    public var directions: [StudyDirection]
    /// The search space every trial's configuration is drawn from.
    public var space: SearchSpace
    public var sampler: SamplerSettings
    /// Free-form settings worth keeping with the study (`objective`, `command`, `space_file`, …).
    public var attributes: [String: String]
    public var createdAt: Date

    public init(
        name: String, directions: [StudyDirection] = [.minimize], space: SearchSpace,
        sampler: SamplerSettings, attributes: [String: String] = [:], createdAt: Date = Date()
    ) {
        self.name = name
        self.directions = directions
        self.space = space
        self.sampler = sampler
        self.attributes = attributes
        self.createdAt = createdAt
    }

    /// Checks that `name` can name a study: 1…200 characters, none of them control characters.
    public static func validate(name: String) throws(StudyError) {
        guard !name.isEmpty, name.count <= 200,
            !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { throw .invalidStudyName(name) }
    }

    private enum CodingKeys: String, CodingKey {
        case name, directions, space, sampler, attributes
        case createdAt = "created_at"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        directions = try container.decode([StudyDirection].self, forKey: .directions)
        space = try container.decode(StoredSearchSpace.self, forKey: .space).space
        sampler = try container.decode(SamplerSettings.self, forKey: .sampler)
        attributes =
            try container.decodeIfPresent([String: String].self, forKey: .attributes) ?? [:]
        createdAt = try container.decode(Date.self, forKey: .createdAt)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(directions, forKey: .directions)
        try container.encode(StoredSearchSpace(space), forKey: .space)
        try container.encode(sampler, forKey: .sampler)
        try container.encode(attributes, forKey: .attributes)
        try container.encode(createdAt, forKey: .createdAt)
    }
}

/// One line of `automl studies list`: a study and how far it got.
public struct StudySummary: Sendable, Equatable {
    public var name: String
    public var directions: [StudyDirection]
    public var sampler: SamplerSettings
    public var createdAt: Date
    /// Trials per state (states without trials are absent).
    public var trialCounts: [TrialState: Int]
    /// The best first-objective value among complete trials, if any.
    public var bestValue: Double?

    public init(
        name: String, directions: [StudyDirection], sampler: SamplerSettings, createdAt: Date,
        trialCounts: [TrialState: Int], bestValue: Double?
    ) {
        self.name = name
        self.directions = directions
        self.sampler = sampler
        self.createdAt = createdAt
        self.trialCounts = trialCounts
        self.bestValue = bestValue
    }

    /// Every trial, whatever its state.
    public var trialCount: Int { trialCounts.values.reduce(0, +) }

    /// The summary of `study` with `trials` (what storages without a query of their own use).
    public init(_ study: StudyRecord, trials: [TrialRecord]) {
        let history = StudyHistory(directions: study.directions, trials: trials)
        self.init(
            name: study.name, directions: study.directions, sampler: study.sampler,
            createdAt: study.createdAt,
            trialCounts: Dictionary(grouping: trials, by: \.state).mapValues(\.count),
            bestValue: history.best?.value)
    }
}
