import AutoMLData
import AutoMLModelSearch
import AutoMLNumerics
import AutoMLStudy
import Foundation

/// Makes the four production profiles of a model search: selects each profile's candidate on
/// the trade-off front (``TradeOffFront/select(_:tolerance:)``), fits it on all the training
/// data (each distinct candidate once), measures the deployable model
/// (``DeploymentMeasurement``), and states it as a ``ProductionProfile``.
public struct ProfileBuilder: Sendable {
    public var front: TradeOffFront
    /// The training data (the study's dataset).
    public var dataset: Dataset
    /// The model study's trials (ensemble members are looked up there).
    public var modelTrials: [TrialRecord]
    public var study: String
    public var storage: String
    public var metric: String
    public var seed: UInt64
    /// The family of configurations without a `learner` value (single-family spaces).
    public var defaultFamily: String?

    public init(
        front: TradeOffFront, dataset: Dataset, modelTrials: [TrialRecord], study: String,
        storage: String,
        metric: String, seed: UInt64, defaultFamily: String?
    ) {
        self.front = front
        self.dataset = dataset
        self.modelTrials = modelTrials
        self.study = study
        self.storage = storage
        self.metric = metric
        self.seed = seed
        self.defaultFamily = defaultFamily
    }

    /// A profile with its deployable model.
    public struct Built: Sendable {
        public var profile: ProductionProfile
        public var model: ModelArtifact
        public var candidate: ProfileCandidate
    }

    /// Candidates fitted and measured as deployed for `fast_inference` and `memory_efficient`
    /// (``TradeOffFront/shortlist(_:tolerance:count:)``), the best candidate included.
    public static let shortlistCount = 5

    /// The four profiles, in ``ProfileKind`` order.
    /// - Parameter tolerance: the score tolerance; `nil` takes one standard error of the best.
    /// - Throws: ``ProfileError`` when a candidate cannot be fitted or measured.
    public func build(tolerance: Double? = nil) throws -> [Built] {
        let allowed = tolerance ?? front.defaultTolerance
        let fingerprint = DatasetFingerprint(dataset)
        var fitted:
            [String: (ModelArtifact, DeploymentMeasurement, Double, PipelineSpecification)] = [:]
        var built: [Built] = []
        BLASThreads.set(1)
        func key(_ candidate: ProfileCandidate) -> String {
            (candidate.isEnsemble ? "e" : "m") + String(candidate.trialNumber)
        }
        for kind in ProfileKind.allCases {
            let shortlist = front.shortlist(kind, tolerance: allowed, count: Self.shortlistCount)
            for candidate in shortlist where fitted[key(candidate)] == nil {
                let specification = try self.specification(of: candidate)
                let clock = ContinuousClock()
                let start = clock.now
                let model = try specification.fit(on: dataset, seed: seed)
                let fitSeconds = (clock.now - start).seconds
                let measurement: DeploymentMeasurement
                do {
                    measurement = try DeploymentMeasurement.measure(model, on: dataset.features)
                } catch {
                    throw ProfileError.modelSearch(
                        .invalidConfiguration("measuring the \(kind.rawValue) model: \(error)"))
                }
                fitted[key(candidate)] = (model, measurement, fitSeconds, specification)
            }
            // The shortlist is decided by the deployed figures; ties by the score, then the
            // shortlist's order.
            let loss = { (c: ProfileCandidate) in front.direction.loss(c.score) }
            let measured = shortlist.enumerated().compactMap { index, candidate in
                fitted[key(candidate)].map { (index, candidate, $0.1.cost) }
            }
            let chosen: ProfileCandidate?
            switch kind {
            case .fastInference:
                chosen =
                    measured.min {
                        ($0.2.latencyP99Seconds, loss($0.1), $0.0)
                            < ($1.2.latencyP99Seconds, loss($1.1), $1.0)
                    }?.1
            case .memoryEfficient:
                chosen =
                    measured.min {
                        ($0.2.modelBytes, loss($0.1), $0.0) < ($1.2.modelBytes, loss($1.1), $1.0)
                    }?.1
            case .highPerformance, .balanced:
                chosen = shortlist.first
            }
            guard let candidate = chosen,
                let (model, measurement, fitSeconds, specification) = fitted[key(candidate)]
            else { continue }
            let metrics = ProfileMetrics(
                score: candidate.score, scoreStd: candidate.scoreStandardDeviation, metric: metric,
                latencyP50Seconds: measurement.cost.latencyP50Seconds,
                latencyP99Seconds: measurement.cost.latencyP99Seconds,
                throughputRowsPerSecond: measurement.cost.throughputRowsPerSecond,
                modelBytes: measurement.cost.modelBytes,
                peakMemoryBytes: measurement.peakMemoryBytes,
                fitSeconds: fitSeconds)
            let profile = ProductionProfile(
                profile: kind,
                rule: .init(
                    name: kind, description: kind.rule, tolerance: allowed,
                    toleranceSource: tolerance == nil ? "one_standard_error" : "given"),
                pipeline: specification, metrics: metrics, dataset: fingerprint, seed: seed,
                study: .init(
                    name: study, storage: storage,
                    candidate: candidate.isEnsemble ? "ensemble" : "model",
                    trial: candidate.trialNumber))
            built.append(Built(profile: profile, model: model, candidate: candidate))
        }
        return built
    }

    /// The pipeline of `candidate`, with every setting.
    /// - Throws: ``ProfileError`` for a configuration that cannot be decoded or a missing member.
    public func specification(of candidate: ProfileCandidate) throws(ProfileError)
        -> PipelineSpecification
    {
        switch candidate.source {
        case .model(let trial):
            return .single(try model(trial))
        case .ensemble(let trial, let record):
            var members: [ModelSpecification] = []
            for number in record.memberTrials {
                guard let member = modelTrials.first(where: { $0.number == number }) else {
                    throw .noCandidates(
                        study: study, reason: "ensemble member trial \(number) is not in the study")
                }
                members.append(try model(member))
            }
            return .ensemble(
                EnsembleSpecification(
                    strategy: record.settings.strategy.rawValue, summary: record.summary,
                    members: members,
                    weights: record.weights, combiner: record.combiner, trial: trial.number))
        }
    }

    private func model(_ trial: TrialRecord) throws(ProfileError) -> ModelSpecification {
        do {
            return ModelSpecification(
                try ModelConfiguration(trial.configuration, defaultFamily: defaultFamily),
                trial: trial.number)
        } catch { throw .modelSearch(error) }
    }

    /// Writes each profile to `directory/<profile>.json`, atomically; the folder is checked
    /// and every file encoded before the first is written.
    /// - Returns: the paths written.
    @discardableResult
    public static func write(
        _ profiles: [ProductionProfile], to directory: String, protecting inputs: [String] = []
    ) throws -> [String] {
        try OutputFolder.prepare(
            directory, files: profiles.map(\.profile.fileName), protecting: inputs)
        let encoded = try profiles.map { ($0.profile.fileName, try $0.jsonData()) }
        var written: [String] = []
        for (name, data) in encoded {
            let path = (directory as NSString).appendingPathComponent(name)
            try AtomicFile.write(data, to: path, protecting: inputs)
            written.append(path)
        }
        return written
    }
}
