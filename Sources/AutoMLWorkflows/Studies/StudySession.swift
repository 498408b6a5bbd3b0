import AutoMLOptimizer
import AutoMLSearchSpace
import AutoMLStorage
import AutoMLStudy
import Foundation

/// Opens a study for a command: creates it with the given settings, or continues the stored one
/// of that name (checking that the given settings agree with it). Shared by `automl tune` (both
/// objective kinds) and `automl ask`.
public struct StudySession: Sendable {
    /// The settings a command was given; `nil` means "not given" (the stored value, else the
    /// default, applies: flag > stored study > default).
    public struct Request: Sendable {
        public var name: String
        public var storage: StorageLocation
        public var space: SearchSpace?
        public var directions: [StudyDirection]?
        public var samplerName: String?
        public var seed: UInt64?
        /// Stored with a new study (`objective`, `command`, `space_file`, …).
        public var attributes: [String: String]
        /// The process recorded on trials (`nil` for `automl ask`).
        public var owner: TrialOwner?
        /// Stops unpromising trials early (not stored with the study: each run names its own).
        public var pruner: (any Pruner)?
        /// Configurations the first trials try before the sampler takes over
        /// (``WarmStartSampler``; not stored: each run gives the same list again).
        public var initialConfigurations: [Configuration] = []
        /// A worker sharing the study with others: its sampler refits while trials run and
        /// reuses recent fits (``Sampler/reusingRecentFits()``).
        public var reusesRecentFits = false
        /// Attributes a continued study must have stored with the same value (when it stored
        /// one at all), because trials scored under another value are not comparable: the
        /// target, metric, folds and data shape of a model search.
        public var matchingAttributes: [String] = []

        public init(
            name: String, storage: StorageLocation = .standard, space: SearchSpace? = nil,
            directions: [StudyDirection]? = nil, samplerName: String? = nil, seed: UInt64? = nil,
            attributes: [String: String] = [:], owner: TrialOwner? = .current
        ) {
            self.name = name
            self.storage = storage
            self.space = space
            self.directions = directions
            self.samplerName = samplerName
            self.seed = seed
            self.attributes = attributes
            self.owner = owner
        }
    }

    public var study: Study
    /// Whether the study already existed.
    public var isResumed: Bool
    /// Trials in the study when it was opened.
    public var trialCountAtOpen: Int

    /// Creates or continues the study `request` names, in `storage` (opened by the caller
    /// from ``Request/storage``, who closes it).
    /// - Throws: ``StudyWorkflowError/missingSpace(study:)`` for a new study without a space,
    ///   `StudyError.incompatibleStudy` when the given settings differ from the stored ones,
    ///   `OptimizerError.unknownSampler`, storage errors.
    public static func open(_ request: Request, in storage: any StudyStorage) async throws
        -> StudySession
    {
        if let record = try await storage.study(named: request.name) {
            return try await resume(record, request, storage)
        }
        guard let space = request.space else {
            throw StudyWorkflowError.missingSpace(study: request.name)
        }
        let settings = SamplerSettings(
            name: request.samplerName ?? SamplerCatalog.defaultName, seed: request.seed ?? 0)
        let sampler = asRequested(try SamplerCatalog.sampler(settings), request)
        do {
            let study = try await Study.create(
                name: request.name, space: space, directions: request.directions ?? [.minimize],
                sampler: sampler,
                storage: storage, pruner: request.pruner, attributes: request.attributes,
                owner: request.owner)
            return StudySession(study: study, isResumed: false, trialCountAtOpen: 0)
        } catch StudyError.studyExists {
            // Another process created it a moment ago: continue it.
            guard let record = try await storage.study(named: request.name) else {
                throw StudyError.studyNotFound(name: request.name)
            }
            return try await resume(record, request, storage)
        }
    }

    /// `sampler` as the request wants it: reusing recent fits for a worker, preceded by the
    /// request's initial configurations when it has any.
    private static func asRequested(_ sampler: any Sampler, _ request: Request) -> any Sampler {
        let sampler = request.reusesRecentFits ? sampler.reusingRecentFits() : sampler
        return request.initialConfigurations.isEmpty
            ? sampler : WarmStartSampler(base: sampler, initial: request.initialConfigurations)
    }

    private static func resume(
        _ record: StudyRecord, _ request: Request, _ storage: any StudyStorage
    ) async throws
        -> StudySession
    {
        try record.checkCompatible(
            directions: request.directions ?? record.directions,
            space: request.space ?? record.space)
        // A model search and an external objective score different things: neither may
        // continue the other's study.
        let storedObjective = record.attributes["objective"],
            givenObjective = request.attributes["objective"]
        if let storedObjective, let givenObjective,
            (storedObjective == "model") != (givenObjective == "model")
        {
            throw StudyError.incompatibleStudy(
                name: record.name, field: "objective", stored: storedObjective,
                given: givenObjective)
        }
        for key in request.matchingAttributes {
            if let stored = record.attributes[key], let given = request.attributes[key],
                stored != given
            {
                throw StudyError.incompatibleStudy(
                    name: record.name, field: key, stored: stored, given: given)
            }
        }
        if let name = request.samplerName, name != record.sampler.name {
            throw StudyError.incompatibleStudy(
                name: record.name, field: "sampler", stored: record.sampler.name, given: name)
        }
        if let seed = request.seed, seed != record.sampler.seed {
            throw StudyError.incompatibleStudy(
                name: record.name, field: "seed",
                stored: record.sampler.seed.map(String.init) ?? "none", given: String(seed))
        }
        let sampler = asRequested(try SamplerCatalog.sampler(record.sampler), request)
        let study = Study(
            record: record, storage: storage, sampler: sampler, pruner: request.pruner,
            owner: request.owner)
        return StudySession(
            study: study, isResumed: true,
            trialCountAtOpen: try await storage.trials(of: record.name).count)
    }
}
